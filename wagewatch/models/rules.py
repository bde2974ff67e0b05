"""Rule settings and stored rule decisions: the crime threshold per region, flags with reasons,
the employers whose facts changed since the last run, and the runs themselves."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Numeric, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from wagewatch.models.base import Base, BigIntPK, utcnow


class CrimeThresholdSetting(Base):
    """A province's 数额较大 figures (S-JI art. 3), editable by the administrator."""

    __tablename__ = "crime_threshold"

    region: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    single_worker_yuan: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    group_yuan: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))


#: The current flags: the partial indexes below hold only these rows (the lists read nothing else).
CURRENT_FLAG: dict[str, Any] = {"postgresql_where": text("flagged IS true AND superseded_at IS NULL"),
                "sqlite_where": text("flagged IS 1 AND superseded_at IS NULL")}


class RuleDecision(Base):
    """A rule's outcome for one case and its employer, with reasons, kept as history.

    The current decision has no ``superseded_at``; a changed outcome or reason supersedes it, so
    "why was this flagged on that day?" is answered by the row current on that day. ``lapsed_on``
    is the pay-by day at whose end the case's served order lapsed unpaid, as the rules judged it:
    the candidate lists are ordered by it (the listing decision is due 20 working days after it).
    """

    __tablename__ = "rule_decision"
    __table_args__ = (
        Index("ix_rule_decision_contractor", "contractor_id", "rule", "decided_at"),
        Index("ix_rule_decision_case", "case_id", "rule", "superseded_at"),
        Index("ix_rule_decision_flag_lapse", "office_id", "lapsed_on", "contractor_id",
              **CURRENT_FLAG),
        # The police home's newly flagged contractors: the newest current flags, read backwards.
        Index("ix_rule_decision_flag_recent", "office_id", "decided_at", "id", **CURRENT_FLAG),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    #: The case's office, copied for the lists' indexes; not a foreign key: checking it on every
    #: row `rules run` writes locked the one office row from every writing process (the case and
    #: the contractor, which fix the office, are keys).
    office_id: Mapped[int]
    contractor_id: Mapped[int] = mapped_column(ForeignKey("contractor.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"))
    rule: Mapped[str] = mapped_column(String(32))
    flagged: Mapped[bool]
    summary: Mapped[str] = mapped_column(Text)
    reasons: Mapped[dict[str, Any]] = mapped_column(JSON)
    as_of: Mapped[date]
    lapsed_on: Mapped[date | None]
    decided_at: Mapped[datetime] = mapped_column(default=utcnow)
    superseded_at: Mapped[datetime | None]


class RuleDirtyEmployer(Base):
    """An employer whose rule facts changed (or whose decisions were written outside a run):
    marked in the transaction of the change, consumed by the next `rules run`. One row per
    change; the set is the distinct contractor ids."""

    __tablename__ = "rule_dirty_employer"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True)
    #: No foreign key: a mark outlives nothing it names (a removed record's cases are gone).
    contractor_id: Mapped[int] = mapped_column(index=True)
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)


class RuleRun(Base):
    """One `rules run`: the day it judged deadlines on, its scope (an office or all) and whether
    it evaluated everything or only what changed since the run before."""

    __tablename__ = "rule_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("office.id"))
    as_of: Mapped[date]
    everything: Mapped[bool]
    employers: Mapped[int] = mapped_column(default=0)
    evaluated: Mapped[int] = mapped_column(default=0)
    changed: Mapped[int] = mapped_column(default=0)
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]
