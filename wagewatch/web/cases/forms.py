"""Forms of the case registry: registration with worker rows, workflow steps, money."""

from __future__ import annotations

from wtforms import (
    BooleanField, FieldList, FormField, HiddenField, IntegerField,
    SelectField, StringField, SubmitField, TextAreaField,
)
from wtforms.validators import NumberRange, Optional

from wagewatch.models import Channel, Liability, NotAcceptedReason, Payer, ReferralTarget, Sector
from wagewatch.rules.case_flow import PAY_WITHIN_WORKING_DAYS
from wagewatch.web.fields import (
    PAST_FACT, SEARCHED, WORK, ExactDecimalField, NumberSettings, VersionField, WindowDateField,
)
from wagewatch.web.forms import CONTRACTOR_INPUT, BaseForm, RowForm, choices, max_length, required, SubmissionTokenField
from wagewatch.web.validators import id_number_valid, phone_valid

MONEY_RANGE: NumberSettings = {"maximum": 10**11, "range_message": "金额须在0至1000亿元之间。"}
MONTHS: NumberSettings = {"places": 1, "maximum": 600, "unit": "个月", "example": "3.5",
          "range_message": "欠薪月数须在0至600之间。"}
#: A typed picker: the datalist suggests from a JSON lookup (static/lookup.js), the server
#: resolves what was typed (services/cases/pickers.py), so no page lists a whole office.
PROJECT_INPUT = {"list": "project-options", "data-lookup": "", "autocomplete": "off",
                 "placeholder": "输入项目名称的一部分"}
HANDLER_INPUT = {"list": "handler-options", "data-lookup": "", "autocomplete": "off",
                 "placeholder": "姓名或账号"}




class WorkerRowForm(RowForm):
    """One worker row of the registration form (the outer form carries the CSRF token)."""

    name = StringField("姓名", validators=[Optional(), max_length(64)])
    id_number = StringField("身份证号码", validators=[Optional(), id_number_valid])
    phone = StringField("手机号码", validators=[Optional(), phone_valid])
    work_from = WindowDateField("务工起始", window=WORK, validators=[Optional()])
    work_to = WindowDateField("务工截止", window=WORK, validators=[Optional()])
    months_owed = ExactDecimalField("欠薪月数", [Optional()], **MONTHS)
    claimed_yuan = ExactDecimalField("主张金额（元）", [Optional()], **MONEY_RANGE)
    representative = BooleanField("代表")

    def is_blank(self) -> bool:
        return not any((self.name.data, self.id_number.data, self.phone.data,
                        self.months_owed.data, self.claimed_yuan.data))

    def validate_row(self) -> bool:
        """A filled row needs name, ID number, months owed and the amount claimed."""
        ok = True
        for field, message in ((self.name, "请填写姓名。"), (self.id_number, "请填写身份证号码。"),
                               (self.months_owed, "请填写欠薪月数。"),
                               (self.claimed_yuan, "请填写主张金额。")):
            if field.data in (None, ""):
                field.errors = [*field.errors, message]
                ok = False
        if self.work_from.data and self.work_to.data and self.work_to.data < self.work_from.data:
            self.work_to.errors = [*self.work_to.errors, "截止日期不能早于起始日期。"]
            ok = False
        return ok


class CaseFactsMixin:
    group_incident = BooleanField("发生群体性事件")
    extreme_incident = BooleanField("发生极端事件")
    employer_absconded = BooleanField("用人单位（负责人）逃匿")
    property_transferred = BooleanField("转移、隐匿财产")
    records_destroyed = BooleanField("隐匿、销毁或篡改工资支付记录")
    no_show_after_notice = BooleanField("经有效方式通知后不到场或拒不支付")
    ability_to_pay = BooleanField("有能力支付而不支付")


