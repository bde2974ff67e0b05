"""Forms of the police referral: one per step, each carrying the referral's version."""

from __future__ import annotations

from datetime import timedelta

from wtforms import (
    BooleanField, DateTimeLocalField, HiddenField, RadioField, SelectField, StringField,
    SubmitField, TextAreaField,
)
from wtforms.validators import InputRequired, Optional, ValidationError

from wagewatch.models import PoliceDecision, ReferralDocumentKind, ReferralStatus, ReviewResult, utcnow
from wagewatch.services.reference.calendar import app_zone
from wagewatch.web.fields import RECORDED, DateWindow, VersionField, WindowDateField
from wagewatch.web.forms import BaseForm, choices, max_length, required, SubmissionTokenField

INPUT_FORMAT = "%Y-%m-%dT%H:%M"


class BeijingDateTimeField(DateTimeLocalField):
    """A date-and-time input on the Beijing clock whose data is an aware datetime; a new form
    shows the current minute. Its date must lie in ``window`` (acts recorded: 2000-01-01 to
    today), else a message beside the field (year 1 or 9999 never reaches a comparison)."""

    def __init__(self, label=None, validators=None, window: DateWindow = RECORDED,
                 **kwargs) -> None:
        super().__init__(label, validators, format=INPUT_FORMAT, **kwargs)
        self.window = window

    def process_formdata(self, valuelist) -> None:
        if not valuelist:  # a submitted form without the field: no silent "now"
            self.data = None
            return
        super().process_formdata(valuelist)
        if self.data is not None:
            day = self.data.date()
            if not self.window.earliest <= day <= self.window.latest():
                self.data = None
                raise ValueError(self.window.message(day))
            self.data = self.data.replace(tzinfo=app_zone())

    def _value(self) -> str:
        if self.raw_data:
            return " ".join(self.raw_data)
        return self.data.astimezone(app_zone()).strftime(INPUT_FORMAT) if self.data else ""


def not_in_future(form, field) -> None:
    if field.data and field.data > utcnow() + timedelta(minutes=5):
        raise ValidationError("时间不能晚于现在。")


def moment(label: str, message: str = "请填写日期和时间。") -> BeijingDateTimeField:
    # InputRequired, not DataRequired: a mistyped value keeps its own "not a valid" message.
    return BeijingDateTimeField(label, validators=[InputRequired(message), not_in_future],
                                default=lambda: utcnow().astimezone(app_zone()).replace(
                                    second=0, microsecond=0))


class StepForm(BaseForm):
    """Every step form carries the version the page was loaded with (security.md item 18)."""

    version = VersionField()


class StartReferralForm(BaseForm):
    submission_token = SubmissionTokenField()
    reported_at = moment("报告时间")
    report = TextAreaField("专案组报告", validators=[required("请填写报告内容。"), max_length(4000)],
                           description="涉嫌犯罪的事实、欠薪金额和人数、逃避支付的情形、责令支付及送达情况。")
    justification = TextAreaField("移送理由（规则未标记时必填）", validators=[Optional(), max_length(2000)],
                                  description="本案未被规则标记为移送候选时，书面说明为何仍移送。")
    submit = SubmitField("提交报告")


class ApprovalForm(StepForm):
    decision = RadioField("负责人决定", choices=choices([("approve", "批准移送"), ("refuse", "不批准移送")]),
                          validators=[required("请选择是否批准。")])
    approver_name = StringField("负责人", validators=[required("请填写作出决定的负责人。"), max_length(64)])
    approved_at = moment("决定时间")
    note = TextAreaField("意见（不批准的须写明理由）", validators=[Optional(), max_length(2000)])
    submit = SubmitField("记录审批")


class ChecklistForm(StepForm):
    """One note per item of the file (pages, or why the case has none); an item is met by the
    files uploaded to it, never by a tick. Fields are named after the item kinds."""

    submit = SubmitField("保存材料说明")

    @classmethod
    def for_items(cls):
        """The form class with a note_<kind> field per file item."""
        fields = {f"note_{kind.value}": StringField(f"{kind.label}备注",
                                                    validators=[Optional(), max_length(500)])
                  for kind in ReferralDocumentKind}
        return type("ChecklistItemsForm", (cls,), fields)

    def notes(self) -> dict[ReferralDocumentKind, str | None]:
        return {kind: self[f"note_{kind.value}"].data or None for kind in ReferralDocumentKind}


