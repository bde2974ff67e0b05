"""The upload form of the case import."""

from __future__ import annotations

from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from wagewatch.web.forms import BaseForm


class ImportForm(BaseForm):
    file = FileField("案件工作簿（.xlsx，不超过5MB）",
                     validators=[FileRequired("请选择要上传的Excel工作簿（.xlsx）。")],
                     render_kw={"accept": ".xlsx,application/vnd.openxmlformats-officedocument."
                                          "spreadsheetml.sheet"})
    submit = SubmitField("导入")
