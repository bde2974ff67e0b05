"""Audit-log entries in Chinese: the labels of enum values a change recorded (statuses, payers,
roles), read from the models' own enums, keyed by the audited object's table and the field."""

from __future__ import annotations

import ast
import enum
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import Enum

from wagewatch.instruments.kinds import KINDS
from wagewatch.models import ROLE_LABELS, AuditEvent, Role
from wagewatch.models.base import Base
from wagewatch.rules.audit_labels import FIELD_LABELS, action_label, object_label
from wagewatch.rules.referral_file import FILE_ITEM_LABELS


@cache
def _enums() -> tuple[dict[tuple[str, str], type[enum.Enum]], dict[str, list[type[enum.Enum]]]]:
    """Enum classes by (table, column) and by column name alone, from every mapped model."""
    by_table: dict[tuple[str, str], type[enum.Enum]] = {}
    by_name: dict[str, list[type[enum.Enum]]] = {}
    for table in Base.metadata.sorted_tables:
        for column in table.columns:
            enum_class = getattr(column.type, "enum_class", None) if isinstance(column.type, Enum) \
                else None
            if enum_class is not None and hasattr(enum_class, "label"):
                by_table[(table.name, column.name)] = enum_class
                if enum_class not in by_name.setdefault(column.name, []):
                    by_name[column.name].append(enum_class)
    return by_table, by_name


def role_label(role: str | None) -> str:
    """A recorded role (``clerk``) as its Chinese name (监察员)."""
    try:
        return ROLE_LABELS[Role(role or "")]
    except ValueError:
        return role or ""


def field_name(field: str) -> str:
    """A field of a recorded change in Chinese: the audit table's label, else a referral file
    item's (the checklist of S-310 materials), else the field itself."""
    return FIELD_LABELS.get(field) or FILE_ITEM_LABELS.get(field) or field


def value_label(object_type: str | None, field: str, value: Any) -> str:
    """A recorded value as shown to the auditor: an enum value as its label (the audited object's
    own column first, else any model's column of that name), an instrument kind by its title,
    booleans as 是/否, none as （空）, a list item by item."""
    if value is None or value == "" or value == []:
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value_label(object_type, field, v) for v in value if v is not None) \
            or "（空）"
    if not isinstance(value, str):
        return str(value)
    if value.startswith("[") and value.endswith("]"):  # a list the log stored as its text
        try:
            items = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            items = None
        if isinstance(items, list):
            return value_label(object_type, field, items)
    if field == "kind" and value in KINDS:
        return KINDS[value].title
    by_table, by_name = _enums()
    candidates = ([by_table[(object_type, field)]]
                  if object_type is not None and (object_type, field) in by_table else [])
    candidates += by_name.get(field, [])
    for enum_class in candidates:
        try:
            return enum_class(value).label  # type: ignore[attr-defined]
        except ValueError:
            continue
    return str(value)


@dataclass(frozen=True)
class Entry:
    """One audit entry as the auditor reads it."""

    event: AuditEvent
    action: str
    role: str
    target: str
    changes: list[tuple[str, str, str]]


def entry(event: AuditEvent) -> Entry:
    """The entry's action, role, object and each changed field with its old and new value in
    Chinese (enum values by their labels)."""
    changes = [(field_name(name), value_label(event.object_type, name, values[0]),
                value_label(event.object_type, name, values[1]))
               for name, values in (event.changes or {}).items()]
    target = object_label(event.object_type) + (f" #{event.object_id}" if event.object_id else "")
    return Entry(event, action_label(event.action), role_label(event.actor_role), target, changes)
