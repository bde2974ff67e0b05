"""Form to issue an API token."""

from __future__ import annotations

from wtforms import SelectMultipleField, StringField, SubmitField
from wtforms.widgets import CheckboxInput, ListWidget

from wagewatch.services.accounts.api_clients import SCOPES
from wagewatch.web.forms import BaseForm, choices, max_length, required


class ApiClientForm(BaseForm):
    name = StringField("调用方名称", validators=[required("请填写调用方名称。"), max_length(100)],
                       description="例如：市公安局经侦支队案件系统。")
    scopes = SelectMultipleField("允许访问的数据", choices=choices(SCOPES.items()),
                                 widget=ListWidget(prefix_label=False),
                                 option_widget=CheckboxInput(),
                                 validators=[required("请选择至少一项。")])
    submit = SubmitField("签发令牌")
