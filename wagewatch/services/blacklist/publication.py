"""Publication (公示) of the blacklist: the published fields per listing, and the CSV download."""

from __future__ import annotations

import csv
import io
from dataclasses import astuple, dataclass, fields
from datetime import date

from wagewatch.extensions import db
from wagewatch.models import ContractorKind, Listing, PersonPosition, User
from wagewatch.privacy import mask_id_number
from wagewatch.reports.xlsx import CONTROL_CHARACTERS, FORMULA_STARTS
from wagewatch.services import audit
from wagewatch.services.blacklist.listing_queries import listings_on

HEADS = (PersonPosition.LEGAL_REPRESENTATIVE, PersonPosition.PRINCIPAL)


@dataclass(frozen=True)
class PublishedRow:
    """One published listing (S-45): no personal data beyond names and masked ID numbers."""

    name: str
    identifier: str          # the USCC, or the masked ID number of an individual
    address: str             # companies only: an individual's address is personal data
    legal_representative: str
    other_persons: str
    main_facts: str
    decision_number: str
    authority: str
    decided_on: str
    starts_on: str
    ends_on: str
    rule_set: str


#: Column titles of the download, in the order of PublishedRow's fields.
COLUMNS = ("名称", "统一社会信用代码（身份证号码）", "住所", "法定代表人（主要负责人）",
           "其他列入人员", "主要失信事实", "列入决定书文号", "作出决定的机关", "决定日期",
           "列入起始日期", "列入截止日期", "依据")


def _person(person) -> str:
    masked = mask_id_number(person.id_number)
    return f"{person.name}（{person.position.label}" + (f"，{masked}）" if masked else "）")


def published_row(listing: Listing) -> PublishedRow:
    """The published fields of one listing: name, USCC, address, legal representative, main
    facts, decision number, authority and dates (S-45); ID numbers masked."""
    contractor = listing.contractor
    company = contractor.kind is ContractorKind.COMPANY
    heads = [p for p in listing.persons if p.position in HEADS]
    others = [p for p in listing.persons if p.position not in HEADS]
    return PublishedRow(
        name=contractor.name,
        identifier=(contractor.uscc or "") if company else (mask_id_number(contractor.id_number) or ""),
        address=(contractor.address or "") if company else "",
        legal_representative="；".join(_person(p) for p in heads),
        other_persons="；".join(_person(p) for p in others),
        main_facts=listing.main_facts, decision_number=listing.document_number,
        authority=listing.authority, decided_on=listing.decided_on.isoformat(),
        starts_on=listing.starts_on.isoformat(), ends_on=listing.ends_on.isoformat(),
        rule_set=listing.rule_set.label)


def published_rows(office_id: int, day: date) -> list[PublishedRow]:
    """The office's list as published on ``day``: every listing in force that day."""
    return [published_row(listing) for listing in listings_on(office_id, day)]


def safe_cell(value: str) -> str:
    """A cell a spreadsheet cannot run: control characters dropped, and a leading = + - @ tab
    or CR neutralised with a single quote (security.md item 15)."""
    text = CONTROL_CHARACTERS.sub("", value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def render_csv(rows: list[PublishedRow]) -> bytes:
    """The rows as UTF-8 CSV with a byte-order mark, so Excel shows the Chinese correctly."""
    assert len(COLUMNS) == len(fields(PublishedRow))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([safe_cell(value) for value in astuple(row)])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def record_download(day: date, row_count: int, actor: User, file_format: str = "CSV") -> None:
    """Audit a download of the published list: who, the format, the day filtered on, how many
    rows (security.md item 15)."""
    audit.record("publication.download", object_type="listing", actor=actor,
                 detail=f"下载公示名单{file_format}：截至{day.isoformat()}，共{row_count}条")
    db.session.commit()
