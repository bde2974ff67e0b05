"""The field types every form uses for numbers and dates: exact decimals and dates in a window."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from wtforms import DateField, DecimalField, HiddenField
from wtforms.validators import StopValidation

from wagewatch.services import StaleRecord
from wagewatch.services.reference.calendar import today

#: The largest amount a Numeric(14, 2) column holds.
MAX_YUAN = Decimal("999999999999.99")


class NumberSettings(TypedDict, total=False):
    """ExactDecimalField's keyword settings, for sharing between fields."""

    places: int
    minimum: Decimal | int | str
    maximum: Decimal | int | str
    unit: str
    example: str
    range_message: str


class ExactDecimalField(DecimalField):
    """A number typed by a person, kept exactly as typed: thousands separators and the unit are
    allowed, full-width digits are read (NFKC); ``NaN``, ``Infinity``, more decimals than
    ``places`` (never rounded) and values outside [minimum, maximum] are refused with a message
    beside the field, and the typed text is shown again."""

    #: A Decimal or None, like every WTForms field's data (untyped): the form's validators, not
    #: the type checker, make a required field's data present.
    data: Any

    def __init__(self, label: str | None = None, validators: list | None = None, *,
                 places: int = 2, minimum: Decimal | int | str = 0,
                 maximum: Decimal | int | str = MAX_YUAN, unit: str = "元",
                 example: str = "12345.67", range_message: str | None = None, **kwargs) -> None:
        super().__init__(label, validators, places=places, **kwargs)
        self.minimum, self.maximum = Decimal(minimum), Decimal(maximum)
        self.unit, self.example, self.range_message = unit, example, range_message

    def process_formdata(self, valuelist: list) -> None:
        if not valuelist:
            return
        text = unicodedata.normalize("NFKC", str(valuelist[0])).replace(",", "")
        text = (text.replace(self.unit, "") if self.unit else text).strip()
        self.data = None
        if not text:
            return
        value = self._parsed(text)
        self._check(value)
        self.data = value + 0  # "-0" is 0

    def _parsed(self, text: str) -> Decimal:
        money = self.unit == "元"
        refusal = (f"请输入以元为单位的金额，例如 {self.example}。" if money
                   else f"请输入数字，例如 {self.example}。")
        try:
            value = Decimal(text)
        except InvalidOperation as error:
            raise ValueError(refusal) from error
        if not value.is_finite():  # NaN, sNaN, Infinity
            raise ValueError(refusal)
        return value

    def _check(self, value: Decimal) -> None:
        money = "金额" if self.unit == "元" else ""
        if not self.minimum <= value <= self.maximum:
            if self.range_message:
                raise ValueError(self.range_message)
            if value < 0 <= self.minimum:
                raise ValueError(f"{money}不能为负数。")
            if value < self.minimum:
                raise ValueError(f"{money}不能小于{self.minimum:,}{self.unit}。")
            raise ValueError(f"{money}过大，请核对（不超过{self.maximum:,}{self.unit}）。")
        if value.normalize().as_tuple().exponent < -self.places:
            if not self.places:
                raise ValueError("请填写整数。")
            cents = "（分）" if self.unit == "元" and self.places == 2 else ""
            digits = {1: "一", 2: "两"}.get(self.places, str(self.places))
            raise ValueError(f"{money}最多保留{digits}位小数{cents}，不做四舍五入。")

    def pre_validate(self, form) -> None:
        if self.process_errors:  # the refusal above, not a "required" message in its place
            raise StopValidation()

    def _value(self) -> str:
        if self.raw_data:
            return self.raw_data[0]
        if self.data is None:
            return ""
        return str(self.data)  # as stored: never rounded for display


@dataclass(frozen=True)
class DateWindow:
    """Where a kind of date may plausibly lie: from a fixed first day to today (China time) plus
    some days; ``what`` names it in the message."""

    earliest: date
    days_after_today: int
    what: str

    def latest(self) -> date:
        return today() + timedelta(days=self.days_after_today)

    def message(self, day: date | None = None) -> str:
        """Why ``day`` is refused (too late or too early), with the whole window."""
        latest = "今天" if self.days_after_today == 0 else f"{self.latest():%Y-%m-%d}"
        window = f"须在{self.earliest:%Y-%m-%d}至{latest}之间"
        if day is not None and day > self.latest():
            return f"{self.what}不能晚于{latest}（{window}）。"
        return f"{self.what}不能早于{self.earliest:%Y-%m-%d}（{window}）。"


#: Acts of the office and of the parties it records (received, accepted, served, paid...).
RECORDED = DateWindow(date(2000, 1, 1), 0, "日期")
#: Periods of work owed for: the oldest claims still heard, up to a month ahead (a period agreed).
WORK = DateWindow(date(1990, 1, 1), 31, "务工日期")
#: Past facts that may predate the office's records (a violation's end, a bank account's opening).
PAST_FACT = DateWindow(date(1990, 1, 1), 0, "日期")
#: Projects' planned dates.
PLANNED = DateWindow(date(1990, 1, 1), 3653, "工程日期")
#: Deadlines and calendar days set ahead.
AHEAD = DateWindow(date(2000, 1, 1), 3 * 366, "日期")
#: Dates searched for in lists.
SEARCHED = DateWindow(date(2000, 1, 1), 366, "查询日期")


class WindowDateField(DateField):
    """A date within its window (RECORDED unless told); anything else is refused beside the
    field with the window in the message, and the typed text is shown again."""

    data: Any  # a date or None, as ExactDecimalField's

    def __init__(self, label: str | None = None, validators: list | None = None, *,
                 window: DateWindow = RECORDED, **kwargs) -> None:
        super().__init__(label, validators, **kwargs)
        self.window = window

    def process_formdata(self, valuelist: list) -> None:
        if valuelist:
            valuelist = [unicodedata.normalize("NFKC", str(v)).strip() for v in valuelist]
        super().process_formdata(valuelist)
        day = self.data
        if day is not None and not self.window.earliest <= day <= self.window.latest():
            self.data = None
            raise ValueError(self.window.message(day))

    def _value(self) -> str:
        # A required date of something the office records (received, accepted, served, paid) is
        # offered as today in China on a fresh form; nothing is assumed once the form is posted.
        if (self.raw_data is None and self.data is None and self.window is RECORDED
                and self.flags.required):
            return today().isoformat()
        return super()._value()

    def pre_validate(self, form) -> None:
        # A refused date keeps its own message (not "required"); a blank one is left to Optional.
        if self.process_errors and self.raw_data and "".join(self.raw_data).strip():
            raise StopValidation()


class VersionField(HiddenField):
    """The version a record had when its form was loaded (an integer, hidden). Anything else
    posted in it (``abc``, ``-1``, ``1e9``) means the page cannot be trusted to be current: the
    "该记录已被他人修改" page with everything typed, never a 500. ``data`` is an int or None."""

    data: Any  # as ExactDecimalField's

    def process_formdata(self, valuelist: list) -> None:
        if not valuelist:
            return
        text = str(valuelist[0]).strip()
        if not text:
            self.data = None
            return
        if not (text.isascii() and text.isdigit()) or len(text) > 9:
            raise StaleRecord()
        self.data = int(text)
