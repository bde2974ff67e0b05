"""Daily reminders: each clerk's digest of their overdue and nearly due work, made once a day,
shown in the app with a badge, and e-mailed through SMTP (a local server started by the test)."""

import email
import socket
from datetime import date, datetime

import pytest
from aiosmtpd.controller import Controller

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, ReminderDigest, Role
from wagewatch.rules.clock import CHINA_TZ

from tests.factories import login, make_user, text_of
from tests.web.cases.factories import register
from tests.web.referrals.factories import flagged_case, make_referral

DAY = date(2026, 11, 27)


class Inbox:
    """An SMTP handler keeping every message it receives."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    with socket.socket() as probe:  # a free port (the controller checks it by connecting)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    yield inbox
    controller.stop()
    app.config["MAIL_SERVER"] = None


@pytest.fixture(autouse=True)
def _at_the_day(app):
    app.config["CLOCK"] = lambda: datetime(2026, 11, 27, 7, 0, tzinfo=CHINA_TZ)
    yield
    app.config.pop("CLOCK", None)


def _clerk(**fields):
    return make_user(role=Role.CLERK, username="clerk-remind", display_name="李监察", **fields)


def _send(runner, *args):
    return runner.invoke(args=["reminders", "send", "--date", DAY.isoformat(), *args])


def test_a_clerk_gets_one_digest_a_day_naming_the_overdue_acceptance(app, runner):
    clerk = _clerk()
    late = register(clerk=clerk, received_on=date(2026, 11, 16))   # 5 working days passed
    register(clerk=clerk, received_on=date(2026, 11, 27))          # 5 working days left: later
    result = _send(runner)
    assert result.exit_code == 0, result.output
    assert "生成提醒 1 份，发送邮件 0 封" in result.output
    digest = db.session.scalar(db.select(ReminderDigest))
    assert digest.user_id == clerk.id and digest.day == DAY
    assert len(digest.lines) == 1
    assert late.number in digest.lines[0]["text"] and "已逾期" in digest.lines[0]["text"]
    assert digest.lines[0]["link"] == f"/cases/{late.id}/accept"
    assert "生成提醒 0 份" in _send(runner).output  # once a day
    assert db.session.scalar(db.select(db.func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "reminders.send")) == 2


def test_the_digest_is_emailed_where_smtp_is_set_and_the_user_has_an_address(app, runner, smtp):
    clerk = _clerk(email="li@example.gov.cn")
    late = register(clerk=clerk, received_on=date(2026, 11, 16))
    result = _send(runner)
    assert "发送邮件 1 封" in result.output
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message.rcpt_tos == ["li@example.gov.cn"]
    body = message.content.decode()
    assert "Subject: =?utf-8?" in body  # a Chinese subject, encoded
    parsed = email.message_from_bytes(message.content)
    text = parsed.get_payload(decode=True).decode("utf-8")
    assert late.number in text and f"http://127.0.0.1:5000/cases/{late.id}/accept" in text
    assert late.workers[0].worker.id_number not in text  # never an ID number in an e-mail
    assert db.session.scalar(db.select(ReminderDigest)).emailed_at is not None


def test_the_police_digest_lists_referrals_waiting_for_them(app, runner):
    case = flagged_case()
    make_referral(case=case, up_to="handed_over")
    police = make_user(role=Role.POLICE, username="police-remind")
    _send(runner)
    digest = db.session.scalar(db.select(ReminderDigest).where(ReminderDigest.user_id == police.id))
    assert digest is not None and case.number in digest.lines[0]["text"]


def test_the_badge_shows_unread_digests_and_the_list_reads_them(app, client, runner):
    clerk = _clerk()
    register(clerk=clerk, received_on=date(2026, 11, 16))
    _send(runner)
    login(app, client, clerk.username)
    home = client.get("/").get_data(as_text=True)
    assert 'id="unread-reminders">1<' in home
    page = text_of(client.get("/reminders/"))
    assert "2026年11月27日" in page and "受理" in page
    assert 'id="unread-reminders"' not in client.get("/").get_data(as_text=True)
