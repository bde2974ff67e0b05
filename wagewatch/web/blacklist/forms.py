"""Forms of the blacklist lifecycle: one per step, the S-17 entry, and the date filters."""

from __future__ import annotations

from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import NumberRange, Optional

from wagewatch.models import ServiceMethod
from wagewatch.rules.sources import citation
from wagewatch.web.fields import SEARCHED, ExactDecimalField, WindowDateField, VersionField
from wagewatch.web.forms import CONTRACTOR_INPUT, BaseForm, choices, max_length, required, SubmissionTokenField

S45_BASIS = f"{citation('S-724 art. 48')}；{citation('S-45 art. 5')}、第六条"
S17_BASIS = citation("S-17")
MEASURES = ("依法依规在政府资金支持、政府采购、招投标、生产许可、履行资质等级评定、税收优惠、"
            "评优评先、交通出行、乘坐飞机和高铁等方面实施失信联合惩戒；列入期限3年。")
EARLY_REMOVAL_TERMS = ("列入期间已改正违法行为满6个月、作出书面信用承诺，且未再发生拖欠农民工工资违法行为、"
                       "未因拒不支付劳动报酬罪被追究刑事责任的，可向作出列入决定的机关书面申请提前移出；"
                       "机关自收到申请之日起15个工作日内作出决定。")
REMEDIES = ("如不服本决定，可以自收到本决定书之日起60日内依法申请行政复议，"
            "或者在6个月内依法向人民法院提起行政诉讼。")
NOTICE_RIGHTS = "当事人可在收到本告知书之日起5个工作日内提出陈述、申辩或异议。"




def _date(label: str, message: str = "请填写日期。", optional: bool = False) -> WindowDateField:
    first = Optional() if optional else required(message)
    return WindowDateField(label, validators=[first])


def _text(label: str, message: str, limit: int = 4000, **kwargs) -> TextAreaField:
    return TextAreaField(label, validators=[required(message), max_length(limit)], **kwargs)


def _service_files() -> MultipleFileField:
    return MultipleFileField(
        "送达照片/视频", description="张贴送达必须上传：现场照片、录像或送达回证扫描件，可多选；接受JPEG/PNG、"
                                 "PDF、MP4，原样保存。表单有误退回时，请重新选择文件。")


def _service_choices(blank: str = "请选择") -> list:
    return choices([("", blank), *((m.value, m.label) for m in ServiceMethod)])


class StepForm(BaseForm):
    """A step of one proceeding; the version guards against two clerks saving at once."""

    version = VersionField()


class StartForm(BaseForm):
    submission_token = SubmissionTokenField()
    submit = SubmitField("启动列入程序")


class ComplexForm(StepForm):
    approver = StringField("批准人", validators=[required("请填写批准延期的负责人。"), max_length(64)])
    approved_on = _date("批准日期")
    reason = _text("情况复杂的理由", "请填写理由。", 1000)
    submit = SubmitField("延长20个工作日")


class NoticeForm(StepForm):
    document_number = StringField("告知书文号", validators=[Optional(), max_length(60)],
                                  description="留空则按本机构文号格式自动编号。")
    grounds = _text("拟列入的事实和理由", "请填写事实和理由。")
    basis = _text("依据", "请填写依据。", 1000, default=S45_BASIS + "。" + NOTICE_RIGHTS)
    served_on = _date("送达日期", "请填写送达日期。")
    service_method = SelectField("送达方式", validators=[required("请选择送达方式。")])
    service_evidence = TextAreaField("送达证据说明", validators=[Optional(), max_length(1000)],
                                     description="如见证人、邮件单号；照片或录像请在下方上传。")
    service_attachments = _service_files()
    submit = SubmitField("登记送达告知书")
    #: The page's form is sent as multipart (it carries files).
    multipart = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.service_method.choices = _service_choices()


class NoticeIssueForm(StepForm):
    """The notice made now and served later: no service yet, so no objection window runs."""

    document_number = StringField("告知书文号", validators=[Optional(), max_length(60)],
                                  description="留空则按本机构文号格式自动编号。")
    grounds = _text("拟列入的事实和理由", "请填写事实和理由。")
    basis = _text("依据", "请填写依据。", 1000, default=S45_BASIS + "。" + NOTICE_RIGHTS)
    issued_on = _date("文书日期", "请填写文书日期。")
    submit = SubmitField("制作告知书")


class ObjectionForm(StepForm):
    received_on = _date("收到日期", "请填写收到陈述申辩或异议的日期。")
    content = _text("陈述、申辩或异议的内容", "请填写内容。")
    submit = SubmitField("登记异议")


class AnswerForm(StepForm):
    answered_on = _date("答复日期", "请填写答复日期。")
    answer = _text("答复内容", "请填写答复内容（采纳或不采纳及理由）。")
    submit = SubmitField("登记答复")


class DecisionForm(StepForm):
    document_number = StringField("列入决定书文号", validators=[Optional(), max_length(60)],
                                  description="留空则按本机构文号格式自动编号。")
    decided_on = _date("决定日期", "请填写决定日期。")
    authority = StringField("作出决定的机关", validators=[required("请填写作出决定的机关。"), max_length(100)])
    main_facts = _text("主要失信事实（公示）", "请填写主要失信事实。", 2000)
    grounds = _text("列入的事实和理由", "请填写事实和理由。")
    basis = _text("依据", "请填写依据。", 1000, default=S45_BASIS)
    punishment_measures = _text("惩戒措施", "请填写惩戒措施。", 2000, default=MEASURES)
    early_removal_terms = _text("提前移出的条件和程序", "请填写提前移出的条件和程序。", 2000,
                                default=EARLY_REMOVAL_TERMS)
    remedies = _text("救济途径", "请填写行政复议、行政诉讼的途径和期限。", 1000, default=REMEDIES)
    submit = SubmitField("作出列入决定")


