"""Forms of the case instruments: service (送达), correction, inquiry notice, download buttons."""

from __future__ import annotations

from flask_wtf.file import MultipleFileField
from wtforms import (
    SelectField, SelectMultipleField, StringField, SubmitField, TextAreaField, TimeField,
)
from wtforms.validators import Optional

from wagewatch.models import ServiceMethod
from wagewatch.web.fields import AHEAD, WindowDateField
from wagewatch.web.forms import BaseForm, choices, max_length, required


class DownloadForm(BaseForm):
    """A POST button with a CSRF token: every download is audited."""

    submit = SubmitField("下载")


class ServiceForm(BaseForm):
    recipient = StringField("受送达人", validators=[required("请填写受送达人。"), max_length(100)])
    place = StringField("送达地点", validators=[required("请填写送达地点。"), max_length(200)])
    method = SelectField("送达方式", validators=[required("请选择送达方式。")])
    served_on = WindowDateField("送达（收到）日期", validators=[required("请填写送达日期。")],
                          description="受送达人签收日期；邮寄送达以回执上的收件日期为准。")
    served_time = TimeField("时间", validators=[Optional()])
    servers = StringField("送达人", validators=[required("请填写送达人（至少2名）。"), max_length(100)])
    signer_name = StringField("代收人姓名", validators=[Optional(), max_length(50)])
    signer_capacity = StringField("代收人身份", validators=[Optional(), max_length(50)],
                                  description="如同住成年家属、单位收件人、委托代理人。")
    refusal_note = TextAreaField("拒收情况", validators=[Optional(), max_length(1000)])
    evidence = TextAreaField("送达证据说明", validators=[Optional(), max_length(1000)],
                             description="留置的见证人，邮件单号，公告载体和期间，电子地址等。")
    service_attachments = MultipleFileField(
        "送达照片/视频", description="张贴送达必须上传（留置送达无见证人时也须上传）：现场照片、录像或"
                                 "送达回证扫描件，可多选；接受JPEG/PNG、PDF、MP4，原样保存。"
                                 "表单有误退回时，请重新选择文件。")
    proof_ids = SelectMultipleField("或选择本案已上传的送达照片/视频", coerce=int,
                                    validators=[Optional()])
    submit = SubmitField("登记送达")
    #: The page's form is sent as multipart (it carries files).
    multipart = True

    def __init__(self, proof_choices: list[tuple[int, str]] | None = None,
                 *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.method.choices = choices([("", "请选择"), *((m.value, m.label) for m in ServiceMethod)])
        self.proof_ids.choices = proof_choices or []


class CorrectionForm(BaseForm):
    issued_on = WindowDateField("更正日期", validators=[required("请填写日期。")])
    reason = TextAreaField("更正原因", validators=[required("请填写更正原因。"), max_length(1000)],
                           description="先在案件中改正有误的信息，再按当前信息生成新版本；原版本保留。")
    submit = SubmitField("生成更正版本")


class InquiryForm(BaseForm):
    issued_on = WindowDateField("文书日期", validators=[required("请填写日期。")])
    matter = StringField("询问事项", default="你单位涉嫌拖欠劳动者工资",
                         validators=[required("请填写询问事项。"), max_length(200)])
    attendee = StringField("到场人员", default="法定代表人或者持授权委托书的委托代理人",
                           validators=[required("请填写到场人员。"), max_length(100)])
    appear_on = WindowDateField("到场日期", validators=[required("请填写到场日期。")], window=AHEAD)
    appear_time = TimeField("到场时间", validators=[required("请填写到场时间。")])
    place = StringField("到场地点", validators=[required("请填写到场地点。"), max_length(200)])
    materials = TextAreaField("携带材料（每行一项）", validators=[required("请至少填写一项材料。"),
                                                        max_length(2000)],
                              default="营业执照副本复印件\n法定代表人身份证明或授权委托书\n劳动合同、职工名册\n"
                                      "考勤记录和工资支付台账\n工资支付银行凭证\n工程分包、劳务分包合同")
    submit = SubmitField("生成询问通知书")
