"""Forms of the template administration: upload, preview on a case, activate, restore."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField, SubmitField

from wagewatch.instruments.kinds import KINDS
from wagewatch.web.forms import BaseForm, choices, max_length, required


class UploadForm(BaseForm):
    kind = SelectField("文书种类", validators=[required("请选择文书种类。")])
    file = FileField("模板（Word文档 .docx，不超过5MB）",
                     validators=[FileRequired("请选择要上传的Word文档（.docx）。")],
                     render_kw={"accept": ".docx"})
    submit = SubmitField("上传")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = choices([("", "请选择"), *((k.code, k.title) for k in KINDS.values())])


class PreviewForm(BaseForm):
    case_number = StringField("用于预览的案号", validators=[required("请填写案号。"), max_length(40)])
    submit = SubmitField("预览（下载）")


class ActionForm(BaseForm):
    """A POST button with a CSRF token (activate, restore the default, download the default)."""

    submit = SubmitField("确定")
