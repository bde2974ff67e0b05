"""Identifier checks: USCC (GB 32100-2015), ID number (GB 11643-1999), mobile phone."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
#: Registration authorities whose codes python-stdnum wrongly refuses (domain.md "Identifiers").
LENIENT_USCC_AUTHORITIES = frozenset("ANY")
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")


@dataclass(frozen=True)
class IdentifierCheck:
    """The outcome of checking one identifier: the cleaned value, an error or a warning."""

    value: str
    error: str | None = None
    warning: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _clean(value: str) -> str:
    """Full-width digits and letters made ASCII (NFKC), spaces and hyphens removed, upper case."""
    return re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", value or "")).upper()


def check_uscc(raw: str) -> IdentifierCheck:
    """Check an 18-character USCC: alphabet, mod-31 check character (GB 32100-2015).

    Codes whose registration authority is A, N (rural collectives) or Y have letters where
    python-stdnum expects digits; they are accepted with a warning when the check character is right.
    """
    value = _clean(raw)
    if len(value) != 18:
        return IdentifierCheck(value, error="统一社会信用代码应为18位。")
    if any(c not in USCC_ALPHABET for c in value):
        return IdentifierCheck(value, error="统一社会信用代码含有不允许的字符（不使用 I、O、S、V、Z）。")
    try:
        uscc.validate(value)
        return IdentifierCheck(value)
    except ValidationError as error:
        if (value[0] in LENIENT_USCC_AUTHORITIES and isinstance(error, uscc.InvalidFormat)
                and uscc.calc_check_digit(value) == value[-1]):
            return IdentifierCheck(
                value, warning=f"登记管理部门代码为“{value[0]}”，校验位正确，请核对营业执照原件。")
        if uscc.calc_check_digit(value) != value[-1]:
            return IdentifierCheck(value, error="统一社会信用代码校验位不正确，请核对。")
        return IdentifierCheck(value, error="统一社会信用代码格式不正确。")


@dataclass(frozen=True)
class IdNumberFacts:
    """What an ID number says about its holder (GB 11643-1999)."""

    birth_date: date
    male: bool
    hometown: str | None  # province and county from the region code, when known


def check_id_number(raw: str, today: date) -> IdentifierCheck:
    """Check an 18-character ID number: digits, birth date (not after ``today``, the date in
    China), ISO 7064 MOD 11-2 check character (GB 11643-1999).

    A region code missing from python-stdnum's table is a warning, not a refusal: workers come
    from all over the country and old or new codes may be missing.
    """
    value = _clean(raw)
    error = id_number_error(value, today)
    if error is not None:
        return IdentifierCheck(value, error=error)
    if hometown_of(value) is None:
        return IdentifierCheck(value, warning="身份证号码的地区码不在行政区划表中，校验位正确，请核对。")
    return IdentifierCheck(value)


def id_number_facts(value: str) -> IdNumberFacts:
    """Birth date, sex and hometown of a checked ID number."""
    return IdNumberFacts(
        birth_date=ric.get_birth_date(value), male=int(value[16]) % 2 == 1,
        hometown=hometown_of(value))


def hometown_of(value: str) -> str | None:
    """Province and county of the ID number's region code (as named in the birth year), or None
    when the code is not in python-stdnum's table of administrative divisions."""
    info = {k: v for _, props in numdb.get("cn/loc").info(value[:6]) for k, v in props.items()}
    if "county" not in info:
        return None
    born = int(value[6:10])
    names = []
    for entry in info["county"].split(","):
        if entry.startswith("["):
            period, name = entry[1:].split("]", 1)
            start, _, end = period.partition("-")
            if (start and born < int(start)) or (end and born > int(end)):
                names.append((False, name))
                continue
            names.append((True, name))
        else:
            names.append((True, entry))
    current = [name for valid, name in names if valid] or [names[-1][1]]
    return f"{info.get('province', '')}{current[0]}"


def check_phone(raw: str) -> IdentifierCheck:
    """An 11-digit mainland mobile number starting 13-19."""
    value = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", raw or ""))
    if value.startswith("+86"):
        value = value[3:]
    if not PHONE_PATTERN.match(value):
        return IdentifierCheck(value, error="手机号码应为以1开头的11位数字。")
    return IdentifierCheck(value)


def id_number_error(raw: str, today: date) -> str | None:
    """Why an ID number fails GB 11643-1999 (length, digits, birth date, ISO 7064 MOD 11-2 check
    character), or None. check_id_number's refusals without its region lookup, so a report can
    check every worker of a month's cases quickly."""
    value = _clean(raw)
    if len(value) != 18:
        return "身份证号码应为18位。"
    if not value[:17].isdigit() or value[17] not in "0123456789X":
        return "身份证号码前17位应为数字，最后一位为数字或X。"
    try:
        born = ric.get_birth_date(value)
    except ValidationError:
        return "身份证号码中的出生日期不存在。"
    if ric.calc_check_digit(value) != value[-1]:
        return "身份证号码校验位不正确，请核对。"
    if born > today:
        return "身份证号码中的出生日期晚于今天。"
    return None
