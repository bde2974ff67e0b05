"""Forms of user administration."""

from __future__ import annotations

import re

from wtforms import BooleanField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import ValidationError

from wagewatch.models import Role
from wagewatch.web.fields import VersionField
from wagewatch.web.forms import BaseForm, choices, max_length, required

USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._-]{2,63}$")
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


class UserForm(BaseForm):
    username = StringField("用户名", validators=[required("请输入用户名。"), max_length(64)],
                           description="3-64位小写字母、数字或 . _ -，登录时使用，创建后不可更改。")
    display_name = StringField("姓名", validators=[required("请输入姓名。"), max_length(64)])
    role = SelectField("角色", choices=choices([("", "请选择角色"), *((r.value, r.label) for r in Role)]),
                       validators=[required("请选择角色。")])
    office_id = SelectField("所属机构", coerce=int, validators=[required("请选择机构。")])
    email = StringField("电子邮箱", validators=[max_length(254)], render_kw={"type": "email"},
                        description="可不填；配置了邮件服务时，监察员和民警的每日提醒发到这里。")
    may_export_full_ids = BooleanField(
        "允许批量导出完整身份证号码和电话",
        description="仅授予确有工作需要的人员；每次导出须填写用途，并记入审计日志。")
    version = VersionField()
    submit = SubmitField("保存")

    def validate_email(self, field) -> None:
        if field.data and not EMAIL_PATTERN.match(field.data.strip()):
            raise ValidationError("请填写正确的电子邮箱地址，如 zhangsan@example.gov.cn。")

    def validate_username(self, field) -> None:
        if not USERNAME_PATTERN.match((field.data or "").lower()):
            raise ValidationError("用户名须为3-64位小写字母、数字或 . _ -，并以字母或数字开头。")


class ConfirmForm(BaseForm):
    """A POST button with a CSRF token (disable, enable, unlock, reset password)."""

    submit = SubmitField("确认")


class UserFilterForm(BaseForm):
    class Meta:
        csrf = False

    q = StringField("用户名或姓名", validators=[max_length(64)])
    role = SelectField("角色", choices=choices([("", "全部角色"), *((r.value, r.label) for r in Role)]))
    page = IntegerField(default=1)
