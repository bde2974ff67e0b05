"""Forms of supervised listings (挂牌督办): create, progress note, close, list filter."""

from __future__ import annotations

from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Optional, ValidationError

from wagewatch.services.reference.calendar import today
from wagewatch.web.fields import AHEAD, WindowDateField, VersionField
from wagewatch.web.forms import BaseForm, choices, max_length, required

GROUNDS_HINT = "例如：用人单位负责人逃匿；因欠薪引发群体性事件；涉嫌拒不支付劳动报酬罪。"




class ListingForm(BaseForm):
    authority = StringField("督办机关", default="徐州经济技术开发区管委会",
                            validators=[required("请填写督办机关。"), max_length(100)])
    official = StringField("责任人", validators=[required("请填写督办责任人。"), max_length(64)])
    grounds = TextAreaField("督办事由", description=GROUNDS_HINT,
                            validators=[required("请填写督办事由。"), max_length(2000)])
    listed_on = WindowDateField("挂牌日期", default=today,
                          validators=[required("请填写挂牌日期。")])
    deadline_on = WindowDateField("办结期限", window=AHEAD, validators=[required("请填写办结期限。")])
    submit = SubmitField("挂牌督办")

    def validate_deadline_on(self, field) -> None:
        if field.data and self.listed_on.data and field.data < self.listed_on.data:
            raise ValidationError("办结期限不能早于挂牌日期。")


class NoteForm(BaseForm):
    written_on = WindowDateField("日期", default=today, validators=[required("请填写日期。")])
    text = TextAreaField("进展情况", validators=[required("请填写进展情况。"), max_length(2000)])
    submit = SubmitField("添加进展")


class CloseListingForm(BaseForm):
    version = VersionField()
    closed_on = WindowDateField("结束日期", default=today, validators=[required("请填写日期。")])
    note = TextAreaField("办结情况", validators=[required("请填写办结情况。"), max_length(2000)])
    submit = SubmitField("结束督办")


class ListingFilterForm(BaseForm):
    class Meta:
        csrf = False
        locales = ("zh",)

    show = SelectField("范围", validators=[Optional()])
    page = HiddenField()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.show.choices = choices([("open", "督办中"), ("overdue", "已逾期"), ("all", "全部")])
