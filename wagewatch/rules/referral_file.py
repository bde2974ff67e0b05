"""The referral file (S-310 art. 6; S-100; S-JI art. 4): which items it must hold, and whether a
file stands behind each of them. A tick is not a file: an item counts only with a file."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from wagewatch.rules.reasons import Decision, Reason


@dataclass(frozen=True)
class FileItem:
    """One item the referral file must contain. ``generated`` items are made by the system at
    the hand-over; ``may_be_absent`` items count when a note says why the case has none."""

    kind: str
    label: str
    source: str
    may_be_absent: bool = False
    generated: bool = False


FILE_ITEMS = (
    FileItem("referral_letter", "涉嫌犯罪案件移送书", "S-310 art. 6 (1)", generated=True),
    FileItem("investigation_report", "涉嫌犯罪案件情况的调查报告", "S-310 art. 6 (2)", generated=True),
    FileItem("item_list", "涉案物品清单", "S-310 art. 6 (3)", may_be_absent=True),
    FileItem("inspection_reports", "有关检验报告或者鉴定结论", "S-310 art. 6 (4)", may_be_absent=True),
    FileItem("other_evidence", "其他有关涉嫌犯罪的材料（工资支付记录、询问笔录等）", "S-310 art. 6 (5)"),
    FileItem("payment_order", "责令支付文书及其送达证明", "S-100; S-JI art. 4"),
)
FILE_ITEM_LABELS = {item.kind: item.label for item in FILE_ITEMS}


@dataclass(frozen=True)
class ItemRecord:
    """What stands behind one item: the names of the files linked to it, and the clerk's note
    (why the case has none, for the items that may be absent)."""

    files: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class OrderRecord:
    """A payment order whose service is recorded: its number, the files of the order itself (the
    stored 指令书, or a scan) and the files proving its service (送达回证, photos or video)."""

    number: str
    documents: tuple[str, ...] = ()
    proofs: tuple[str, ...] = ()

    @property
    def complete(self) -> bool:
        return bool(self.documents) and bool(self.proofs)


def _named(files: tuple[str, ...]) -> str:
    shown = "、".join(files[:3]) + ("等" if len(files) > 3 else "")
    return f"已附{len(files)}份（{shown}）"


def _order_reason(item: FileItem, orders: tuple[OrderRecord, ...]) -> Reason:
    """The payment order counts with one served order whose document and proof of service are
    both files (S-100; S-JI art. 4: posting needs its photo or video)."""
    if not orders:
        return Reason(item.kind, item.source, False, f"{item.label}：本案没有已送达的责令支付文书")
    complete = [o for o in orders if o.complete]
    if complete:
        numbers = "、".join(o.number for o in complete)
        files = sum(len(o.documents) + len(o.proofs) for o in complete)
        return Reason(item.kind, item.source, True, f"{item.label}：已附{numbers}及其送达证明共{files}份",
                      {"orders": [o.number for o in complete]})
    order = orders[0]
    lacking = []
    if not order.documents:
        lacking.append("文书文件（请上传扫描件并关联到此项）")
    if not order.proofs:
        lacking.append("送达证明文件（送达回证或送达照片/视频）")
    return Reason(item.kind, item.source, False,
                  f"{item.label}：{order.number}缺少" + "和".join(lacking))


def file_check(recorded: Mapping[str, ItemRecord], orders: tuple[OrderRecord, ...]) -> Decision:
    """Whether every required item of the referral file has a file behind it (S-310 art. 6;
    S-100). The letter and the investigation report are generated at the hand-over; the list of
    items and inspection reports may be absent with a written reason; other evidence needs a
    file; the payment order needs a served order with its document and proof of service files
    (``orders``: the case's orders whose service is recorded)."""
    reasons = []
    for item in FILE_ITEMS:
        entry = recorded.get(item.kind, ItemRecord())
        note = (entry.note or "").strip()
        if item.kind == "payment_order":
            reasons.append(_order_reason(item, orders))
        elif entry.files:
            reasons.append(Reason(item.kind, item.source, True, f"{item.label}：{_named(entry.files)}",
                                  {"files": list(entry.files)}))
        elif item.generated:
            reasons.append(Reason(item.kind, item.source, True, f"{item.label}：移送时由系统制作"))
        elif item.may_be_absent and note:
            reasons.append(Reason(item.kind, item.source, True, f"{item.label}：本案没有（{note}）"))
        else:
            hint = "；如本案没有，请在备注中说明" if item.may_be_absent else ""
            reasons.append(Reason(item.kind, item.source, False,
                                  f"{item.label}：缺少文件（请上传并关联到此项）{hint}"))
    return Decision("referral_file", all(r.met for r in reasons), tuple(reasons))


def missing_items(recorded: Mapping[str, ItemRecord],
                  orders: tuple[OrderRecord, ...]) -> tuple[Reason, ...]:
    """The items still without a file, each with its reason in Chinese."""
    return tuple(r for r in file_check(recorded, orders).reasons if not r.met)
