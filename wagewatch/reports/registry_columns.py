"""The registry workbook's building blocks: the column kinds, the column definition and the
sheet-wide constants, shared by every sheet of the format (reports/registry_format.py)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

INSTRUCTIONS_SHEET = "填写说明"
LISTS_SHEET = "选项"  # hidden: the drop-down lists' values

#: Number format Excel uses for text cells: ID numbers, USCCs, phones and case numbers stay text.
TEXT_FORMAT = "@"
HEADER_ROW = 1  # headers in row 1, data from row 2 (the error report names Excel rows)
FIRST_DATA_ROW = 2

YES, NO = "是", "否"


class Kind(enum.StrEnum):
    """How a column's cells are written and read."""

    TEXT = "text"          # free text
    CODE = "code"          # identifiers kept as text (number_format "@")
    DATE = "date"          # yyyy-mm-dd
    YUAN = "yuan"          # Decimal, 2 places
    DECIMAL = "decimal"    # Decimal, 1 place (months)
    INTEGER = "integer"
    CHOICE = "choice"      # one of ``choices`` (labels in the sheet, values in code)
    YES_NO = "yes_no"      # 是 / 否
    #: A moment on the Beijing clock, written as text "2026-03-15 14:30" (stored in UTC).
    DATETIME = "datetime"
    PERCENT = "percent"    # a whole percentage 0..100, stored as a fraction (0.50)


@dataclass(frozen=True)
class Column:
    """One column of a registry sheet: the key of the plain value, its header and its rules."""

    key: str
    header: str
    kind: Kind
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (stored value, Chinese label)
    max_length: int | None = None
    width: int = 14
    help: str = ""
    #: Labels offered in the template's drop-down when not every choice may be imported.
    offered: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        if self.kind is Kind.YES_NO:
            return (YES, NO)
        return tuple(label for _, label in self.choices)

    @property
    def dropdown(self) -> tuple[str, ...]:
        return self.offered or self.labels

    def value_of(self, label: str) -> str | None:
        """The stored value of a Chinese label, or None when the label is not one of the choices."""
        return next((value for value, text in self.choices if text == label), None)

    def label_of(self, value: object) -> str:
        return next((text for stored, text in self.choices if stored == str(value)), "")


def choices_of(enum_class: type[enum.Enum]) -> tuple[tuple[str, str], ...]:
    """The (stored value, Chinese label) pairs of an enumeration with a ``label`` property."""
    return tuple((member.value, member.label) for member in enum_class)  # type: ignore[attr-defined]