class HandOverForm(StepForm):
    handed_over_at = moment("移送时间")
    police_unit = StringField("接收的公安机关", default="徐州经济技术开发区公安分局",
                              validators=[required("请填写接收移送的公安机关。"), max_length(100)],
                              description="移送时系统制作并编号涉嫌犯罪案件移送书，制作调查报告和移送材料清单，"
                                          "封存移送材料包。")
    note = TextAreaField("说明", validators=[Optional(), max_length(2000)])
    submit = SubmitField("移送公安机关")


class ReceiptForm(StepForm):
    received_at = moment("接收时间")
    receiver = StringField("接收民警", validators=[required("请填写接收的民警。"), max_length(64)])
    submit = SubmitField("记录接收")


class DecisionForm(StepForm):
    decision = RadioField("立案审查决定", validators=[required("请选择立案或不予立案。")])
    decided_at = moment("决定时间")
    police_case_number = StringField("公安案件编号（立案时必填）", validators=[Optional(), max_length(60)])
    reasons = TextAreaField("理由（不予立案时必填）", validators=[Optional(), max_length(4000)])
    submit = SubmitField("记录决定")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.decision.choices = choices((d.value, d.label) for d in PoliceDecision)

    def validate_police_case_number(self, field) -> None:
        if self.decision.data == PoliceDecision.FILED.value and not field.data:
            raise ValidationError("决定立案的，请填写公安机关的案件编号。")

    def validate_reasons(self, field) -> None:
        if self.decision.data == PoliceDecision.DECLINED.value and not field.data:
            raise ValidationError("不予立案的，请填写理由。")


class ReconsiderationRequestForm(StepForm):
    requested_at = moment("提请复议时间")
    note = TextAreaField("复议理由", validators=[required("请填写提请复议的理由。"), max_length(2000)])
    submit = SubmitField("提请复议")


class ReviewAnswerForm(StepForm):
    """The answer to a reconsideration or to procuratorate supervision."""

    answered_at = moment("决定时间")
    result = RadioField("结果", validators=[required("请选择结果。")])
    police_case_number = StringField("公安案件编号（立案时必填）", validators=[Optional(), max_length(60)])
    note = TextAreaField("说明", validators=[Optional(), max_length(2000)])
    submit = SubmitField("记录结果")

    def __init__(self, *args, outcomes: tuple[ReviewResult, ...] = (
            ReviewResult.FILED, ReviewResult.UPHELD), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.result.choices = choices((r.value, r.label) for r in outcomes)

    def validate_police_case_number(self, field) -> None:
        if self.result.data == ReviewResult.FILED.value and not field.data:
            raise ValidationError("决定立案的，请填写公安机关的案件编号。")


class SupervisionRequestForm(StepForm):
    requested_at = moment("建议时间")
    procuratorate = StringField("人民检察院", default="徐州经济技术开发区人民检察院",
                                validators=[required("请填写人民检察院。"), max_length(100)])
    note = TextAreaField("理由", validators=[required("请填写建议立案监督的理由。"), max_length(2000)])
    submit = SubmitField("建议立案监督")


class MaterialsForm(StepForm):
    handed_over_at = moment("移交时间")
    note = TextAreaField("移交清单或说明", validators=[Optional(), max_length(2000)])
    submit = SubmitField("记录移交")


class JudgementForm(StepForm):
    judged_on = WindowDateField("判决日期", validators=[required("请填写判决日期。")])
    court = StringField("人民法院", validators=[required("请填写作出判决的人民法院。"), max_length(100)])
    number = StringField("判决书文号", validators=[Optional(), max_length(60)])
    submit = SubmitField("记录刑事判决")


class CloseReferralForm(StepForm):
    closed_at = moment("结束时间")
    note = TextAreaField("结束理由", validators=[required("请填写结束移送的理由。"), max_length(2000)])
    submit = SubmitField("结束移送")


class NoteForm(BaseForm):
    text = TextAreaField("办理进展", validators=[required("请填写进展内容。"), max_length(2000)])
    submit = SubmitField("添加进展")


class ReferralFilterForm(BaseForm):
    class Meta:
        csrf = False
        locales = ("zh",)

    status = SelectField("状态", validators=[Optional()])
    overdue = BooleanField("只看已逾期")
    page = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.status.choices = choices([("", "全部状态"), *((s.value, s.label) for s in ReferralStatus)])
