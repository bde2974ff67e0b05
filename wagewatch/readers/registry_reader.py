"""Reading a registry workbook into plain values, cell by cell, with every problem named by
sheet, row and column in Chinese (no database: the import service checks references)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.workbook import Workbook

from wagewatch.reports.registry_format import (
    CASE_COLUMNS, CASE_SHEET, FIRST_DATA_ROW, HEADER_ROW, NO, SHEETS, WORKER_COLUMNS, WORKER_SHEET,
    YES, Column, Kind,
)
from wagewatch.reports.registry_format_steps import (
    ALLOCATION_SHEET, ORDER_ITEM_SHEET, PERSON_SHEET, RECOVERY_SHEET, STEP_SHEETS,
)
from wagewatch.rules.clock import CHINA_TZ
from wagewatch.rules.identifiers import IdentifierCheck, check_id_number, check_phone, check_uscc
from wagewatch.rules.text import text_error

MAX_YUAN = Decimal(10) ** 11
MAX_MONTHS = Decimal(600)
DATE_TEXT = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
MOMENT_TEXT = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?$")
TRUE_WORDS = {YES, "Y", "YES", "TRUE", "1", "√", "✔"}
FALSE_WORDS = {NO, "N", "NO", "FALSE", "0", ""}
#: Largest integer a spreadsheet number holds exactly (15 significant digits).
EXACT_DIGITS = 15


@dataclass(frozen=True)
class CellError:
    """One problem of the file: where (sheet, Excel row, column) and what, in Chinese."""

    sheet: str
    row: int | None
    column: str | None  # the column's header
    letter: str | None  # the column's letter in the uploaded sheet
    message: str

    def as_dict(self) -> dict[str, object]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column,
                "letter": self.letter, "message": self.message}


@dataclass
class SheetRow:
    """One data row: its Excel row number, plain values by column key, and identifier warnings."""

    row: int
    values: dict[str, Any]  # each column's parser gives its type (date, Decimal, str, enum value)
    warnings: dict[str, str] = field(default_factory=dict)


@dataclass
class ParsedRegistry:
    cases: list[SheetRow] = field(default_factory=list)
    workers: list[SheetRow] = field(default_factory=list)
    #: The rows of the sheets after filing (payment orders, recoveries, ...), by sheet name;
    #: a sheet missing from the file has no rows.
    steps: dict[str, list[SheetRow]] = field(default_factory=dict)
    errors: list[CellError] = field(default_factory=list)
    letters: dict[tuple[str, str], str] = field(default_factory=dict)  # (sheet, key) → letter

    def error(self, sheet: str, row: int | None, key: str | None, message: str) -> None:
        column = next((c for c in SHEETS[sheet] if c.key == key), None) if key else None
        self.errors.append(CellError(sheet, row, column.header if column else None,
                                     self.letters.get((sheet, key or "")), message))


class CellProblem(ValueError):
    """A cell value the column does not accept; the message says why in Chinese."""


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _code(column: Column, value: object) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = str(int(value)) if float(value).is_integer() else str(value)
        if len(digits) > EXACT_DIGITS or not float(value).is_integer():
            raise CellProblem(f"{column.header}被Excel存成了数字，末几位可能已丢失；"
                              "请把该列设为“文本”格式后重新填写。")
        return digits
    return re.sub(r"\s", "", str(value))


def _date(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = DATE_TEXT.match(str(value).strip())
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            pass
    raise CellProblem("日期格式应为 2026-03-15，且须是存在的日期。")


def _moment(value: object) -> datetime:
    """A Beijing-time moment (a spreadsheet time or "2026-03-15 14:30") as an aware UTC time."""
    local: datetime | None = value.replace(tzinfo=None) if isinstance(value, datetime) else None
    match = MOMENT_TEXT.match(str(value).strip()) if local is None else None
    if match:
        year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
        try:
            local = datetime(year, month, day, hour, minute, second)
        except ValueError:
            local = None
    if local is None:
        raise CellProblem("时间格式应为 2026-03-15 14:30（北京时间），且须是存在的时间。")
    return local.replace(tzinfo=CHINA_TZ).astimezone(UTC)


def _decimal(value: object, places: int, maximum: Decimal, what: str) -> Decimal:
    if isinstance(value, bool):
        raise CellProblem(f"{what}应为数字。")
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise CellProblem(f"{what}应为数字。") from None
    if not number.is_finite():
        raise CellProblem(f"{what}应为数字。")
    if number != number.quantize(Decimal(1).scaleb(-places)):
        raise CellProblem(f"{what}最多{places}位小数。")
    if not Decimal(0) <= number <= maximum:
        raise CellProblem(f"{what}须在0至{maximum:,.0f}之间。")
    return number.quantize(Decimal(1).scaleb(-places))


def convert(column: Column, value: object) -> object:
    """A non-empty cell value as the column's plain value (labels become stored values)."""
    if column.kind is Kind.TEXT:
        text = _text(value)
    elif column.kind is Kind.CODE:
        text = _code(column, value)
        if "*" in text:
            raise CellProblem(f"{column.header}已脱敏（含*），无法导入；请使用含完整号码的文件。")
    elif column.kind is Kind.DATE:
        return _date(value)
    elif column.kind is Kind.DATETIME:
        return _moment(value)
    elif column.kind is Kind.PERCENT:
        return _decimal(value, 0, Decimal(100), column.header.split("（")[0]) / 100
    elif column.kind is Kind.YUAN:
        return _decimal(value, 2, MAX_YUAN, "金额")
    elif column.kind is Kind.DECIMAL:
        return _decimal(value, 1, MAX_MONTHS, column.header.split("（")[0])
    elif column.kind is Kind.INTEGER:
        number = _decimal(value, 0, Decimal(10**9), column.header)
        if number < 1:
            raise CellProblem(f"{column.header}应为正整数。")
        return int(number)
    elif column.kind is Kind.YES_NO:
        word = _text(value).upper() if not isinstance(value, bool) else (YES if value else NO)
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise CellProblem("应填写“是”或“否”。")
    else:  # CHOICE
        stored = column.value_of(_text(value))
        if stored is None:
            raise CellProblem(f"应从下拉列表中选择：{'、'.join(column.dropdown)}。")
        return stored
    # A cell may spell control characters as _x0000_ escapes, which openpyxl decodes.
    problem = text_error(text, multiline=column.kind is Kind.TEXT)
    if problem:
        raise CellProblem(problem)
    if column.max_length and len(text) > column.max_length:
        raise CellProblem(f"不能超过{column.max_length}个字符（现有{len(text)}个）。")
    return text


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_map(parsed: ParsedRegistry, name: str, header: tuple) -> dict[int, Column] | None:
    by_header = {column.header: column for column in SHEETS[name]}
    found: dict[int, Column] = {}
    for index, title in enumerate(header):
        column = by_header.get(_text(title).rstrip("*").strip()) if not _blank(title) else None
        if column is None:
            continue
        if column in found.values():
            parsed.errors.append(CellError(name, HEADER_ROW, column.header,
                                           get_column_letter(index + 1), "表头重复。"))
            continue
        found[index] = column
        parsed.letters[(name, column.key)] = get_column_letter(index + 1)
    missing = [c.header for c in SHEETS[name] if c.required and c not in found.values()]
    if missing:
        parsed.errors.append(CellError(name, HEADER_ROW, None, None,
                                       f"缺少必填列：{'、'.join(missing)}（请使用系统模板的表头）。"))
        return None
    return found


