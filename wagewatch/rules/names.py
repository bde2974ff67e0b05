"""Company-name normalisation, so that 徐州某某建设有限公司 and 徐州某某建设（有限公司） match."""

from __future__ import annotations

import re
import unicodedata

#: Legal-form suffixes removed before names are compared, longest first.
LEGAL_FORMS = (
    "股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团公司", "分公司", "总公司",
    "股份", "公司", "合伙企业", "个人独资企业", "个体工商户", "工作室", "经营部",
)
BRACKETS = re.compile(r"[()（）\[\]【】〔〕{}<>《》\"'“”‘’]")
SPACES = re.compile(r"[\s·•.,，、。]+")


def normalise_name(name: str) -> str:
    """Comparable form of a company name: full-width folded, brackets, spaces and legal forms removed."""
    text = unicodedata.normalize("NFKC", name or "").strip().lower()
    text = BRACKETS.sub("", text)
    text = SPACES.sub("", text)
    changed = True
    while changed and text:
        changed = False
        for suffix in LEGAL_FORMS:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                changed = True
                break
    return text
