"""Masking of personal data for lists, exports, logs and the audit log (security.md item 12)."""

from __future__ import annotations

import re
from typing import Any

#: Field names whose values are personal data and are masked wherever they are recorded.
SENSITIVE_FIELDS = {"id_number": "id", "phone": "phone", "mobile": "phone"}
SECRET_FIELDS = frozenset({"password", "password_hash", "token", "token_hash", "secret"})


def mask_id_number(value: str | None) -> str | None:
    """Show the region's first four and the last four characters: ``3203**********1234``."""
    if not value:
        return value
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_phone(value: str | None) -> str | None:
    """Show the first three and last four digits of a mobile number: ``138****5678``."""
    if not value:
        return value
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[0-9Xx])(?![0-9A-Za-z])")


def mask_text(text: str) -> str:
    """Mask any 18-character ID number that appears inside free text (for logs)."""
    return _ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)) or "", text)


def mask_value(field: str, value: Any) -> Any:
    """Mask one recorded value according to its field name; secrets are never recorded."""
    name = field.lower()
    if name in SECRET_FIELDS or name.endswith("_password"):
        return "[已隐藏]"
    kind = next((k for f, k in SENSITIVE_FIELDS.items() if name.endswith(f)), None)
    if kind == "id" and isinstance(value, str):
        return mask_id_number(value)
    if kind == "phone" and isinstance(value, str):
        return mask_phone(value)
    return value
