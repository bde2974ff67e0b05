"""How instruments write dates and amounts: 2026年10月9日 and 人民币柒万玖仟元整."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

DIGITS = "零壹贰叁肆伍陆柒捌玖"
#: Units inside a group of four digits, from the highest: 仟 佰 拾 and the ones.
INNER_UNITS = ("仟", "佰", "拾", "")
#: Units of the groups of four, from the lowest: ones, 万, 亿, 万亿 (up to 9,999,999,999,999,999.99).
GROUP_UNITS = ("", "万", "亿", "万亿")
LIMIT = Decimal("10000000000000000")


class AmountRefused(ValueError):
    """An amount that cannot be written in capitals (negative or too large)."""


def chinese_date(day: date) -> str:
    """The date as GB/T 9704-2012 writes it on an instrument: Arabic numerals in full, no
    leading zeros (2026年10月9日)."""
    return f"{day.year}年{day.month}月{day.day}日"


def _group(value: int) -> str:
    """Capitals of 1..9999 without the leading zero (e.g. 1010 → 壹仟零壹拾)."""
    text, zero = "", False
    for position, digit in enumerate(f"{value:04d}"):
        if digit == "0":
            zero = bool(text)
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[int(digit)] + INNER_UNITS[position]
    return text


def _integer(value: int) -> str:
    """Capitals of a positive whole number of yuan, groups of four joined with one 零 for
    any run of zeros between non-zero digits (100,001 → 壹拾万零壹)."""
    groups = []
    while value:
        groups.append(value % 10000)
        value //= 10000
    text, need_zero = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            need_zero = bool(text)
            continue
        if text and (need_zero or group < 1000):
            text += "零"
        text += _group(group) + GROUP_UNITS[index]
        need_zero = False
    return text


def amount_in_capitals(amount: Decimal) -> str:
    """An amount in yuan written in capitals with the 人民币 prefix, as the People's Bank's rules
    for filling in payment documents write it (支付结算办法, annex 正确填写票据和结算凭证的基本规定):
    整 after 元 when there are no jiao or fen, none after 角 or 分; a zero between amounts is
    written once (人民币壹拾万零壹元壹角, 人民币壹元零伍分, 人民币伍分). Rounded to the fen."""
    value = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value < 0:
        raise AmountRefused("金额不能为负数。")
    if value >= LIMIT:
        raise AmountRefused("金额过大，无法写成大写。")
    fen_total = int(value * 100)
    whole, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if fen_total == 0:
        return "人民币零元整"
    text = _integer(whole) + "元" if whole else ""
    if jiao == 0 and fen == 0:
        return f"人民币{text}整"
    if jiao:
        text += DIGITS[jiao] + "角"  # 壹拾元伍角: the rule lets 零 after a zero 元 digit be left out
    elif whole:
        text += "零"  # 壹元零伍分: a zero 角 between 元 and 分 is written
    if fen:
        text += DIGITS[fen] + "分"
    return f"人民币{text}"
