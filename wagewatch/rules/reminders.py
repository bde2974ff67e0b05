"""What a daily digest says: the due items that need attention now, most urgent first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from wagewatch.rules.chinese_text import chinese_date
from wagewatch.rules.work_queue import RankedItem

#: A digest names at most this many items; the rest are counted ("另有 N 项").
MAX_LINES = 20


@dataclass(frozen=True)
class DigestLine:
    """One line of a digest: what is due, how long is left, and where to act."""

    text: str
    link: str
    level: str  # danger (overdue or due today) or warning (3 days or fewer)

    def as_dict(self) -> dict[str, str]:
        return {"text": self.text, "link": self.link, "level": self.level}


def queue_lines(items: Iterable[tuple[RankedItem, str]]) -> list[DigestLine]:
    """The queue items that are overdue, due today or due within 3 days (working days for the
    limits of S-25, S-423 and S-45; calendar days for S-310's), in the queue's order, each with
    the page where its next step is taken; items further off wait for a later digest."""
    lines = []
    for due, link in items:
        if due.level not in ("danger", "warning"):
            continue
        item = due.item
        lines.append(DigestLine(
            f"【{due.text}】{due.title}：{item.subject}（{item.detail}）— {due.step_label}",
            link, due.level))
    return lines


def subject(day: date, count: int) -> str:
    """The e-mail subject: 欠薪监察每日提醒（2026年12月5日）：3项待办."""
    return f"欠薪监察每日提醒（{chinese_date(day)}）：{count}项待办"


def email_body(name: str, day: date, lines: list[DigestLine], base_url: str) -> str:
    """The plain-text e-mail: a greeting, at most MAX_LINES lines with their addresses, and how
    many more are waiting in the app. No ID numbers or phone numbers ever appear in it."""
    shown = lines[:MAX_LINES]
    body = [f"{name}：", "", f"截至{chinese_date(day)}，以下事项已到期或即将到期：", ""]
    for number, line in enumerate(shown, start=1):
        body.append(f"{number}. {line.text}")
        body.append(f"   {base_url.rstrip('/')}{line.link}")
    if len(lines) > len(shown):
        body.append(f"另有 {len(lines) - len(shown)} 项，请登录系统查看。")
    body += ["", "本邮件由欠薪监察系统自动发送，请勿回复。"]
    return "\n".join(body)
