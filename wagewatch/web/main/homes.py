"""What the clerk's and the police officer's homes show: the queue of due work with each next
step's form, and the police inbox with its clocks and the contractors flagged since the last visit."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from flask import url_for

from wagewatch.models import User, utcnow
from wagewatch.rules.work_queue import KINDS, RankedItem
from wagewatch.services import visits, work_queue
from wagewatch.services.reference.calendar import current_calendar, today
from wagewatch.services.referrals import police_inbox

#: The form of each queue step (GET pages; the referral steps are forms on the referral page).
STEP_ENDPOINTS = {
    "accept": "case_steps.accept", "extend": "case_steps.extend",
    "extra_compensation": "case_steps.order_extra_compensation",
    "serve_notice": "blacklist_steps.serve_notice",
    "answer_objection": "blacklist_steps.answer_objection",
    "decide_listing": "blacklist_steps.decide_listing",
    "decide_early_removal": "blacklist_steps.decide_early_removal",
    "start_proceeding": "blacklist.start_proceeding",
}
#: Where the item itself is shown.
SUBJECT_ENDPOINTS = {"case_id": "cases.show_case", "proceeding_id": "blacklist.show_proceeding",
                     "referral_id": "referrals.show_referral",
                     "contractor_id": "blacklist.contractor_history"}


@dataclass(frozen=True)
class QueueRow:
    """A ranked item with its next step's address; ``token`` is set for a POST step."""

    due: RankedItem
    step_url: str
    subject_url: str
    token: str | None = None


def _row(due: RankedItem) -> QueueRow:
    item = due.item
    ids: dict[str, Any] = dict(item.ids)  # URL values
    if item.step == "resolve":
        step_url = url_for("case_steps.close", case_id=ids["case_id"], step="resolve")
    elif item.step == "record_notice_service":   # the notice's 送达回证 form, from its page
        step_url = url_for("blacklist.show_proceeding", proceeding_id=ids["proceeding_id"],
                           _anchor="notice")
    elif item.step.startswith("referral_"):
        step_url = url_for("referrals.show_referral", referral_id=ids["referral_id"],
                           _anchor="steps")
    else:
        step_url = url_for(STEP_ENDPOINTS[item.step], **ids)
    key = next(k for k in ("case_id", "proceeding_id", "referral_id", "contractor_id") if k in ids)
    token = secrets.token_urlsafe(24) if item.step == "start_proceeding" else None
    return QueueRow(due, step_url, url_for(SUBJECT_ENDPOINTS[key], **{key: ids[key]}), token)


def step_url(due: RankedItem) -> str:
    """The address of a queue item's next step (the daily digest links there too)."""
    return _row(due).step_url


def clerk_home(user: User, mine_only: bool) -> dict:
    """The clerk's queue of due work, by legal deadline."""
    queue = work_queue.clerk_queue(user.office_id, user.id, today(), current_calendar(),
                                   mine_only=mine_only)
    return {"queue": queue, "queue_rows": [_row(due) for due in queue.items], "queue_kinds": KINDS,
            "mine_only": mine_only}


def police_home(user: User) -> dict:
    """The officer's inbox of referrals and the contractors flagged since the last visit, which
    this visit then records."""
    now = utcnow()
    previous = visits.record_visit(user, "police_home", now)
    since = previous or now - visits.FIRST_VISIT_WINDOW
    return {"inbox": police_inbox.inbox(user.office_id, now),
            "new_flags": police_inbox.flagged_since(user.office_id, since),
            "flags_since": since, "first_visit": previous is None}
