"""Workflow and money steps of a case, one POST form each: accept, decline, extend, close,
payment orders, extra compensation, recoveries, confirmed amounts."""

from __future__ import annotations

import secrets
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from wagewatch.models import (
    Case, CaseWorker, Contractor, NotAcceptedReason, Payer, PaymentOrder, ReferralTarget, Role,
)
from wagewatch.rules.case_flow import ACTION_LABELS
from wagewatch.services import ServiceError
from wagewatch.services.cases import case_steps, registration, payments
from wagewatch.web.cases.forms import (
    AcceptForm, AllocationRowForm, CloseForm, ConfirmAllAmountsForm, ConfirmAmountForm, ExtendForm,
    ExtraCompensationForm, NotAcceptForm, PaymentOrderForm, RecoveryForm,
)
from wagewatch.web.cases.views import field_error
from wagewatch.web.forms import choices
from wagewatch.web.permissions import guard
from wagewatch.web.scoping import get_in_office_or_404, get_part_or_404

bp = guard(Blueprint("case_steps", __name__, url_prefix="/cases"), {Role.CLERK})


def _done(case: Case, message: str):
    flash(message, "success")
    return redirect(url_for("cases.show_case", case_id=case.id))


def _page(template: str, case: Case, form, **extra):
    return render_template(f"cases/{template}", case=case, form=form, **extra)


