"""Home page: the deadline dashboard for clerks and leaders, and the user's own account facts."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from wagewatch.models import Role, utcnow
from wagewatch.services import audit_queries
from wagewatch.services.blacklist import listing_queries
from wagewatch.services.cases import supervision
from wagewatch.services.cases.queries import dashboard
from wagewatch.services.reference.calendar import current_calendar, today
from wagewatch.services.referrals.queries import overdue_count
from wagewatch.web.main import homes, leader_home
from wagewatch.web.permissions import ALL_ROLES, guard

bp = guard(Blueprint("main", __name__), ALL_ROLES)


@bp.route("/")
def index():
    recent_failures = audit_queries.recent_sign_in_failures(current_user.id)
    board = watch = None
    home = {}
    if current_user.role is Role.CLERK:  # the queue of due work, by legal deadline
        home = homes.clerk_home(current_user, mine_only=request.args.get("mine") == "1")
    elif current_user.role is Role.POLICE:
        home = homes.police_home(current_user)
    # A clerk's dashboard counts the cases the clerk handles; a leader's, the office's.
    own_cases = current_user.role is Role.CLERK
    if current_user.role in {Role.CLERK, Role.LEADER}:
        # The overdue and due-soon lists are shown where there is no queue (the leader's home).
        board = dashboard(current_user.office_id, today(), current_calendar(),
                          handler_id=current_user.id if own_cases else None,
                          lists="queue" not in home)
        # The office's supervised cases and overdue referral steps (S-310), for both roles.
        watch = {**supervision.counts(current_user.office_id, today()),
                 "referrals_overdue": overdue_count(current_user.office_id, utcnow()),
                 "blacklist": listing_queries.due_counts(current_user.office_id, today(),
                                                         current_calendar())}
    leader = leader_home.home_context() if current_user.role is Role.LEADER else None
    return render_template("main/index.html", recent_failures=recent_failures, board=board,
                           watch=watch, leader=leader, own_cases=own_cases, **home)
