"""What a clerk typed into a search box: a case number, an ID number, a phone, a USCC or a name."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from wagewatch.rules.identifiers import check_uscc, id_number_error

#: 〔2026〕1175号, [2026]1175, （2026）第1175号 — the year in any bracket, then the sequence.
BRACKETED_NUMBER = re.compile(r"^\D*[〔\[(（【{](\d{4})[〕\])）】}]\s*第?\s*(\d{1,9})\s*号?$")
#: 2026-1175, 2026/1175, 2026.1175, 2026年1175号.
SHORT_NUMBER = re.compile(r"^(\d{4})\s*[-/.年]\s*第?\s*(\d{1,9})\s*号?$")
#: 1175 or 1175号: a sequence alone (any year).
SEQUENCE_ONLY = re.compile(r"^第?(\d{1,6})号?$")
ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
MOBILE = re.compile(r"^1\d{10}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
#: A USCC or its first characters (GB 32100-2015 alphabet; at least 4 characters).
USCC_PREFIX = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{4,18}$")
SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class SearchTerms:
    """The index-driven branches a search runs; every field that is set is one branch."""

    text: str
    year: int | None = None
    seq: int | None = None
    id_number: str | None = None
    phone: str | None = None
    uscc_prefix: str | None = None
    name: str | None = None

    @property
    def is_case_number(self) -> bool:
        return self.seq is not None and self.id_number is None and self.phone is None


def escape_like(text: str) -> str:
    """``text`` as a literal inside a LIKE pattern with ``escape="\\"``: its backslash, ``%``
    and ``_`` stand for themselves (a name such as 100%_达标 finds only itself)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def fold(text: str) -> str:
    """NFKC-folded (full-width digits and letters to ASCII), lower case, without spaces."""
    return SPACES.sub("", unicodedata.normalize("NFKC", text or "")).lower()


def classify(raw: str) -> SearchTerms | None:
    """The branches for a search text, or None for an empty one.

    A case number in any common form gives (year, seq) or seq alone; 18 characters shaped like an
    ID number give an exact ID number, and a USCC too unless the text is a valid ID number (birth
    date and ISO 7064 MOD 11-2 check character, GB 11643-1999) that fails the USCC check character
    (GB 32100-2015): a person, not a company (a USCC may be all digits); a mobile or landline
    number gives a phone; 4–18 USCC characters give a USCC prefix;
    anything else (and also USCC-like text) is searched as part of a name.
    """
    text = unicodedata.normalize("NFKC", (raw or "").strip())
    compact = SPACES.sub("", text)
    if not compact:
        return None
    upper = compact.upper()
    for pattern in (BRACKETED_NUMBER, SHORT_NUMBER):
        match = pattern.match(compact)
        if match and 1900 <= int(match[1]) <= 2199 and int(match[2]) >= 1:
            return SearchTerms(text=compact, year=int(match[1]), seq=int(match[2]))
    match = SEQUENCE_ONLY.match(compact)
    if match and int(match[1]) >= 1:
        return SearchTerms(text=compact, seq=int(match[1]))
    if ID_NUMBER.match(upper):
        return SearchTerms(text=compact, id_number=upper,
                           uscc_prefix=None if is_person(upper) else upper)
    if MOBILE.match(compact) or LANDLINE.match(compact):
        return SearchTerms(text=compact, phone=compact)
    if USCC_PREFIX.match(upper):
        return SearchTerms(text=compact, uscc_prefix=upper, name=compact)
    return SearchTerms(text=compact, name=compact)


def is_person(code: str) -> bool:
    """An 18-character code that can only be an ID number: its birth date and check character
    pass GB 11643-1999 and its check character fails the USCC's (GB 32100-2015)."""
    return id_number_error(code, date.max) is None and not check_uscc(code).ok


def name_grams(name: str | None) -> set[str]:
    """The single characters and character pairs of a folded name: what the side index stores,
    so that any fragment of one or more characters (恒金) is found through an equality lookup."""
    text = fold(name or "")
    return set(text) | {text[i:i + 2] for i in range(len(text) - 1)}


def query_grams(fragment: str) -> set[str]:
    """The grams a fragment's matches must all contain: its pairs, or the character itself."""
    text = fold(fragment)
    if len(text) == 1:
        return {text}
    return {text[i:i + 2] for i in range(len(text) - 1)}
