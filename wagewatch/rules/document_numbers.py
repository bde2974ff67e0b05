"""Case numbers (案号) and instrument numbers (文号) in an office's own format: how a format is
filled and which formats an office may set. The prefix and wording are local practice (no national
文书式样 fixes them); GB/T 9704-2012 writes the year in 〔〕 and the sequence without a 第."""

from __future__ import annotations

import re
from string import Formatter

#: The fields a format may use: the year, the sequence number, and (instruments only) the kind's
#: code, such as 限支 for a payment order.
CASE_FIELDS = ("year", "seq")
DOCUMENT_FIELDS = ("year", "seq", "code")
#: Zero-padding only (03d pads 1 to 001): a number stays digits, found again by its pattern.
_SEQ_SPEC = re.compile(r"(0[1-9])?d?")
#: The largest sequence a format must still fit in its column with (case 40, instrument 60).
LONGEST_SEQ = 99999
LONGEST_CODE = "限支"


class NumberFormatError(ValueError):
    """Why an office's number format cannot be used, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def format_number(pattern: str, *, year: int, seq: int, code: str | None = None) -> str:
    """Fill a format such as ``经开劳监{code}〔{year}〕{seq:03d}号`` (year 2026, seq 88, code 限支
    → 经开劳监限支〔2026〕088号)."""
    values: dict[str, object] = {"year": year, "seq": seq}
    if code is not None:
        values["code"] = code
    return pattern.format(**values)


def check_number_format(pattern: str, *, instrument: bool, max_length: int) -> str:
    """The format, stripped, if an office may use it; else NumberFormatError saying why.

    A case number format names {year} and {seq}; an instrument number format also names {code},
    so each kind is numbered apart (经开劳监限支〔2026〕001号, 经开劳监处〔2026〕001号). Only
    zero-padding may follow seq (``{seq:03d}``); no other field, attribute, index or conversion
    is allowed, and the longest number must fit ``max_length`` characters.
    """
    pattern = (pattern or "").strip()
    allowed = DOCUMENT_FIELDS if instrument else CASE_FIELDS
    names = "、".join("{" + name + "}" for name in allowed)
    if not pattern:
        raise NumberFormatError(f"请填写格式，须含{names}。")
    try:
        parts = list(Formatter().parse(pattern))
    except ValueError as error:
        raise NumberFormatError("格式中的花括号不成对；文字中的花括号请写作{{或}}。") from error
    seen: list[str] = []
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed:
            raise NumberFormatError(f"格式中只能使用{names}，不能使用“{{{name}}}”。")
        if conversion:
            raise NumberFormatError(f"“{{{name}!{conversion}}}”不可用，请直接写{{{name}}}。")
        if name == "seq" and not _SEQ_SPEC.fullmatch(spec or ""):
            raise NumberFormatError("序号只能写作{seq}或补零的{seq:03d}、{seq:04d}等。")
        if name != "seq" and spec:
            raise NumberFormatError(f"{{{name}}}后不能加格式说明。")
        if name in seen:
            raise NumberFormatError(f"{{{name}}}只能出现一次。")
        seen.append(name)
    missing = [name for name in allowed if name not in seen]
    if missing:
        raise NumberFormatError("格式须含" + "、".join("{" + n + "}" for n in missing) + "。")
    longest = format_number(pattern, year=2026, seq=LONGEST_SEQ,
                            code=LONGEST_CODE if instrument else None)
    if len(longest) > max_length:
        raise NumberFormatError(f"按此格式编出的号（如{longest}）超过{max_length}个字符。")
    return pattern
