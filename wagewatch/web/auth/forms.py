"""Forms of the login area."""

from __future__ import annotations

from wtforms import PasswordField, StringField, SubmitField
from wtforms.validators import EqualTo

from wagewatch.web.forms import BaseForm, max_length, required


class LoginForm(BaseForm):
    username = StringField("用户名", validators=[required("请输入用户名。"), max_length(64)])
    password = PasswordField("密码", validators=[required("请输入密码。"), max_length(128)])
    submit = SubmitField("登录")


class ChangePasswordForm(BaseForm):
    current_password = PasswordField("当前密码", validators=[required("请输入当前密码。")])
    new_password = PasswordField(
        "新密码", validators=[required("请输入新密码。"), max_length(128)],
        description="至少8位，包含大写字母、小写字母、数字、符号中的至少三类。")
    confirm_password = PasswordField(
        "确认新密码",
        validators=[required("请再次输入新密码。"), EqualTo("new_password", "两次输入的新密码不一致。")])
    submit = SubmitField("修改密码")


class LogoutForm(BaseForm):
    """An empty form: logout is a POST with a CSRF token."""

    submit = SubmitField("退出")


class SecondFactorForm(BaseForm):
    code = StringField("验证码", validators=[required("请输入验证码。"), max_length(32)],
                       description="验证器上的6位数字；手机不在身边时可输入一个恢复码。")
    submit = SubmitField("验证")


class EnrolForm(BaseForm):
    code = StringField("验证码", validators=[required("请输入验证器上显示的6位验证码。"),
                                          max_length(16)])
    submit = SubmitField("绑定")
