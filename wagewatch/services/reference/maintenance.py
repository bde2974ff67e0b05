"""Reference data an administrator maintains: offices, townships, working-day overrides,
crime thresholds."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import func

from wagewatch.extensions import db
from wagewatch.models import (
    CalendarOverride, Case, CrimeThresholdSetting, DayKind, IssuedDocument, Office, Township, User,
    utcnow,
)
from wagewatch.rules.document_numbers import NumberFormatError, check_number_format
from wagewatch.rules.money import yuan
from wagewatch.rules.report_period import PeriodError, check_cutoff_day
from wagewatch.rules.thresholds import KNOWN_THRESHOLDS, threshold_problems
from wagewatch.rules.working_days import PACKAGE_YEARS
from wagewatch.services import ServiceError, audit
from wagewatch.services.cases.registration import refresh_open_case_deadlines
from wagewatch.services.reference.calendar import forget_calendar


def _number_formats(case_format: str | None, document_format: str | None) -> dict[str, str]:
    """The office's case and instrument number formats that were given, checked
    (rules/document_numbers.py); a blank one is left as it is."""
    formats = {}
    for field, given, instrument, length in (
            ("case_number_format", case_format, False, Case.number.type.length),
            ("document_number_format", document_format, True, IssuedDocument.number.type.length)):
        if given is None or not given.strip():
            continue
        try:
            formats[field] = check_number_format(given, instrument=instrument, max_length=length)
        except NumberFormatError as error:
            raise ServiceError(error.message, field=field) from error
    return formats


def save_office(office: Office | None, *, code: str, name: str, actor: User,
                report_cutoff_day: int | None = None,
                require_second_factor: bool | None = None,
                case_number_format: str | None = None,
                document_number_format: str | None = None) -> Office:
    """Create an office (``office`` None) or rename one; codes are unique. The monthly report's
    cut-off day is 1..28, or None for calendar months (rules/report_period.py). With
    ``require_second_factor`` every user of the office signs in with a second factor (None
    leaves the setting as it is). The case number (案号) and instrument number (文号) formats
    apply to numbers taken from now on; a blank one is left as it is (new offices get the
    default)."""
    code = code.strip().upper()
    try:
        check_cutoff_day(report_cutoff_day)
    except PeriodError as error:
        raise ServiceError(str(error), field="report_cutoff_day") from error
    formats = _number_formats(case_number_format, document_number_format)
    clash = db.session.scalar(
        db.select(Office.id).where(Office.code == code,
                                   Office.id != (office.id if office else -1))
    )
    if clash is not None:
        raise ServiceError("该机构代码已存在。", field="code")
    before = {} if office is None else _office_snapshot(office)
    if office is None:
        office = Office(code=code, name=name.strip(), report_cutoff_day=report_cutoff_day,
                        require_second_factor=bool(require_second_factor), **formats)
        db.session.add(office)
    else:
        office.code, office.name = code, name.strip()
        office.report_cutoff_day = report_cutoff_day
        if require_second_factor is not None:
            office.require_second_factor = require_second_factor
        for field, value in formats.items():
            setattr(office, field, value)
    db.session.flush()
    audit.record("office.create" if not before else "office.update", object_type="office",
                 object_id=office.id, actor=actor,
                 changes=audit.changes_between(before, _office_snapshot(office)))
    db.session.commit()
    return office


def _office_snapshot(office: Office) -> dict:
    return {"code": office.code, "name": office.name,
            "report_cutoff_day": office.report_cutoff_day,
            "require_second_factor": bool(office.require_second_factor),
            "case_number_format": office.case_number_format,
            "document_number_format": office.document_number_format}


def save_township(
    township: Township | None, *, office: Office, name: str, sort_order: int, active: bool,
    actor: User,
) -> Township:
    """Create or edit a township of an office; names are unique within the office."""
    name = name.strip()
    clash = db.session.scalar(
        db.select(Township.id).where(
            Township.office_id == office.id, Township.name == name,
            Township.id != (township.id if township else -1))
    )
    if clash is not None:
        raise ServiceError("本机构已有同名镇（街道）。", field="name")
    before = {} if township is None else _township_fields(township)
    if township is None:
        township = Township(office=office)
        db.session.add(township)
    township.name, township.sort_order, township.active = name, sort_order, active
    db.session.flush()
    audit.record("township.create" if not before else "township.update", object_type="township",
                 object_id=township.id, actor=actor,
                 changes=audit.changes_between(before, _township_fields(township)))
    db.session.commit()
    return township


def _township_fields(township: Township) -> dict:
    return {"name": township.name, "sort_order": township.sort_order, "active": township.active,
            "office_id": township.office_id}


def next_township_order(office: Office) -> int:
    """The sort position after the office's last township."""
    highest = db.session.scalar(
        db.select(func.max(Township.sort_order)).where(Township.office_id == office.id))
    return (highest or 0) + 10


