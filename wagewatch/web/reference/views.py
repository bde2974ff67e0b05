"""Reference-data views for the administrator: offices, townships, working-day overrides."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wagewatch.extensions import db
from wagewatch.models import CalendarOverride, CrimeThresholdSetting, DayKind, Office, Role, Township
from wagewatch.services import ServiceError
from wagewatch.services.reference import calendar_years, maintenance
from wagewatch.services.reference.calendar import today
from wagewatch.web.admin.forms import ConfirmForm
from wagewatch.web.forms import choices
from wagewatch.web.permissions import guard
from wagewatch.web.reference.forms import (
    CalendarOverrideForm, CalendarYearForm, OfficeForm, OfficeRegionForm, ThresholdForm, TownshipForm,
)

bp = guard(Blueprint("reference", __name__, url_prefix="/admin/reference"), {Role.ADMIN})


@bp.route("/offices")
def list_offices():
    offices = db.session.scalars(db.select(Office).order_by(Office.code)).all()
    return render_template("reference/office_list.html", offices=offices)


@bp.route("/offices/new", methods=["GET", "POST"], defaults={"office_id": None})
@bp.route("/offices/<int:office_id>/edit", methods=["GET", "POST"])
def edit_office(office_id: int | None):
    office = db.get_or_404(Office, office_id) if office_id else None
    form = OfficeForm(obj=office)
    if form.validate_on_submit():
        try:
            maintenance.save_office(office, code=form.code.data, name=form.name.data,
                                  actor=current_user,
                                  report_cutoff_day=form.report_cutoff_day.data,
                                  require_second_factor=form.require_second_factor.data,
                                  case_number_format=form.case_number_format.data,
                                  document_number_format=form.document_number_format.data)
        except ServiceError as error:
            getattr(form, error.field or "name").errors.append(error.message)
        else:
            flash("机构已保存。", "success")
            return redirect(url_for("reference.list_offices"))
    return render_template("reference/office_form.html", form=form, office=office)


@bp.route("/offices/<int:office_id>/townships")
def list_townships(office_id: int):
    office = db.get_or_404(Office, office_id)
    return render_template("reference/township_list.html", office=office)


@bp.route("/offices/<int:office_id>/townships/new", methods=["GET", "POST"],
          defaults={"township_id": None})
@bp.route("/offices/<int:office_id>/townships/<int:township_id>/edit", methods=["GET", "POST"])
def edit_township(office_id: int, township_id: int | None):
    office = db.get_or_404(Office, office_id)
    township = db.get_or_404(Township, township_id) if township_id else None
    if township is not None and township.office_id != office.id:
        abort(404)
    form = TownshipForm(obj=township)
    if request.method == "GET" and township is None:
        form.sort_order.data = maintenance.next_township_order(office)
    if form.validate_on_submit():
        try:
            maintenance.save_township(township, office=office, name=form.name.data,
                                    sort_order=form.sort_order.data or 0,
                                    active=form.active.data, actor=current_user)
        except ServiceError as error:
            getattr(form, error.field or "name").errors.append(error.message)
        else:
            flash("镇（街道）已保存。", "success")
            return redirect(url_for("reference.list_townships", office_id=office.id))
    return render_template("reference/township_form.html", form=form, office=office,
                           township=township)


@bp.route("/calendar", methods=["GET", "POST"])
def list_calendar_overrides():
    form = CalendarOverrideForm()
    if form.validate_on_submit():
        try:
            maintenance.add_calendar_override(day=form.day.data, kind=DayKind(form.kind.data),
                                            note=form.note.data or "", actor=current_user)
        except ServiceError as error:
            getattr(form, error.field or "day").errors.append(error.message)
        else:
            flash("已添加工作日调整。", "success")
            return redirect(url_for("reference.list_calendar_overrides"))
    return _calendar_page(form, CalendarYearForm(formdata=None))


def _calendar_page(form: CalendarOverrideForm, year_form: CalendarYearForm):
    overrides = db.session.scalars(db.select(CalendarOverride).order_by(CalendarOverride.day)).all()
    return render_template("reference/calendar_list.html", form=form, overrides=overrides,
                           year_form=year_form, years=calendar_years.year_rows(today()),
                           known_years=maintenance.calendar_package_years(),
                           delete_form=ConfirmForm())


@bp.route("/calendar/years/complete", methods=["POST"])
def complete_calendar_year():
    """Mark a year's State Council schedule entered in full; open deadlines are recounted."""
    year_form = CalendarYearForm()
    if year_form.validate_on_submit():
        try:
            calendar_years.mark_complete(year_form.year.data,
                                         notice_reference=year_form.notice_reference.data or "",
                                         confirmed_empty=year_form.confirm_empty.data,
                                         actor=current_user)
        except ServiceError as error:
            getattr(year_form, error.field or "year").errors.append(error.message)
        else:
            flash(f"已确认{year_form.year.data}年全年安排录入完毕，在办案件的期限已重新计算。", "success")
            return redirect(url_for("reference.list_calendar_overrides"))
    return _calendar_page(CalendarOverrideForm(formdata=None), year_form), 400