def _read_sheet(parsed: ParsedRegistry, workbook, name: str,
                optional: bool = False) -> list[SheetRow]:
    if name not in workbook.sheetnames:
        if optional:
            return []
        parsed.errors.append(CellError(name, None, None, None,
                                       f"文件中没有名为“{name}”的工作表（请使用系统模板）。"))
        return []
    rows = workbook[name].iter_rows(values_only=True)
    header = next(rows, ())
    columns = _header_map(parsed, name, tuple(header or ()))
    if columns is None:
        return []
    result = []
    for number, cells in enumerate(rows, start=FIRST_DATA_ROW):
        if all(_blank(v) for v in cells):
            continue
        values: dict[str, Any] = {c.key: None for c in SHEETS[name]}
        for index, column in columns.items():
            value = cells[index] if index < len(cells) else None
            if _blank(value):
                if column.required:
                    parsed.error(name, number, column.key, f"“{column.header}”必填。")
                continue
            try:
                values[column.key] = convert(column, value)
            except CellProblem as problem:
                parsed.error(name, number, column.key, str(problem))
        result.append(SheetRow(number, values))
    return result


def _check_identifier(parsed: ParsedRegistry, sheet: str, row: SheetRow, key: str,
                      check) -> None:
    value = row.values.get(key)
    if not value:
        return
    result = check(value)
    if not result.ok:
        parsed.error(sheet, row.row, key, result.error)
        row.values[key] = None
    else:
        row.values[key] = result.value
        if result.warning:
            row.warnings[key] = result.warning


def read_registry(workbook: Workbook, today: date) -> ParsedRegistry:
    """Every sheet as plain rows (案件 and 工人 required, the others optional), with every cell and
    identifier problem collected (rules over whole rows and across sheets are in
    ``registry_checks.check_rows``); ``today`` is the date in China that no birth date may
    pass."""
    def check_id(raw: str) -> IdentifierCheck:
        return check_id_number(raw, today)

    parsed = ParsedRegistry()
    parsed.cases = _read_sheet(parsed, workbook, CASE_SHEET)
    parsed.workers = _read_sheet(parsed, workbook, WORKER_SHEET)
    parsed.steps = {name: _read_sheet(parsed, workbook, name, optional=True)
                    for name in STEP_SHEETS}
    for name, key in ((ORDER_ITEM_SHEET, "id_number"), (ALLOCATION_SHEET, "id_number"),
                      (PERSON_SHEET, "id_number"), (RECOVERY_SHEET, "payer_id_number")):
        for row in parsed.steps[name]:
            _check_identifier(parsed, name, row, key, check_id)
    for row in parsed.steps[RECOVERY_SHEET]:
        _check_identifier(parsed, RECOVERY_SHEET, row, "payer_uscc", check_uscc)
    for row in parsed.cases:
        _check_identifier(parsed, CASE_SHEET, row, "employer_uscc", check_uscc)
        _check_identifier(parsed, CASE_SHEET, row, "employer_id_number", check_id)
    for row in parsed.workers:
        _check_identifier(parsed, WORKER_SHEET, row, "id_number", check_id)
        _check_identifier(parsed, WORKER_SHEET, row, "phone", check_phone)
    return parsed


__all__ = ["CASE_COLUMNS", "WORKER_COLUMNS", "CellError", "ParsedRegistry", "SheetRow",
           "convert", "read_registry"]
