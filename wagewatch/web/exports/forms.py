"""The full-registry export's options: masked by default, whole ID numbers with a purpose."""

from __future__ import annotations

from wtforms import BooleanField, StringField, SubmitField

from wagewatch.web.forms import BaseForm, max_length


class RegistryExportForm(BaseForm):
    """Posted bare by the case list's button (a masked export); the options page adds the
    request for full ID numbers and its purpose (permitted users only)."""

    unmask = BooleanField("包含完整身份证号码和电话")
    purpose = StringField("用途", validators=[max_length(200)],
                          description="例如：向法院移送案件材料。用途将记入审计日志。")
    submit = SubmitField("开始导出")