class CaseForm(CaseFactsMixin, BaseForm):
    submission_token = SubmissionTokenField()
    screened_employer = HiddenField()  # the employer whose screening the clerk has seen
    received_on = WindowDateField("收到投诉日期", validators=[required("请填写收到投诉的日期。")])
    channel = SelectField("投诉渠道", validators=[required("请选择投诉渠道。")])
    township_id = SelectField("镇（街道）", coerce=int, validators=[required("请选择镇（街道）。")])
    employer = StringField("用人单位", validators=[required("请填写用人单位。"), max_length(200)],
                           description="填写已登记单位或个人的名称、统一社会信用代码或身份证号码。",
                           render_kw=CONTRACTOR_INPUT)
    project = StringField("项目", validators=[Optional(), max_length(220)],
                          description="输入项目名称的一部分，从列表中选择；非工程项目留空。",
                          render_kw=PROJECT_INPUT)
    sector = SelectField("领域", validators=[required("请选择领域。")],
                         description="选择了项目时以项目所属领域为准。")
    violation_ended_on = WindowDateField("欠薪行为终止日期", window=PAST_FACT, validators=[Optional()])
    summary = TextAreaField("投诉事由", validators=[required("请简要填写投诉事由。"), max_length(2000)])
    workers = FieldList(FormField(WorkerRowForm), min_entries=3, max_entries=200)
    submit = SubmitField("登记")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.channel.choices = choices([("", "请选择"), *((c.value, c.label) for c in Channel)])
        self.sector.choices = choices((s.value, s.label) for s in Sector)

    def filled_workers(self) -> list[WorkerRowForm]:
        return [entry.form for entry in self.workers if not entry.form.is_blank()]

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        rows = self.filled_workers()
        rows_ok = all([row.validate_row() for row in rows])  # noqa: C419 - every row shows its errors
        if not rows:
            self.form_errors.append("请至少录入一名工人。")
            return False
        return ok and rows_ok


class FactsForm(CaseFactsMixin, BaseForm):
    version = VersionField()
    violation_ended_on = WindowDateField("欠薪行为终止日期", window=PAST_FACT, validators=[Optional()])
    summary = TextAreaField("投诉事由", validators=[required("请填写投诉事由。"), max_length(2000)])
    submit = SubmitField("保存")


class WorkerForm(BaseForm):
    name = StringField("姓名", validators=[required("请填写姓名。"), max_length(64)])
    id_number = StringField("身份证号码", validators=[required("请填写身份证号码。"), id_number_valid])
    phone = StringField("手机号码", validators=[Optional(), phone_valid])
    work_from = WindowDateField("务工起始", window=WORK, validators=[Optional()])
    work_to = WindowDateField("务工截止", window=WORK, validators=[Optional()])
    months_owed = ExactDecimalField("欠薪月数", [required("请填写欠薪月数。")], **MONTHS)
    claimed_yuan = ExactDecimalField("主张金额（元）", [required("请填写主张金额。")], **MONEY_RANGE)
    representative = BooleanField("推选为代表")
    submit = SubmitField("添加")


class ConfirmAmountForm(BaseForm):
    confirmed_yuan = ExactDecimalField("核定欠薪金额（元）", [required("请填写核定金额。")], **MONEY_RANGE)
    months_owed = ExactDecimalField("欠薪月数", [required("请填写欠薪月数。")], **MONTHS)
    submit = SubmitField("保存")


class ConfirmRowForm(RowForm):
    """One worker's row of the confirm-all form."""

    case_worker_id = HiddenField()
    confirmed_yuan = ExactDecimalField("核定欠薪金额（元）", [required("请填写核定金额。")], **MONEY_RANGE)
    months_owed = ExactDecimalField("欠薪月数", [required("请填写欠薪月数。")], **MONTHS)


class ConfirmAllAmountsForm(BaseForm):
    """Every worker's confirmed amount in one step (the claimed amount offered where none yet)."""

    rows = FieldList(FormField(ConfirmRowForm), min_entries=0, max_entries=500)
    submit = SubmitField("保存全部核定金额")


class AcceptForm(BaseForm):
    decided_on = WindowDateField("受理（立案）日期", validators=[required("请填写日期。")])
    note = StringField("备注", validators=[Optional(), max_length(500)])
    submit = SubmitField("受理并立案")


class NotAcceptForm(BaseForm):
    reason = SelectField("不予受理的理由", validators=[required("请选择理由。")])
    note = TextAreaField("说明（告知投诉人的内容）", validators=[required("请填写说明。"), max_length(2000)],
                         description="不属于本机构管辖的，写明应向哪个机关投诉；需补充材料的，写明所需材料。")
    notice_on = WindowDateField("书面告知日期", validators=[required("请填写书面告知日期。")])
    submit = SubmitField("不予受理")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.reason.choices = choices([("", "请选择"), *((r.value, r.label) for r in NotAcceptedReason)])


