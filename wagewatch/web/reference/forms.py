"""Forms of the reference-data pages."""

from __future__ import annotations

import re

from wtforms import (
    BooleanField, IntegerField, SelectField, StringField, SubmitField,
)
from wtforms.validators import NumberRange, Optional, ValidationError

from wagewatch.models import DayKind
from wagewatch.web.fields import ExactDecimalField, AHEAD, WindowDateField
from wagewatch.web.forms import BaseForm, choices, max_length, required


class OfficeForm(BaseForm):
    code = StringField("机构代码", validators=[required("请输入机构代码。"), max_length(16)],
                       description="2-16位大写字母或数字，例如 XZJK。")
    name = StringField("机构名称", validators=[required("请输入机构名称。"), max_length(100)])
    report_cutoff_day = IntegerField(
        "月度报告统计截止日", validators=[Optional(), NumberRange(1, 28, "统计截止日须为1-28之间的整数。")],
        description="不填则按自然月统计；填D（1-28）则每月报告统计上月D日次日至本月D日。")
    require_second_factor = BooleanField(
        "本机构所有用户登录须二次验证",
        description="系统管理员、公安民警和领导始终须二次验证；勾选后监察员、审计员也须绑定验证器。")
    case_number_format = StringField(
        "案号格式", validators=[Optional(), max_length(60)],
        description="{year}为年度，{seq:04d}为补足4位的序号，例如：经开劳监〔{year}〕{seq:04d}号。"
                    "修改后只影响此后登记的案件；留空则不变。")
    document_number_format = StringField(
        "文号格式", validators=[Optional(), max_length(60)],
        description="{code}为文书代字（如限支、处、列告），{year}为年度，{seq:03d}为补足3位的序号，"
                    "例如：经开劳监{code}〔{year}〕{seq:03d}号，编出经开劳监限支〔2026〕088号。"
                    "每类文书每年分别连续编号；修改后只影响此后制作的文书；留空则不变。")
    submit = SubmitField("保存")

    def validate_code(self, field) -> None:
        if not re.fullmatch(r"[A-Za-z0-9]{2,16}", field.data or ""):
            raise ValidationError("机构代码须为2-16位字母或数字。")


class TownshipForm(BaseForm):
    name = StringField("名称", validators=[required("请输入镇（街道）名称。"), max_length(50)])
    sort_order = IntegerField("排序", validators=[Optional(), NumberRange(0, 100000, "排序须为0-100000的整数。")])
    active = BooleanField("启用", default=True)
    submit = SubmitField("保存")


class CalendarOverrideForm(BaseForm):
    day = WindowDateField("日期", window=AHEAD, validators=[required("请选择日期。")])
    kind = SelectField("类型", choices=choices((k.value, k.label) for k in DayKind),
                       validators=[required("请选择类型。")])
    note = StringField("说明", validators=[max_length(100)],
                       description="例如：2027年春节（国务院办公厅通知）。")
    submit = SubmitField("添加")


class CalendarYearForm(BaseForm):
    year = IntegerField("年度", validators=[required("请填写年度。"),
                                          NumberRange(2000, 2100, "年度须为2000-2100之间的整数。")])
    notice_reference = StringField("通知文号", validators=[max_length(100)],
                                   description="国务院办公厅放假安排通知的文号，例如：国办发明电〔2026〕5号。")
    confirm_empty = BooleanField("确认该年没有任何节假日或调休调整")
    submit = SubmitField("标记为全年安排录入完毕")


class ThresholdForm(BaseForm):
    single_worker_yuan = ExactDecimalField("单人标准（元）", minimum="0.01", validators=[
        required("请填写单人标准。")], description="拖欠一名劳动者3个月以上劳动报酬的数额（全国范围5,000至20,000元）。")
    group_yuan = ExactDecimalField("10人以上标准（元）", minimum="0.01", validators=[
        required("请填写10人以上标准。")],
        description="拖欠10名以上劳动者劳动报酬的总额（全国范围30,000至100,000元）。")
    submit = SubmitField("保存")


class OfficeRegionForm(BaseForm):
    region = SelectField("适用的“数额较大”标准", validators=[required("请选择地区。")])
    submit = SubmitField("保存")
