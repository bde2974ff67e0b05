"""Forms of the evidence pages: an upload (kind, record, file, note) and a withdrawal."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional

from wagewatch.models import AttachmentKind
from wagewatch.web.forms import BaseForm, choices, max_length, required


class AttachmentForm(BaseForm):
    """One file with its kind and, where it belongs, the record it proves."""

    kind = SelectField("材料类别", validators=[required("请选择材料类别。")])
    link = SelectField("关联记录", validators=[Optional()],
                       description="材料属于某个工人、某份文书、某笔清欠或某项移送材料时选择。")
    file = FileField("文件", description="接受JPEG/PNG图片、PDF、Word（.docx）、Excel（.xlsx）、"
                                       "MP4视频；文件原样保存，不作任何修改。")
    note = StringField("说明", validators=[Optional(), max_length(500)])
    submit = SubmitField("上传")

    def __init__(self, link_choices: list[tuple[str, str]], *args, **kwargs) -> None:
        # Prefixed: the case page carries other forms with fields named "note" or "kind".
        kwargs.setdefault("prefix", "evidence")
        super().__init__(*args, **kwargs)
        self.kind.choices = choices([("", "请选择"), *((k.value, k.label) for k in AttachmentKind)])
        self.link.choices = choices([("", "不关联（属于整个案件）"), *link_choices])


class WithdrawForm(BaseForm):
    """Withdrawing an attachment: the file and its record stay, marked withdrawn."""

    reason = TextAreaField("撤回理由", validators=[required("请填写撤回理由。"), max_length(500)])
    submit = SubmitField("撤回")
