"""The S-724 duties of a construction project and the warnings raised when one is not met.

domain.md "Project duties to record": a missing wage account, wage deposit (or bank guarantee) or
real-name registration is an art. 55 violation, a missing rights notice board an art. 56 one.
The labour-cost payment cycle (art. 24, at most one month) and the labour officer (art. 28) are
duties recorded with the project; their absence is raised as a reminder of the duty, not as one
of the violations domain.md names.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from wagewatch.rules.sources import citation

#: Kinds of warning: a violation the office can order corrected, or a duty not (yet) shown as met.
VIOLATION = "violation"
DUTY = "duty"


@dataclass(frozen=True)
class ProjectFacts:
    """What the rules need to know about one project, as plain values.

    ``wage_guarantee_in_place`` is true for a deposit, a bank guarantee or a recorded exemption;
    ``payment_cycle_within_one_month`` is None when the cycle has not been recorded.
    """

    construction: bool
    wage_account_opened: bool
    wage_guarantee_in_place: bool
    real_name_registration: bool
    notice_board_checked_on: date | None
    labour_officer_named: bool
    payment_cycle_within_one_month: bool | None


@dataclass(frozen=True)
class DutyWarning:
    """One unmet duty: which rule, its legal source (domain.md key and Chinese citation), why."""

    rule: str
    source: str
    citation: str
    message: str
    kind: str = VIOLATION

    @property
    def is_violation(self) -> bool:
        return self.kind == VIOLATION


WAGE_ACCOUNT_MISSING = DutyWarning(
    rule="wage_account_missing", source="S-724 art. 55",
    citation=citation("S-724 art. 55 (1)"),
    message="未开设农民工工资专用账户：施工总承包单位应按规定开设并使用农民工工资专用账户。")
WAGE_GUARANTEE_MISSING = DutyWarning(
    rule="wage_guarantee_missing", source="S-724 art. 55",
    citation=citation("S-724 art. 55 (2)"),
    message="未存储工资保证金，也未提供金融机构保函（依规减免的请在项目中注明）。")
REAL_NAME_MISSING = DutyWarning(
    rule="real_name_registration_missing", source="S-724 art. 55",
    citation=citation("S-724 art. 55 (3)"),
    message="未实行劳动用工实名制管理：施工总承包单位、分包单位应与农民工订立劳动合同并进行用工实名登记。")
NOTICE_BOARD_UNCHECKED = DutyWarning(
    rule="notice_board_unchecked", source="S-724 art. 56",
    citation=citation("S-724 art. 56 (4)"),
    message="维权信息告示牌从未检查：施工总承包单位应在施工现场醒目位置设立维权信息告示牌。")
PAYMENT_CYCLE_TOO_LONG = DutyWarning(
    rule="payment_cycle_too_long", source="S-724 art. 24",
    citation=citation("S-724 art. 24"),
    message="人工费用拨付周期超过1个月：建设单位拨付人工费用的周期不得超过1个月。", kind=DUTY)
PAYMENT_CYCLE_UNKNOWN = DutyWarning(
    rule="payment_cycle_unknown", source="S-724 art. 24",
    citation=citation("S-724 art. 24"),
    message="未登记人工费用拨付周期：拨付周期不得超过1个月，请核实后登记。", kind=DUTY)
LABOUR_OFFICER_MISSING = DutyWarning(
    rule="labour_officer_missing", source="S-724 art. 28",
    citation=citation("S-724 art. 28"),
    message="未登记劳资专管员：施工总承包单位应在工程项目部配备劳资专管员。", kind=DUTY)


def project_duty_warnings(facts: ProjectFacts) -> list[DutyWarning]:
    """The unmet S-724 duties of a construction project, violations (arts. 55, 56) first.

    Projects outside construction carry none of these duties and get no warnings.
    """
    if not facts.construction:
        return []
    checks = (
        (not facts.wage_account_opened, WAGE_ACCOUNT_MISSING),
        (not facts.wage_guarantee_in_place, WAGE_GUARANTEE_MISSING),
        (not facts.real_name_registration, REAL_NAME_MISSING),
        (facts.notice_board_checked_on is None, NOTICE_BOARD_UNCHECKED),
        (facts.payment_cycle_within_one_month is False, PAYMENT_CYCLE_TOO_LONG),
        (facts.payment_cycle_within_one_month is None, PAYMENT_CYCLE_UNKNOWN),
        (not facts.labour_officer_named, LABOUR_OFFICER_MISSING),
    )
    return [warning for failed, warning in checks if failed]
