"""The audit log's filter form (GET, no CSRF: it changes nothing): pick-lists, never typed codes."""

from __future__ import annotations

from wtforms import IntegerField, SelectField, StringField
from wtforms.validators import Optional, ValidationError

from wagewatch.models import ROLE_LABELS
from wagewatch.rules.audit_labels import ACTION_LABELS, OBJECT_LABELS
from wagewatch.web.fields import SEARCHED, WindowDateField
from wagewatch.web.forms import BaseForm, choices, max_length


class AuditFilterForm(BaseForm):
    class Meta:
        csrf = False
        locales = ("zh",)

    actor = SelectField("操作人", validators=[Optional()])
    role = SelectField("角色", choices=choices([("", "全部角色"), *(
        (role.value, label) for role, label in ROLE_LABELS.items())]), validators=[Optional()])
    action = SelectField("操作", choices=choices([("", "全部操作"), *sorted(
        ACTION_LABELS.items(), key=lambda item: (item[0].split(".")[0], item[1]))]),
        validators=[Optional()])
    object_type = SelectField("对象", choices=choices([("", "全部对象"), *sorted(
        OBJECT_LABELS.items(), key=lambda item: item[1])]), validators=[Optional()])
    object_id = StringField("对象编号", validators=[Optional(), max_length(64)])
    success = SelectField("结果", choices=choices([("", "全部"), ("1", "成功"), ("0", "失败/拒绝")]),
                          validators=[Optional()])
    date_from = WindowDateField("起始日期", window=SEARCHED, validators=[Optional()])
    date_to = WindowDateField("截止日期", window=SEARCHED, validators=[Optional()])
    page = IntegerField(default=1, validators=[Optional()])

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("截止日期不能早于起始日期。")
