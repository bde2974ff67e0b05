"""A referral's steps are defined once (rules.referral_steps.REFERRAL_ACTIONS): the pages' forms,
the services' status checks, the police's share and the words all come from that table, and no
template or module spells a step's title by hand."""

import pathlib
import re

import pytest

from wagewatch.models import ReferralStatus
from wagewatch.rules.referral_steps import (
    POLICE_ACTIONS, REFERRAL_ACTIONS, STATE_LABELS, STEPS, actions_for, doing_of,
)
from wagewatch.services import ServiceError
from wagewatch.services.referrals import referral_outcomes
from wagewatch.web.referrals.steps import STEP_FORMS

from tests.web.referrals.factories import make_referral

ROOT = pathlib.Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "wagewatch"
TABLE = PACKAGE / "rules" / "referral_steps.py"
REFERRAL_TEMPLATES = [PACKAGE / "templates" / "referrals", PACKAGE / "templates" / "police"]


def _pattern() -> re.Pattern[str]:
    # A form's title with its limit is distinctive anywhere; a progress step's title in quotes.
    titled = [a.title for a in REFERRAL_ACTIONS.values() if "（" in a.title]
    quoted = [f"“{info.title}”" for info in STEPS.values()]
    return re.compile("|".join(map(re.escape, titled + quoted)))


SPELLED = _pattern()
#: A table of words keyed by a step's name ("police_receipt": "记录接收"), kept beside the one in
#: rules (the audit's field labels in rules.audit_labels are a vocabulary of their own).
_STEP_KEYS = "|".join(key for key in {*STEPS, *REFERRAL_ACTIONS} if "_" in key)
STEP_WORDS = re.compile(rf"""["'](?:{_STEP_KEYS})["']\s*:\s*f?["'][^"'\x00-\x7f]""")
#: A step's state spelled in a referral template instead of StepState.state_label.
STATES = re.compile("|".join(f"'{label}'|>{label}<" for label in STATE_LABELS.values()))


def _files():
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in {".py", ".html", ".txt", ".xml"} and path != TABLE:
            yield path


@pytest.mark.parametrize("path", list(_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_file_spells_a_referral_step_title_by_hand(path):
    text = path.read_text(encoding="utf-8")
    assert SPELLED.findall(text) == [], "take the title from rules.referral_steps"
    if PACKAGE / "rules" not in path.parents:
        assert STEP_WORDS.findall(text) == [], "keep a step's words in rules.referral_steps"
    if any(folder in path.parents for folder in REFERRAL_TEMPLATES):
        assert STATES.findall(text) == [], "show StepState.state_label"


def test_the_scan_finds_a_step_title_spelled_by_hand():
    assert SPELLED.findall("<h3>负责人审批（3日内）</h3>")
    assert SPELLED.findall("请先完成“公安机关接收”")
    assert STATES.findall("{{ '已逾期' if s.state == 'overdue' else '逾期完成' }}")
    assert not STATES.findall('<span title="有步骤逾期完成">曾逾期</span>')
    assert not SPELLED.findall("{{ titles[name] }}")
    assert STEP_WORDS.findall('ACTIONS = {"police_receipt": "记录接收"}')
    assert not STEP_WORDS.findall('STEP_DAYS = {"police_decision": POLICE_DECISION_DAYS}')


def test_every_step_has_its_form_and_use_case_in_the_table_order():
    assert list(STEP_FORMS) == list(REFERRAL_ACTIONS)


def test_the_table_names_only_referral_statuses_and_a_finished_referral_offers_nothing():
    statuses = {s.value for s in ReferralStatus}
    for key, action in REFERRAL_ACTIONS.items():
        assert action.statuses and action.statuses <= statuses, key
        assert action.title and action.doing and action.done.endswith("。"), key
    assert actions_for("closed") == () and actions_for("not_approved") == ()
    assert actions_for("declined") == ("reconsideration_request", "supervision_request", "close",
                                       "note")


def test_the_police_record_receipt_decisions_reconsideration_answers_and_notes():
    assert {"receipt", "decision", "reconsideration_answer", "note"} == POLICE_ACTIONS


def test_every_progress_step_after_the_report_is_recorded_by_a_form_of_the_table():
    assert STEPS["report"].action is None
    for key, info in STEPS.items():
        if key != "report":
            assert info.action in REFERRAL_ACTIONS, key
    police_steps = {key for key, info in STEPS.items() if info.party == "公安机关"}
    assert {STEPS[key].action for key in police_steps} <= POLICE_ACTIONS
    assert doing_of("police_receipt") == "记录公安机关接收" == REFERRAL_ACTIONS["receipt"].doing


def test_the_state_labels_cover_every_state_of_a_step():
    assert set(STATE_LABELS) == {"done", "late", "pending", "overdue", "waiting", "skipped"}


def test_a_service_refuses_a_step_the_table_does_not_offer_in_the_status(app):
    referral = make_referral(up_to="reported")
    assert "receipt" not in actions_for(str(referral.status))
    with pytest.raises(ServiceError, match="移送当前状态为“已报告待审批”，不能记录公安机关接收。"):
        referral_outcomes.record_receipt(referral, referral.case.handler,
                                         received_at=referral.reported_at, receiver="李警官",
                                         expected_version=referral.version)