def calendar_package_years() -> range:
    """Years whose official working-day calendar the chinesecalendar package carries."""
    return range(min(PACKAGE_YEARS), max(PACKAGE_YEARS) + 1)


def add_calendar_override(*, day: date, kind: DayKind, note: str, actor: User) -> CalendarOverride:
    """Record a State Council holiday or make-up working day for a year the package lacks."""
    if day.year in calendar_package_years():
        raise ServiceError(
            f"{day.year}年的工作日安排已由日历数据提供，无需手工调整。", field="day")
    if db.session.scalar(db.select(CalendarOverride.id).where(CalendarOverride.day == day)):
        raise ServiceError("该日期已有调整记录。", field="day")
    override = CalendarOverride(day=day, kind=kind, note=note.strip(), created_by_id=actor.id)
    db.session.add(override)
    db.session.flush()
    audit.record("calendar_override.create", object_type="calendar_override",
                 object_id=override.id, actor=actor,
                 changes=audit.changes_between({}, {"day": day, "kind": str(kind), "note": note}))
    _refresh_deadlines(day)
    db.session.commit()
    return override


def delete_calendar_override(override: CalendarOverride, *, actor: User) -> None:
    """Remove a wrongly entered override (audited with its old value)."""
    audit.record("calendar_override.delete", object_type="calendar_override",
                 object_id=override.id, actor=actor,
                 changes=audit.changes_between(
                     {"day": override.day, "kind": str(override.kind), "note": override.note}, {}))
    db.session.delete(override)
    db.session.flush()
    _refresh_deadlines(override.day)
    db.session.commit()


def _refresh_deadlines(day: date) -> None:
    """Open cases whose deadlines reach the changed day are recounted in the same transaction."""
    forget_calendar()
    refreshed = refresh_open_case_deadlines(since=day)
    if refreshed:
        audit.record("case.deadlines_refreshed", object_type="calendar_override",
                     detail=f"工作日调整 {day} 后重新计算了{refreshed}件在办案件的期限")


def ensure_thresholds() -> None:
    """Store the known provinces' crime thresholds where none is configured (caller commits)."""
    present = set(db.session.scalars(db.select(CrimeThresholdSetting.region)))
    for known in KNOWN_THRESHOLDS:
        if known.region not in present:
            db.session.add(CrimeThresholdSetting(
                region=known.region, name=known.name,
                single_worker_yuan=known.single_worker_yuan, group_yuan=known.group_yuan))


def save_threshold(setting: CrimeThresholdSetting, *, single_worker_yuan: Decimal,
                   group_yuan: Decimal, actor: User) -> None:
    """Change a province's 数额较大 figures (yuan), within the national ranges of S-JI art. 3;
    every case is judged on the new figures at the next evaluation."""
    single_worker_yuan, group_yuan = yuan(single_worker_yuan), yuan(group_yuan)
    problems = threshold_problems(single_worker_yuan, group_yuan)
    if problems:
        raise ServiceError(problems[0], field="single_worker_yuan"
                           if "单人" in problems[0] else "group_yuan")
    before = {"single_worker_yuan": setting.single_worker_yuan, "group_yuan": setting.group_yuan}
    setting.single_worker_yuan, setting.group_yuan = single_worker_yuan, group_yuan
    setting.updated_by_id, setting.updated_at = actor.id, utcnow()
    audit.record("crime_threshold.update", object_type="crime_threshold",
                 object_id=setting.region, actor=actor, changes=audit.changes_between(
                     before, {"single_worker_yuan": single_worker_yuan, "group_yuan": group_yuan}))
    db.session.commit()


def set_office_region(office: Office, region: str, actor: User) -> None:
    """Choose which province's crime threshold applies to an office's cases."""
    if db.session.get(CrimeThresholdSetting, region) is None:
        raise ServiceError("未知的地区。", field="region")
    before = {"region": office.region}
    office.region = region
    audit.record("office.update", object_type="office", object_id=office.id, actor=actor,
                 changes=audit.changes_between(before, {"region": region}))
    db.session.commit()
