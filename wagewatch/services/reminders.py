"""Daily digests of due work: made once per user and day, shown in the app, e-mailed when SMTP is
configured; `flask reminders send` runs it for a scheduler."""

from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass, field
from datetime import date
from typing import cast

from flask import url_for
from sqlalchemy import Table, func, select
from sqlalchemy.exc import IntegrityError

from wagewatch import mail
from wagewatch.extensions import db
from wagewatch.models import ReminderDigest, Role, User, utcnow
from wagewatch.rules.reminders import DigestLine, email_body, queue_lines, subject
from wagewatch.services import audit, work_queue
from wagewatch.services.reference.calendar import current_calendar
from wagewatch.services.referrals import police_inbox

log = logging.getLogger(__name__)
#: Roles whose work has legal deadlines a digest can list.
DIGEST_ROLES = (Role.CLERK, Role.POLICE)


@dataclass
class SendReport:
    """What one run did: digests made, e-mails sent, and failures (user names, no addresses)."""

    made: int = 0
    emailed: int = 0
    failed: list[str] = field(default_factory=list)


def _clerk_lines(user: User, day: date) -> list[DigestLine]:
    from wagewatch.web.main.homes import step_url  # the queue's step pages, as on the clerk's home

    queue = work_queue.clerk_queue(user.office_id, user.id, day, current_calendar(),
                                   mine_only=True)
    return queue_lines((due, step_url(due)) for due in queue.items)


def _police_lines(user: User) -> list[DigestLine]:
    lines = []
    for row in police_inbox.inbox(user.office_id, utcnow()):
        referral = row.referral
        level = "danger" if row.step.state == "overdue" else "warning"
        lines.append(DigestLine(f"【{row.clock_text}】{row.title}：{referral.case.number}"
                                f"（{referral.case.employer.name}）— {row.action}",
                                url_for("police.show_referral", referral_id=referral.id), level))
    return lines


def digest_lines(user: User, day: date) -> list[DigestLine]:
    """What is due for ``user`` on ``day``: a clerk's own cases, proceedings and referrals that
    are overdue or due within 3 days (S-25, S-423, S-45, S-310 limits); for the police, the
    referrals handed to them awaiting receipt or decision (S-310). Other roles have none."""
    if user.role is Role.CLERK:
        return _clerk_lines(user, day)
    if user.role is Role.POLICE:
        return _police_lines(user)
    return []


def send_digests(day: date, base_url: str) -> SendReport:
    """Make each active clerk's and officer's digest for ``day`` (once: a second run the same day
    makes and sends nothing new), and e-mail it where SMTP is configured and the user has an
    address. Audited once per run with the counts; committed per digest."""
    report = SendReport()
    users = db.session.scalars(select(User).where(User.active, User.role.in_(DIGEST_ROLES))
                               .order_by(User.id)).all()
    for user in users:
        if db.session.scalar(select(ReminderDigest.id).where(
                ReminderDigest.user_id == user.id, ReminderDigest.day == day)) is not None:
            continue
        lines = digest_lines(user, day)
        if not lines:
            continue
        digest = ReminderDigest(user_id=user.id, day=day, lines=[line.as_dict() for line in lines])
        db.session.add(digest)
        try:
            db.session.commit()
        except IntegrityError:  # another run made it a moment earlier
            db.session.rollback()
            continue
        report.made += 1
        if mail.configured() and user.email:
            try:
                mail.send(user.email, subject(day, len(lines)),
                          email_body(user.display_name, day, lines, base_url))
            except (smtplib.SMTPException, OSError) as error:
                log.warning("reminder e-mail to user %s failed: %s", user.id, type(error).__name__)
                report.failed.append(user.username)
            else:
                digest.emailed_at = utcnow()
                db.session.commit()
                report.emailed += 1
    audit.record("reminders.send", detail=f"{day.isoformat()}：生成提醒 {report.made} 份，发送邮件 {report.emailed} 封"
                        + (f"，{len(report.failed)} 封失败" if report.failed else ""))
    db.session.commit()
    return report


def digests_of(user: User, limit: int = 30) -> list[ReminderDigest]:
    """The user's latest digests, newest first."""
    return list(db.session.scalars(select(ReminderDigest).where(ReminderDigest.user_id == user.id)
                                   .order_by(ReminderDigest.day.desc()).limit(limit)))


def unread_count(user: User) -> int:
    """How many of the user's digests are unread (the badge beside the user's name)."""
    if user.unread_digests is not None:  # read with the session (sessions.resume)
        return user.unread_digests
    return db.session.scalar(select(func.count()).select_from(ReminderDigest).where(
        ReminderDigest.user_id == user.id, ReminderDigest.read_at.is_(None))) or 0


def mark_read(user: User) -> None:
    """Mark the user's digests read (opening the list reads them); a bookkeeping write."""
    db.session.execute(cast(Table, ReminderDigest.__table__).update().where(
        ReminderDigest.user_id == user.id, ReminderDigest.read_at.is_(None)).values(read_at=utcnow()))
    db.session.commit()
    user.unread_digests = 0
