"""The demo shows everything: one account per role, flags evaluated, blacklist proceedings at each
stage, police referrals at each step (a handed-over one with its frozen pack, downloadable by the
demo police account) and supervised cases, made through the services."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from sqlalchemy import func, select

from tests import factories
from wagewatch.demo import DEFAULT_ANCHOR, seed
from wagewatch.demo.showcase import ACCOUNTS, demo_accounts, showcase
from wagewatch.demo.showcase_referrals import REFERRAL_STAGES
from wagewatch.extensions import db
from wagewatch.models import (
    AuditEvent, BlacklistProceeding, Case, CaseStatus, IssuedDocument, Listing, PoliceReferral,
    ProceedingStatus, ReferralStatus, Role, RuleDecision, SecondFactor, SupervisedListing, User,
)
from wagewatch.rules.listing import objection_window
from wagewatch.services.documents import attachments
from wagewatch.services.reference.calendar import current_calendar
from wagewatch.services.referrals import handover
from werkzeug.security import check_password_hash

CASES = 200


@pytest.fixture
def shown(app):
    office = factories.default_office()
    accounts = demo_accounts(office)
    seed(CASES, 1, office)
    clerk = db.session.scalar(select(User).where(User.username == "demo-clerk"))
    return accounts, showcase(office, DEFAULT_ANCHOR, clerk)


def test_one_account_per_role_with_a_one_time_password_shown_once(shown):
    accounts, _ = shown
    assert {role for _, role, _ in accounts} == set(Role)
    for username, role, password in accounts:
        user = db.session.scalar(select(User).where(User.username == username))
        assert user.role is role and user.must_change_password
        assert check_password_hash(user.password_hash, password)
    assert demo_accounts(factories.default_office()) == []  # never printed again
    assert {u for u, _ in ACCOUNTS.values()} <= set(db.session.scalars(select(User.username)))


def test_the_demo_clerk_handles_the_demo_cases(shown):
    clerk = db.session.scalar(select(User).where(User.username == "demo-clerk"))
    assert clerk.active and clerk.role is Role.CLERK
    from wagewatch.models import Case
    assert db.session.scalar(select(func.count()).select_from(Case).where(
        Case.handler_id == clerk.id)) == CASES


def test_flags_are_evaluated_and_proceedings_stand_at_each_stage(shown):
    _, summary = shown
    assert db.session.scalar(select(func.count()).select_from(RuleDecision).where(
        RuleDecision.flagged.is_(True))) > 0
    assert set(summary.proceedings) == {"candidate", "notice_issued", "notice_served",
                                        "window_closed", "listed"}
    assert not summary.skipped
    by_name = {p.contractor.name: p for p in db.session.scalars(select(BlacklistProceeding))}
    assert by_name[summary.proceedings["candidate"]].status is ProceedingStatus.CANDIDATE
    issued = by_name[summary.proceedings["notice_issued"]]
    assert issued.status is ProceedingStatus.CANDIDATE and issued.notice.served_on is None
    calendar = current_calendar()
    running = by_name[summary.proceedings["notice_served"]]
    closed = by_name[summary.proceedings["window_closed"]]
    assert running.status is closed.status is ProceedingStatus.NOTICE_SERVED
    assert objection_window(running.notice.served_on, calendar).due_on >= DEFAULT_ANCHOR
    assert objection_window(closed.notice.served_on, calendar).due_on < DEFAULT_ANCHOR
    listed = by_name[summary.proceedings["listed"]]
    assert listed.status is ProceedingStatus.LISTED
    listing = db.session.scalar(select(Listing).where(Listing.proceeding_id == listed.id))
    assert listing.starts_on <= DEFAULT_ANCHOR < listing.ends_on and listing.persons
    kinds = set(db.session.scalars(select(IssuedDocument.kind)))
    assert {"blacklist_notice", "listing_decision", "supervision_notice"} <= kinds


def test_two_cases_are_supervised_and_every_step_is_audited(shown):
    _, summary = shown
    assert len(summary.supervised) == 2
    assert db.session.scalar(select(func.count()).select_from(SupervisedListing)) == 2
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"supervision.create", "user.create"} <= actions
    assert any(a.startswith("blacklist.") for a in actions)


def test_the_commands_print_passwords_once_and_the_stages_in_chinese(app, runner):
    first = runner.invoke(args=["demo", "accounts"])
    assert first.exit_code == 0 and "demo-police" in first.output and "一次性密码" in first.output
    again = runner.invoke(args=["demo", "accounts"])
    assert "未重新生成密码" in again.output and "demo-police" not in again.output
    runner.invoke(args=["demo", "seed", "--cases", "120", "--anchor", "2026-11-27"])
    shown = runner.invoke(args=["demo", "showcase", "--anchor", "2026-11-27"])
    assert shown.exit_code == 0, shown.output
    assert "已列入名单" in shown.output and "挂牌督办案件：经开劳监" in shown.output
    assert REFERRAL_STAGES["handed_over"] + "：经开劳监" in shown.output
    future = runner.invoke(args=["demo", "showcase", "--anchor", date(2099, 1, 1).isoformat()])
    assert future.exit_code != 0 and "不能晚于今天" in future.output


def _referral(number: str) -> PoliceReferral:
    return db.session.scalars(select(PoliceReferral).join(Case).where(Case.number == number)
                              .order_by(PoliceReferral.id.desc()).limit(1)).one()


def test_referrals_stand_at_every_step_with_real_files_behind_the_checklist(shown):
    _, summary = shown
    assert set(summary.referrals) == set(REFERRAL_STAGES) and not summary.skipped
    expected = {"reported": ReferralStatus.REPORTED, "approved": ReferralStatus.APPROVED,
                "handed_over": ReferralStatus.HANDED_OVER, "received": ReferralStatus.RECEIVED,
                "filed": ReferralStatus.FILED}
    for stage, status in expected.items():
        referral = _referral(summary.referrals[stage])
        assert referral.status is status, stage
        progress = handover.progress(referral)
        if progress.current is not None and progress.current.due_at is not None:
            # the next step's clock (S-310: 3 days, 24 hours) runs out around the demo's today
            assert progress.current.due_at.date() >= DEFAULT_ANCHOR - date.resolution * 2, stage
    approved = _referral(summary.referrals["approved"])
    assert handover.missing_files(approved) == []          # ready to hand over
    files = [a for found in attachments.attachments_of_referral(approved).values() for a in found]
    assert {a.original_name for a in files} >= {"工资发放表（拍照）.png", "询问笔录（扫描件）.pdf"}
    assert all(attachments.stored_path(a).stat().st_size == a.size_bytes for a in files)
    assert {a.content_type.value for a in files} >= {"png", "pdf", "docx"}
    reported = _referral(summary.referrals["reported"])
    assert reported.case.status is CaseStatus.PAYMENT_ORDERED and reported.pack is None
    for stage in ("handed_over", "received", "filed"):
        referral = _referral(summary.referrals[stage])
        assert referral.case.status is CaseStatus.REFERRED and referral.pack is not None
    received = _referral(summary.referrals["received"])
    assert received.received_pack_sha256 == received.pack.sha256
    assert received.police_receiver == ACCOUNTS[Role.POLICE][1]


def test_the_demo_police_account_downloads_the_frozen_pack(shown, app, client):
    accounts, summary = shown
    police_password = next(p for u, role, p in accounts if role is Role.POLICE)
    police = db.session.scalar(select(User).where(User.username == "demo-police"))
    police.must_change_password = False            # as after the first sign-in and enrolment
    db.session.add(SecondFactor(user_id=police.id, secret="JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                                enrolled_at=police.created_at))
    db.session.commit()
    assert factories.login(app, client, "demo-police", police_password).status_code == 302
    referral = _referral(summary.referrals["handed_over"])
    inbox = client.get("/police/referrals").get_data(as_text=True)
    assert referral.case.number in inbox
    response = client.get(f"/police/referrals/{referral.id}/pack.zip")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    manifest = json.loads(archive.read("manifest.json"))
    names = archive.namelist()
    assert len(manifest["items"]) == referral.pack.item_count == len(names) - 1
    assert any(name.endswith(".docx") and "移送书" in name for name in names)
    assert any("询问笔录" in name for name in names) and any("送达现场照片" in name for name in names)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "referral_pack.download", AuditEvent.actor_id == police.id)) == 1
