"""The kinds of instrument: one vocabulary of titles, number codes, service duty, spec and builder."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wagewatch.instruments import context, samples, specs
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
)}


def kind_of(code: str) -> InstrumentKind:
    """The kind named ``code``; KeyError for an unknown one."""
    return KINDS[code]


def label(code: str) -> str:
    """The title of a kind, for pages and audit details (the code itself if unknown)."""
    kind = KINDS.get(code)
    return kind.title if kind else code
