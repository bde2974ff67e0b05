"""The kinds of instrument: one vocabulary of titles, number codes, service duty, spec and builder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wagewatch.instruments import context, context_blacklist, samples, specs
from wagewatch.instruments.layout import Spec

TEMPLATE_FOLDER = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class InstrumentKind:
    """One kind of instrument.

    ``number_code`` goes into the office's number format (限支 → 经开劳监限支〔2026〕088号); None
    means the document carries the case number only (internal forms, 送达回证). ``served``: the
    instrument must be served, and its clock (if any) starts on the service date.
    ``version`` is the default template's version, raised whenever its spec changes.
    """

    code: str
    title: str
    number_code: str | None
    served: bool
    spec: Spec
    build: Callable[..., dict[str, Any]]
    sample: dict[str, Any]
    version: int = 1

    @property
    def default_template_path(self) -> Path:
        return TEMPLATE_FOLDER / f"{self.code}.docx"

    @property
    def default_template_version(self) -> str:
        return f"内置第{self.version}版"

    def default_template(self) -> bytes:
        return self.default_template_path.read_bytes()


KINDS: dict[str, InstrumentKind] = {kind.code: kind for kind in (
    InstrumentKind("acceptance_notice", "劳动保障监察投诉受理通知书", "受", True,
                   specs.ACCEPTANCE_NOTICE, context.acceptance_notice, samples.ACCEPTANCE_NOTICE),
    InstrumentKind("non_acceptance_notice", "劳动保障监察投诉不予受理通知书", "不受", True,
                   specs.NON_ACCEPTANCE_NOTICE, context.non_acceptance_notice,
                   samples.NON_ACCEPTANCE_NOTICE),
    InstrumentKind("filing_approval", "劳动保障监察立案审批表", None, False,
                   specs.FILING_APPROVAL, context.filing_approval, samples.FILING_APPROVAL),
    InstrumentKind("inquiry_notice", "劳动保障监察询问通知书", "询", True,
                   specs.INQUIRY_NOTICE, context.inquiry_notice, samples.INQUIRY_NOTICE),
    InstrumentKind("payment_order", "责令限期支付（改正）指令书", "限支", True,
                   specs.PAYMENT_ORDER, context.payment_order, samples.PAYMENT_ORDER),
    InstrumentKind("handling_decision", "劳动保障监察行政处理决定书", "处", True,
                   specs.HANDLING_DECISION, context.handling_decision, samples.HANDLING_DECISION),
    InstrumentKind("closing_approval", "劳动保障监察结案审批表", None, False,
                   specs.CLOSING_APPROVAL, context.closing_approval, samples.CLOSING_APPROVAL),
    InstrumentKind("service_receipt", "送达回证", None, False,
                   specs.SERVICE_RECEIPT, context.service_receipt, samples.SERVICE_RECEIPT),
    InstrumentKind("blacklist_notice", "拟列入拖欠农民工工资失信联合惩戒对象名单告知书", "列告", True,
                   specs.BLACKLIST_NOTICE, context_blacklist.blacklist_notice,
                   samples.BLACKLIST_NOTICE),
    InstrumentKind("listing_decision", "列入拖欠农民工工资失信联合惩戒对象名单决定书", "列决", True,
                   specs.LISTING_DECISION, context_blacklist.listing_decision,
                   samples.LISTING_DECISION),
    InstrumentKind("supervision_notice", "挂牌督办通知书", "督", True,
                   specs.SUPERVISION_NOTICE, context_blacklist.supervision_notice,
                   samples.SUPERVISION_NOTICE),
    InstrumentKind("early_removal_decision", "提前移出拖欠农民工工资失信联合惩戒对象名单决定书", "移决",
                   True, specs.EARLY_REMOVAL_DECISION, context_blacklist.early_removal,
                   samples.EARLY_REMOVAL),
    InstrumentKind("early_removal_refusal", "不予提前移出拖欠农民工工资失信联合惩戒对象名单决定书",
                   "不移", True, specs.EARLY_REMOVAL_REFUSAL, context_blacklist.early_removal,
                   samples.EARLY_REMOVAL),
    InstrumentKind("removal_decision", "移出拖欠农民工工资失信联合惩戒对象名单决定书", "列移", True,
                   specs.REMOVAL_DECISION, context_blacklist.removal_decision,
                   samples.REMOVAL_DECISION),
    InstrumentKind("referral_letter", "涉嫌犯罪案件移送书", "移", False,
                   specs.REFERRAL_LETTER, context.referral_letter, samples.REFERRAL_LETTER),
    InstrumentKind("investigation_report", "涉嫌犯罪案件调查报告", None, False,
                   specs.INVESTIGATION_REPORT, context.investigation_report,
                   samples.INVESTIGATION_REPORT),
    InstrumentKind("materials_list", "移送材料清单", None, False,
                   specs.MATERIALS_LIST, context.materials_list, samples.MATERIALS_LIST),
)}


def kind_of(code: str) -> InstrumentKind:
    """The kind named ``code``; KeyError for an unknown one."""
    return KINDS[code]


def label(code: str) -> str:
    """The title of a kind, for pages and audit details (the code itself if unknown)."""
    kind = KINDS.get(code)
    return kind.title if kind else code
