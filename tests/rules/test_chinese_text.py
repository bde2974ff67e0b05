"""Dates and amounts as instruments write them."""

from datetime import date
from decimal import Decimal

import pytest

from wagewatch.rules.chinese_text import AmountRefused, amount_in_capitals, chinese_date


@pytest.mark.parametrize(("day", "text"), [
    (date(2026, 10, 9), "2026年10月9日"),
    (date(2026, 1, 1), "2026年1月1日"),
    (date(2025, 12, 31), "2025年12月31日"),
])
def test_dates_are_written_in_full_without_leading_zeros(day, text):
    assert chinese_date(day) == text


@pytest.mark.parametrize(("amount", "text"), [
    ("0", "人民币零元整"),
    ("0.05", "人民币伍分"),
    ("0.50", "人民币伍角"),
    ("1.05", "人民币壹元零伍分"),
    ("10.00", "人民币壹拾元整"),
    ("10.50", "人民币壹拾元伍角"),
    ("79000", "人民币柒万玖仟元整"),
    ("1010", "人民币壹仟零壹拾元整"),
    ("10010", "人民币壹万零壹拾元整"),
    ("107000.53", "人民币壹拾万柒仟元伍角叁分"),
    ("100001.10", "人民币壹拾万零壹元壹角"),
    ("1000100", "人民币壹佰万零壹佰元整"),
    ("7923007.67", "人民币柒佰玖拾贰万叁仟零柒元陆角柒分"),
    ("100000000", "人民币壹亿元整"),
    ("100000001", "人民币壹亿零壹元整"),
    ("120000000.00", "人民币壹亿贰仟万元整"),
    ("1000000000000", "人民币壹万亿元整"),
    ("0.005", "人民币壹分"),  # rounded half up to the fen
])
def test_amounts_are_written_in_capitals(amount, text):
    assert amount_in_capitals(Decimal(amount)) == text


@pytest.mark.parametrize("amount", ["-0.01", "10000000000000000"])
def test_negative_or_huge_amounts_are_refused(amount):
    with pytest.raises(AmountRefused):
        amount_in_capitals(Decimal(amount))