@bp.route("/calendar/years/<int:year>/reopen", methods=["POST"])
def reopen_calendar_year(year: int):
    """Make a year provisional again; open deadlines reaching into it are marked provisional."""
    if ConfirmForm().validate_on_submit():
        try:
            calendar_years.reopen(year, actor=current_user)
        except ServiceError as error:
            flash(error.message, "danger")
        else:
            flash(f"{year}年已重新设为暂定，相关期限已重新计算。", "warning")
    return redirect(url_for("reference.list_calendar_overrides"))


@bp.route("/calendar/<int:override_id>/delete", methods=["POST"])
def delete_calendar_override(override_id: int):
    override = db.get_or_404(CalendarOverride, override_id)
    if ConfirmForm().validate_on_submit():
        maintenance.delete_calendar_override(override, actor=current_user)
        flash(f"已删除 {override.day} 的调整。", "success")
    return redirect(url_for("reference.list_calendar_overrides"))


@bp.route("/thresholds", methods=["GET", "POST"])
def list_thresholds():
    """The provinces' 数额较大 figures, and which one each office applies."""
    settings = db.session.scalars(db.select(CrimeThresholdSetting)
                                  .order_by(CrimeThresholdSetting.region)).all()
    offices = db.session.scalars(db.select(Office).order_by(Office.code)).all()
    form = OfficeRegionForm()
    form.region.choices = choices((s.region, s.name) for s in settings)
    if form.validate_on_submit():
        office = db.get_or_404(Office, request.args.get("office", type=int))
        maintenance.set_office_region(office, form.region.data, current_user)
        chosen = next(s.name for s in settings if s.region == form.region.data)
        flash(f"{office.name}已改用{chosen}的标准。", "success")
        return redirect(url_for("reference.list_thresholds"))
    return render_template("reference/threshold_list.html", settings=settings, offices=offices,
                           form=form)


@bp.route("/thresholds/<region>", methods=["GET", "POST"])
def edit_threshold(region: str):
    setting = db.get_or_404(CrimeThresholdSetting, region)
    form = ThresholdForm(obj=setting)
    if form.validate_on_submit():
        try:
            maintenance.save_threshold(setting, single_worker_yuan=form.single_worker_yuan.data,
                                     group_yuan=form.group_yuan.data, actor=current_user)
        except ServiceError as error:
            getattr(form, error.field or "single_worker_yuan").errors.append(error.message)
        else:
            flash(f"已更新{setting.name}的标准，下次规则评估时生效。", "success")
            return redirect(url_for("reference.list_thresholds"))
    return render_template("reference/threshold_form.html", form=form, setting=setting)
