"""Typed SQLAlchemy models, one noun per module, re-exported here."""

from wagewatch.models.audit import AuditEvent
from wagewatch.models.base import Base, utcnow
from wagewatch.models.calendar import CalendarOverride, DayKind
from wagewatch.models.office import Office, Township
from wagewatch.models.user import ROLE_LABELS, Role, User, UserSession

__all__ = [
    "AuditEvent", "Base", "CalendarOverride", "DayKind", "Office", "ROLE_LABELS", "Role",
    "Township", "User", "UserSession", "utcnow",
]
