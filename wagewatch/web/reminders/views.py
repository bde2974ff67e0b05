"""The reminder list: each day's digest of what is due, opened from the badge in the bar."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from wagewatch.models import Role
from wagewatch.services import reminders
from wagewatch.web.permissions import guard

bp = guard(Blueprint("reminders", __name__, url_prefix="/reminders"), set(reminders.DIGEST_ROLES))


@bp.route("/")
def list_reminders():
    digests = reminders.digests_of(current_user)
    unread = {d.id for d in digests if d.read_at is None}
    reminders.mark_read(current_user)
    return render_template("reminders/reminder_list.html", digests=digests, unread=unread,
                           police=current_user.role is Role.POLICE)
