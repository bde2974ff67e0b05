"""A user's visits of a page that shows what is new since the previous visit (the police home)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError

from wagewatch.extensions import db
from wagewatch.models import PageVisit, User

#: Page views closer together than this are one visit: a reload does not empty "what is new".
VISIT_GAP = timedelta(minutes=30)
#: On the first visit, "new" means the last 7 days.
FIRST_VISIT_WINDOW = timedelta(days=7)


def record_visit(user: User, page: str, now: datetime) -> datetime | None:
    """Record that ``user`` opened ``page`` at ``now`` and return the end of the previous visit
    (page views less than 30 minutes apart being one visit), or None on the first visit. A
    bookkeeping write, not audited (like a login session's last-seen time); committed here."""
    visit = db.session.get(PageVisit, (user.id, page))
    if visit is None:
        visit = PageVisit(user_id=user.id, page=page, visited_at=now, previous_visited_at=None)
        db.session.add(visit)
    elif now - visit.visited_at > VISIT_GAP:
        visit.previous_visited_at, visit.visited_at = visit.visited_at, now
    else:
        visit.visited_at = max(visit.visited_at, now)
    previous = visit.previous_visited_at
    try:
        db.session.commit()
    except IntegrityError:  # the same user's other tab recorded the first visit a moment earlier
        db.session.rollback()
    return previous
