"""Hostile text: C0 control characters and text made only of invisible characters (security.md item 25)."""

from __future__ import annotations

import re
import unicodedata

#: C0 control characters and DEL. PostgreSQL refuses NUL in text; openpyxl refuses the rest.
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: The same, but tab, line feed and carriage return are allowed: multi-line text keeps its lines.
CONTROL_IN_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

CONTROL_MESSAGE = "含有不可见的控制字符（如NUL），请删除后重新填写此项。"
INVISIBLE_MESSAGE = "只含有不可见的字符（零宽或文字方向控制字符），请填写实际内容。"


def has_control(text: str, multiline: bool = False) -> bool:
    """Whether the text holds a C0 control character (tab, LF and CR allowed when multi-line)."""
    return bool((CONTROL_IN_MULTILINE if multiline else CONTROL).search(text))


def without_control(text: str, multiline: bool = False) -> str:
    """The text with its C0 control characters removed."""
    return (CONTROL_IN_MULTILINE if multiline else CONTROL).sub("", text)


def only_invisible(text: str) -> bool:
    """Whether non-empty text shows nothing: only zero-width, bidi and other format characters
    (Unicode category Cf, e.g. U+200B, U+200D, U+202E, U+FEFF) and spaces."""
    return bool(text) and all(unicodedata.category(c) == "Cf" or c.isspace() for c in text) \
        and any(unicodedata.category(c) == "Cf" for c in text)


def text_error(text: str, multiline: bool = False) -> str | None:
    """The refusal of hostile text typed into a form or a query parameter, or None."""
    if has_control(text, multiline):
        return CONTROL_MESSAGE
    if only_invisible(text):
        return INVISIBLE_MESSAGE
    return None
