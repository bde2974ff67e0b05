"""Valid, unique demo identifiers: ID numbers (GB 11643-1999) and USCCs (GB 32100-2015).

Uniqueness without remembering what was issued: an index (a row id) goes through a fixed
affine permutation of the whole identifier space, so distinct indexes give distinct codes and
the same index always gives the same code, whatever the seed or the chunk size.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from wagewatch.rules.identifiers import USCC_ALPHABET, hometown_of

#: Region codes from python-stdnum's cn/loc table: Xuzhou's own counties and the usual
#: home counties of the migrant workers on its sites (northern Jiangsu, Anhui, Henan, Shandong,
#: Sichuan, Chongqing, Guizhou, Hunan, Hubei, Jiangxi, Shaanxi).
REGION_CODES = (
    "320303", "320311", "320321", "320322", "320324", "320381", "320382", "320722", "320723",
    "321322", "321323", "321324", "340322", "340323", "340421", "341221", "341222", "341225",
    "341226", "341321", "341322", "341323", "341324", "342201", "370826", "370827", "371321",
    "371322", "371325", "371326", "410523", "410526", "411323", "411521", "411522", "411524",
    "411525", "411526", "412721", "413026", "421022", "421081", "430523", "430524", "430525",
    "500229", "500230", "500233", "500235", "500236", "510722", "510723", "511321", "511322",
    "522122", "522123", "522124", "522323", "522324", "612522", "612526", "362321", "362322",
)
BIRTH_YEARS = range(1960, 2005)   # workers and managers aged about 22 to 66 in 2026
SEQ_HALVES = 500                  # the 3-digit sequence: odd for men, even for women

#: Index ranges that keep the kinds of people apart in the ID-number space.
WORKER_BASE = 0
PERSON_BASE = 1 << 27              # legal representatives and responsible persons
TEAM_LEADER_BASE = 3 << 26         # individual contractors (包工头)
RETRY_STEP = 1 << 25               # where a worker index goes when its code is already taken


@dataclass(frozen=True)
class _Region:
    code: str
    first_day: date
    days: int
    offset: int        # first slot of this region in the birth-day space


def _valid_years(code: str) -> list[int]:
    """Birth years for which python-stdnum accepts the region code (codes were renamed over time)."""
    years = []
    for year in BIRTH_YEARS:
        try:
            ric.get_birth_place(f"{code}{year}0101000")
        except ValidationError:
            continue
        years.append(year)
    return years


def _build_regions() -> tuple[tuple[_Region, ...], int]:
    regions, offset = [], 0
    for code in REGION_CODES:
        years = _valid_years(code)
        if not years or years != list(range(years[0], years[-1] + 1)):
            raise ValueError(f"region {code} has no contiguous valid birth years")
        first, last = date(years[0], 1, 1), date(years[-1], 12, 31)
        days = (last - first).days + 1
        regions.append(_Region(code, first, days, offset))
        offset += days
    return tuple(regions), offset


def _coprime_multiplier(space: int) -> int:
    multiplier = int(space * 0.6180339887) | 1
    while math.gcd(multiplier, space) != 1:
        multiplier += 2
    return multiplier


@dataclass(frozen=True)
class _IdSpace:
    regions: tuple[_Region, ...]
    offsets: tuple[int, ...]
    size: int
    multiplier: int
    shift: int


@cache
def _id_space() -> _IdSpace:
    """Built on first use (about a second of table look-ups), not at import."""
    regions, day_slots = _build_regions()
    size = day_slots * SEQ_HALVES
    if size < TEAM_LEADER_BASE + (1 << 24):
        raise ValueError("the region table is too small for the index ranges above")
    return _IdSpace(regions, tuple(r.offset for r in regions), size,
                    _coprime_multiplier(size), size // 7)


USCC_BODY_SPACE = 31 ** 5          # the 5 free characters of an "MA1xxxxx" organisation code
_USCC_MUL = _coprime_multiplier(USCC_BODY_SPACE)
_USCC_ADD = USCC_BODY_SPACE // 11
_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_number(index: int, male: bool) -> str:
    """The ID number of person ``index``: real region code, real birth date 1960-2004, sequence
    odd for men and even for women, ISO 7064 MOD 11-2 check character (GB 11643-1999)."""
    space = _id_space()
    position = (space.multiplier * index + space.shift) % space.size
    slot, half = divmod(position, SEQ_HALVES)
    region = space.regions[bisect.bisect_right(space.offsets, slot) - 1]
    born = region.first_day + timedelta(days=slot - region.offset)
    body = (f"{region.code}{born.year}{born.month:02d}{born.day:02d}"
            f"{2 * half + (1 if male else 0):03d}")
    return body + ric.calc_check_digit(body + "0")


@cache
def hometown(region_code: str, birth_year: int) -> str | None:
    """Province and county of a region code as named in the holder's birth year."""
    return hometown_of(f"{region_code}{birth_year}0101000X")


def hometown_of_number(number: str) -> str | None:
    """Hometown of a generated ID number, from a per-region cache (millions of workers)."""
    return hometown(number[:6], int(number[6:10]))


def _organisation_check(body: str) -> str:
    """The 9th character of an organisation code (GB 11714-1997, mod 11)."""
    total = sum(int(c, 36) * w for c, w in zip(body, _GB11714_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_code(index: int, prefix: str = "91320301") -> str:
    """The USCC of company ``index``: an 8-character prefix (authority, entity type, region),
    an organisation code with its GB 11714 check ("MA1xxxxx" for firms, 8 digits for public
    bodies, whose prefix starts with 1), and the mod-31 check character (GB 32100-2015)."""
    position = (_USCC_MUL * index + _USCC_ADD) % USCC_BODY_SPACE
    if prefix.startswith("1"):
        organisation = f"{position:08d}"
    else:
        chars = []
        for _ in range(5):
            position, digit = divmod(position, 31)
            chars.append(USCC_ALPHABET[digit])
        organisation = "MA1" + "".join(reversed(chars))
    code17 = prefix + organisation + _organisation_check(organisation)
    return code17 + uscc.calc_check_digit(code17)