class NotListingForm(StepForm):
    corrected_on = _date("纠正违法行为的日期", "不予列入须记录纠正违法行为的日期。")
    commitment_on = _date("书面信用承诺的日期", "不予列入须记录书面信用承诺的日期。")
    decided_on = _date("决定日期", "请填写决定日期。")
    reason = _text("说明", "请填写不予列入的说明。", 2000)
    submit = SubmitField("决定不予列入")


class EarlyRemovalApplicationForm(StepForm):
    applied_on = _date("申请日期", "请填写申请日期。")
    corrected_on = _date("纠正违法行为的日期", optional=True)
    written_commitment = BooleanField("已作出书面信用承诺")
    note = TextAreaField("申请材料说明", validators=[Optional(), max_length(2000)])
    submit = SubmitField("登记申请")


class EarlyRemovalDecisionForm(StepForm):
    decided_on = _date("决定日期", "请填写决定日期。")
    outcome = SelectField("决定", choices=choices([("", "请选择"), ("approve", "同意提前移出"),
                                                  ("refuse", "不予提前移出")]),
                          validators=[required("请选择决定。")])
    other_bar = TextAreaField("其他依法不予提前移出的情形（如有，写明事实和依据）",
                              validators=[Optional(), max_length(2000)])
    note = TextAreaField("理由", validators=[Optional(), max_length(2000)])
    submit = SubmitField("作出决定")


class FraudForm(StepForm):
    revoked_on = _date("撤销日期", "请填写撤销日期。")
    document_number = StringField("撤销并重新列入的决定书文号",
                                  validators=[required("请填写决定书文号。"), max_length(60)])
    note = _text("以欺诈手段取得提前移出的事实", "请写明欺诈的事实。", 2000)
    submit = SubmitField("撤销提前移出并重新列入")


class RevocationForm(StepForm):
    link_id = SelectField("被撤销的责令支付文书", coerce=int, validators=[required("请选择文书。")])
    revoked_on = _date("撤销日期", "请填写撤销日期。")
    reason = _text("撤销的原因", "请填写撤销的原因（如行政复议决定、法院判决）。", 1000)
    submit = SubmitField("登记撤销")


class CorrectionForm(StepForm):
    corrected_on = _date("纠正违法行为的日期", "请填写纠正日期。")
    submit = SubmitField("登记纠正")


class LegacyForm(BaseForm):
    submission_token = SubmissionTokenField()
    contractor = StringField("单位或个人", validators=[required("请填写已登记的单位或个人。"), max_length(200)],
                             render_kw=CONTRACTOR_INPUT)
    document_number = StringField("列入决定文号", validators=[required("请填写文号。"), max_length(60)])
    handled_on = _date("处理（处罚）决定日期", "请填写处理决定日期。")
    decided_on = _date("列入日期", "请填写列入日期。")
    authority = StringField("作出决定的机关", validators=[required("请填写作出决定的机关。"), max_length(100)])
    main_facts = _text("主要失信事实（公示）", "请填写主要失信事实。", 2000)
    grounds = _text("列入的事实和理由", "请填写事实和理由。")
    basis = _text("依据", "请填写依据。", 1000, default=S17_BASIS)
    punishment_measures = _text("惩戒措施", "请填写惩戒措施。", 2000, default="实施信用惩戒。")
    remedies = _text("救济途径", "请填写救济途径。", 1000, default=REMEDIES)
    corrected_on = _date("纠正违法行为的日期", optional=True)
    served_on = _date("送达日期", optional=True)
    service_method = SelectField("送达方式", validators=[Optional()])
    service_evidence = TextAreaField("送达证据说明", validators=[Optional(), max_length(1000)])
    service_attachments = _service_files()
    removed_on = _date("实际移出日期（期满已移出的，按原始文书填写）", optional=True)
    submit = SubmitField("录入旧办法列入记录")
    multipart = True

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.service_method.choices = _service_choices("（未记录）")


class DayFilterForm(BaseForm):
    """A GET filter by day (``?on=YYYY-MM-DD``)."""

    class Meta:
        csrf = False
        locales = ("zh",)

    on = WindowDateField("日期", window=SEARCHED, validators=[Optional()])


def _days(label: str) -> IntegerField:
    return IntegerField(label, validators=[Optional(), NumberRange(
        min=0, max=36500, message="请输入0至36500之间的整数天数。")])


class ListFilterForm(BaseForm):
    """The GET filters of the blacklist lists: township, yuan unpaid, days since the pay-by day."""

    class Meta:
        csrf = False
        locales = ("zh",)

    township = SelectField("镇（街道）", validators=[Optional()])
    owed_min = ExactDecimalField("届满时欠薪（元）自", validators=[Optional()])
    owed_max = ExactDecimalField("至", validators=[Optional()])
    days_min = _days("届满已逾（天）至少")
    days_max = _days("至多")
