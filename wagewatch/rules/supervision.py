"""Supervised listing (挂牌督办): no statutory form, so the deadline set by the supervising
authority is the only limit (domain.md, "Police referral")."""

from __future__ import annotations

from datetime import date


def supervision_overdue(deadline_on: date, closed_on: date | None, today: date) -> bool:
    """An open listing is overdue from the day after its deadline (calendar days)."""
    return closed_on is None and today > deadline_on


def supervision_status_text(deadline_on: date, closed_on: date | None, today: date) -> str:
    """A one-line state in Chinese: closed on a day, overdue by n days, or n days left."""
    if closed_on is not None:
        late = (closed_on - deadline_on).days
        return f"已于{closed_on.isoformat()}结束督办" + (f"，超过期限{late}天" if late > 0 else "")
    left = (deadline_on - today).days
    if left < 0:
        return f"已逾期{-left}天（期限{deadline_on.isoformat()}）"
    if left == 0:
        return f"今天到期（{deadline_on.isoformat()}）"
    return f"距期限还有{left}天（{deadline_on.isoformat()}）"
