"""Case statuses, their transitions and the steps of a case are defined once, in rules.case_flow and
rules.case_actions: no template, module or report spells a status's label by hand."""

import pathlib
import re

import pytest

from wagewatch.models import CaseStatus
from wagewatch.rules.case_actions import CASE_STEPS, CaseStepFacts, allowed_actions
from wagewatch.rules.case_flow import (
    ACTION_LABELS, INVESTIGATION_STATUSES, OPEN_STATUSES, STATUSES, TRANSITIONS, next_status,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "wagewatch"
TABLE = PACKAGE / "rules" / "case_flow.py"

#: Labels that are plain words elsewhere too (不予受理 is also the step and a notice's name):
#: spelled by hand only where they stand for the status, in quotes or after 状态为/状态改为.
COMMON_WORDS = {"不予受理", "已办结", "已移送"}


def _status_pattern() -> re.Pattern[str]:
    anywhere = [info.label for info in STATUSES.values() if info.label not in COMMON_WORDS]
    as_status = [re.escape(label) for label in COMMON_WORDS]
    quoted = "|".join(as_status)
    return re.compile("|".join([*map(re.escape, anywhere),
                                rf"“(?:{quoted})”", rf"状态(?:为|改为)“?(?:{quoted})"]))


SPELLED = _status_pattern()


def _files():
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in {".py", ".html", ".txt", ".xml"} and path != TABLE:
            yield path


@pytest.mark.parametrize("path", list(_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_file_spells_a_case_status_by_hand(path):
    assert SPELLED.findall(path.read_text(encoding="utf-8")) == [], (
        "take the label from wagewatch.rules.case_flow (status_label, CaseStatus.label)")


def test_the_scan_finds_a_status_spelled_by_hand():
    assert SPELLED.findall("状态为“已立案调查”时须填写受理日期。")
    assert SPELLED.findall("只有“不予受理”的案件填写不予受理原因。")
    assert SPELLED.findall("已移送公安机关，案件状态改为已移送。")
    assert SPELLED.findall('<span class="badge">已责令限期支付</span>')
    assert not SPELLED.findall("不予受理的理由；决定不予受理；已移送公安机关")


def test_every_status_of_the_model_has_its_one_label_in_the_table():
    assert [status.value for status in CaseStatus] == list(STATUSES)
    assert all(CaseStatus(key).label == info.label for key, info in STATUSES.items())
    assert {s.value for s in CaseStatus if s.is_open} == OPEN_STATUSES
    assert INVESTIGATION_STATUSES < OPEN_STATUSES


def test_transitions_lead_from_open_statuses_to_known_ones_with_labelled_actions():
    for status, moves in TRANSITIONS.items():
        assert status in OPEN_STATUSES
        for action, target in moves.items():
            assert target in STATUSES and action in ACTION_LABELS
            assert next_status(status, action) == target


@pytest.mark.parametrize("status", list(STATUSES))
def test_the_case_page_offers_a_status_change_only_where_the_transitions_allow_it(status):
    facts = CaseStepFacts(status, has_order=True, unserved_order=True, lapsed_unpaid=True)
    changes = {step for step in allowed_actions(facts)
               if any(step in moves for moves in TRANSITIONS.values())}
    assert changes == set(TRANSITIONS.get(status, {}))


def test_every_step_is_open_only_to_open_statuses_and_has_its_label():
    for key, step in CASE_STEPS.items():
        assert step.statuses and step.statuses <= OPEN_STATUSES, key
        assert step.label and not step.label.isascii(), key
