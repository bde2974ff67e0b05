"""The audit log's filter form (GET, no CSRF: it changes nothing)."""

from __future__ import annotations

from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from wagewatch.fields import SEARCHED, WindowDateField
from wagewatch.forms import BaseForm, choices, max_length


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False

    actor = StringField("操作人用户名", validators=[Optional(), max_length(64)])
    action = StringField("操作类型", validators=[Optional(), max_length(64)],
                         description="例如 login.failure、user.create")
    object_type = StringField("对象类型", validators=[Optional(), max_length(32)])
    object_id = StringField("对象编号", validators=[Optional(), max_length(64)])
    success = SelectField("结果", choices=choices([("", "全部"), ("1", "成功"), ("0", "失败/拒绝")]),
                          validators=[Optional()])
    date_from = WindowDateField("起始日期", window=SEARCHED, validators=[Optional()])
    date_to = WindowDateField("截止日期", window=SEARCHED, validators=[Optional()])
    page = IntegerField(default=1, validators=[Optional()])

    def validate_date_to(self, field) -> None:  # noqa: ANN001
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("截止日期不能早于起始日期。")