class CloseForm(BaseForm):
    closed_on = WindowDateField("日期", validators=[required("请填写日期。")])
    note = TextAreaField("说明", validators=[required("请填写说明。"), max_length(2000)])
    target = SelectField("移送机关", validators=[Optional()])
    department = StringField("接收部门", validators=[Optional(), max_length(100)])
    submit = SubmitField("确认")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The police are reached only through the referral lifecycle (referrals blueprint).
        self.target.choices = choices([("", "请选择"), *((t.value, t.label) for t in ReferralTarget
                                                          if t is not ReferralTarget.POLICE)])


class ExtendForm(BaseForm):
    approver = StringField("批准人", validators=[required("请填写批准延期的负责人。"), max_length(64)])
    approved_on = WindowDateField("批准日期", validators=[required("请填写批准日期。")])
    reason = TextAreaField("延期理由", validators=[required("请填写延期理由。"), max_length(1000)])
    submit = SubmitField("延长30个工作日")


class PaymentOrderForm(BaseForm):
    issued_on = WindowDateField("签发日期", validators=[required("请填写签发日期。")])
    pay_within_working_days = IntegerField("限期（工作日）", default=5, validators=[
        required("请填写支付期限。"), NumberRange(*PAY_WITHIN_WORKING_DAYS, "支付期限须为{}至{}个工作日。".format(
            *PAY_WITHIN_WORKING_DAYS))])
    submit = SubmitField("签发并生成指令书")


class ExtraCompensationForm(BaseForm):
    rate_percent = ExactDecimalField("加付比例（%）", [required("请填写加付比例。")], places=0,
                                     minimum=50, maximum=100, unit="%", example="50",
                                     range_message="加付赔偿金的比例应在50%至100%之间。")
    ordered_on = WindowDateField("责令日期", validators=[required("请填写日期。")])
    submit = SubmitField("责令加付赔偿金")


class AllocationRowForm(RowForm):
    case_worker_id = HiddenField()
    amount_yuan = ExactDecimalField("本次支付（元）", [Optional()], **MONEY_RANGE)


class RecoveryForm(BaseForm):
    submission_token = SubmissionTokenField()
    paid_on = WindowDateField("支付日期", validators=[required("请填写支付日期。")])
    amount_yuan = ExactDecimalField("支付金额（元）", [required("请填写支付金额。")],
                                    minimum="0.01", maximum=10**11, range_message="金额须大于0，且不超过1000亿元。")
    payer = SelectField("支付方", validators=[required("请选择支付方。")])
    payer_contractor_id = SelectField("支付单位", coerce=int, validators=[Optional()],
                                      render_kw={"data-searchable": ""})
    note = StringField("备注", validators=[Optional(), max_length(200)])
    allocations = FieldList(FormField(AllocationRowForm), min_entries=0, max_entries=500)
    submit = SubmitField("记录支付")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.payer.choices = choices([("", "请选择"), *((p.value, p.label) for p in Payer)])


class PartyForm(BaseForm):
    contractor = StringField("单位或个人", validators=[required("请填写名称或统一社会信用代码。"), max_length(200)],
                             render_kw=CONTRACTOR_INPUT)
    liability = SelectField("责任依据", validators=[required("请选择责任依据。")])
    note = StringField("说明", validators=[Optional(), max_length(200)])
    submit = SubmitField("添加")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.liability.choices = choices([("", "请选择"), *((item.value, item.label) for item in Liability)])


class CaseFilterForm(BaseForm):
    class Meta:
        csrf = False
        locales = ("zh",)

    q = StringField("案号、单位或工人姓名", validators=[Optional(), max_length(100)])
    status = SelectField("状态", validators=[Optional()])
    township = SelectField("镇（街道）", validators=[Optional()])
    sector = SelectField("领域", validators=[Optional()])
    channel = SelectField("渠道", validators=[Optional()])
    employer = IntegerField("用人单位编号", validators=[Optional()])
    project = IntegerField("项目编号", validators=[Optional()])
    received_from = WindowDateField("收到日期自", window=SEARCHED, validators=[Optional()])
    received_to = WindowDateField("至", window=SEARCHED, validators=[Optional()])
    due = SelectField("期限", validators=[Optional()])
    handler = StringField("承办人", validators=[Optional(), max_length(140)], render_kw=HANDLER_INPUT)
    mine = BooleanField("只看我承办的")
    sort = SelectField("排序", validators=[Optional()])
    page = IntegerField(validators=[Optional()])


class RevealForm(BaseForm):
    """A POST button with a CSRF token: showing full personal data is a recorded act."""

    submit = SubmitField("显示完整号码")