@bp.route("/<int:case_id>/accept", methods=["GET", "POST"])
def accept(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    form = AcceptForm()
    if form.validate_on_submit():
        try:
            case_steps.accept(case, form.decided_on.data, current_user, form.note.data or None)
        except ServiceError as error:
            field_error(form, error, "decided_on")
        else:
            return _done(case, "已受理并立案，办案期限60个工作日。")
    check = case_steps.limitation(case)
    return _page("step_form.html", case, form, title=ACTION_LABELS["accept"],
                 hint=f"受理时效（S-423 art. 20）：{check.summary}。")


@bp.route("/<int:case_id>/not-accept", methods=["GET", "POST"])
def not_accept(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    form = NotAcceptForm()
    if form.validate_on_submit():
        try:
            case_steps.not_accept(case, NotAcceptedReason(form.reason.data), form.note.data,
                                  form.notice_on.data, current_user)
        except ServiceError as error:
            field_error(form, error, "reason")
        else:
            return _done(case, "已决定不予受理，并记录书面告知。")
    return _page("step_form.html", case, form, title=ACTION_LABELS["not_accept"])


@bp.route("/<int:case_id>/extend", methods=["GET", "POST"])
def extend(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    form = ExtendForm()
    if form.validate_on_submit():
        try:
            case_steps.extend_investigation(case, form.approver.data, form.approved_on.data,
                                            form.reason.data, current_user)
        except ServiceError as error:
            field_error(form, error, "approver")
        else:
            return _done(case, f"办案期限已延长至 {case.investigation_due_on}。")
    return _page("step_form.html", case, form, title=ACTION_LABELS["extend"])


@bp.route("/<int:case_id>/<any(resolve, withdraw, refer):step>", methods=["GET", "POST"])
def close(case_id: int, step: str):
    action = step
    case = get_in_office_or_404(Case, case_id)
    form = CloseForm()
    if form.validate_on_submit():
        try:
            case_steps.close(case, action, form.closed_on.data, form.note.data, current_user,
                             ReferralTarget(form.target.data) if form.target.data else None,
                             form.department.data or None)
        except ServiceError as error:
            field_error(form, error, "note")
        else:
            return _done(case, f"案件已{ACTION_LABELS[action]}。")
    skip = () if action == "refer" else ("target", "department")
    hint = "本表只用于移送其他部门；移送公安机关请在案件页点击“移送公安”。" if action == "refer" else None
    return _page("step_form.html", case, form, title=ACTION_LABELS[action], skip=skip, hint=hint)


@bp.route("/<int:case_id>/payment-orders/new", methods=["GET", "POST"])
def issue_payment_order(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    form = PaymentOrderForm()
    if form.validate_on_submit():
        try:
            order = payments.issue_payment_order(case, payments.OrderInput(
                issued_on=form.issued_on.data,
                pay_within_working_days=form.pay_within_working_days.data), current_user)
        except ServiceError as error:
            field_error(form, error, "issued_on")
        else:
            return _done(case, f"已签发{order.document_number}，请打印、盖章后送达，并登记送达（送达后起算支付期限）。")
    return _page("payment_order_form.html", case, form, balances=payments.balances(case))


@bp.route("/<int:case_id>/payment-orders/<int:order_id>/extra-compensation",
          methods=["GET", "POST"])
def order_extra_compensation(case_id: int, order_id: int):
    case = get_in_office_or_404(Case, case_id)
    order = get_part_or_404(PaymentOrder, order_id, case, "case")
    if request.method == "GET" and order.service_note:
        flash(f"{order.document_number}：{order.service_note}，不能责令加付赔偿金。", "warning")
        return redirect(url_for("cases.show_case", case_id=case.id))
    form = ExtraCompensationForm()
    if form.validate_on_submit():
        try:
            amount = payments.order_extra_compensation(
                order, Decimal(form.rate_percent.data) / 100, form.ordered_on.data, current_user)
        except ServiceError as error:
            field_error(form, error, "rate_percent")
        else:
            return _done(case, f"已责令加付赔偿金 {amount:,.2f} 元。")
    return _page("step_form.html", case, form, title="责令加付赔偿金",
                 hint=f"文书 {order.document_number} 的支付期限为 {order.pay_by_on or '（未送达）'}。")


@bp.route("/<int:case_id>/recoveries/new", methods=["GET", "POST"])
def record_recovery(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    form = RecoveryForm()
    workers = {cw.id: cw for cw in case.workers}
    if request.method == "GET":
        form.submission_token.data = secrets.token_urlsafe(24)
        for cw in case.workers:
            form.allocations.append_entry({"case_worker_id": str(cw.id)})
    form.payer_contractor_id.choices = choices([(0, "（不指定）"), *(
        (c.id, c.name) for c in _case_contractors(case))])
    if form.validate_on_submit():
        try:
            payments.record_recovery(case, payments.RecoveryInput(
                paid_on=form.paid_on.data, amount_yuan=form.amount_yuan.data,
                payer=Payer(form.payer.data),
                payer_contractor_id=form.payer_contractor_id.data or None,
                note=form.note.data or None,
                allocations=_allocations(form)), current_user, form.submission_token.data or None)
        except ServiceError as error:
            field_error(form, error, "amount_yuan")
        else:
            return _done(case, f"已记录支付 {form.amount_yuan.data:,.2f} 元。")
    return _page("recovery_form.html", case, form, workers=workers,
                 balances=payments.balances(case))


def _allocations(form: RecoveryForm) -> dict[int, Decimal]:
    result: dict[int, Decimal] = {}
    for entry in form.allocations:
        row: AllocationRowForm = entry.form
        if row.amount_yuan.data and (row.case_worker_id.data or "").isdigit():
            result[int(row.case_worker_id.data)] = row.amount_yuan.data
    return result


def _case_contractors(case: Case) -> list[Contractor]:
    seen = {case.employer.id: case.employer}
    for party in case.parties:
        seen.setdefault(party.contractor.id, party.contractor)
    if case.project is not None:
        for contractor in (case.project.general_contractor, case.project.owner):
            if contractor is not None:
                seen.setdefault(contractor.id, contractor)
    return list(seen.values())


@bp.route("/<int:case_id>/workers/confirm", methods=["GET", "POST"])
def confirm_amounts(case_id: int):
    case = get_in_office_or_404(Case, case_id)
    workers = {str(cw.id): cw for cw in case.workers}
    form = ConfirmAllAmountsForm()
    if request.method == "GET":
        for cw in case.workers:
            form.rows.append_entry({"case_worker_id": str(cw.id), "months_owed": cw.months_owed,
                                    "confirmed_yuan": cw.confirmed_yuan if cw.confirmed_yuan is not None
                                    else cw.claimed_yuan})
    posted = [(workers.get(entry.form.case_worker_id.data), entry.form) for entry in form.rows]
    rows = [(cw, row) for cw, row in posted if cw is not None]
    if len(rows) != len(posted) or len({cw.id for cw, _ in rows}) != len(workers):
        abort(400)  # a posted form must carry exactly the case's workers
    if form.validate_on_submit():
        try:
            changed = registration.confirm_worker_amounts(
                case, [(cw, row.confirmed_yuan.data, row.months_owed.data) for cw, row in rows],
                current_user)
        except ServiceError as error:
            form.form_errors.append(error.message)
        else:
            return _done(case, f"已核定 {changed} 名工人的欠薪金额。" if changed else "核定金额没有变化。")
    return _page("confirm_amounts.html", case, form, rows=rows)


@bp.route("/<int:case_id>/workers/<int:case_worker_id>/confirm", methods=["GET", "POST"])
def confirm_amount(case_id: int, case_worker_id: int):
    case = get_in_office_or_404(Case, case_id)
    case_worker = get_part_or_404(CaseWorker, case_worker_id, case, "case")
    form = ConfirmAmountForm(obj=case_worker if request.method == "GET" else None)
    if request.method == "GET" and case_worker.confirmed_yuan is None:
        form.confirmed_yuan.data = case_worker.claimed_yuan
    if form.validate_on_submit():
        registration.confirm_worker_amount(case_worker, form.confirmed_yuan.data,
                                    form.months_owed.data, current_user)
        return _done(case, f"已核定 {case_worker.worker.name} 的欠薪金额。")
    return _page("step_form.html", case, form, title=f"核定欠薪：{case_worker.worker.name}")
