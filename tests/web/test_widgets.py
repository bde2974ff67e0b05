"""The forms' widgets write exactly the markup WTForms' own do: attribute by attribute, field by
field, and on whole pages."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField, DateField, DecimalField, FileField, Form, HiddenField, IntegerField,
    PasswordField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField,
    TextAreaField, TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired
from wtforms.widgets import html_params

from wagewatch.models import Role
from wagewatch.web import forms
from wagewatch.web.forms import BaseForm, choices
from wagewatch.web.widgets import attributes

from tests.web.cases.factories import register


@pytest.mark.parametrize("kwargs", [
    {},
    {"name": "q", "id": "q", "class_": "form-control form-control-sm", "value": ""},
    {"checked": True, "readonly": False, "required": True, "name": "mine"},
    {"value": '"><script>alert(1)</script>', "title": "张三 & 李四 'x'"},
    {"value": Markup('<b class="x">已</b>'), "data_url": "/cases/lookup?a=1&b=2"},
    {"aria_describedby": "help", "for_": "x", "maxlength": 140, "step": Decimal("0.01")},
    {"value": 0, "min": None, "data_empty": ""},
])
def test_attributes_are_written_as_wtforms_writes_them(kwargs):
    assert attributes(**kwargs) == html_params(**kwargs)
    assert isinstance(attributes(**kwargs), Markup)


FIELDS = {
    "text": lambda: StringField("姓名", render_kw={"autocomplete": "off", "data_role": "x"}),
    "area": lambda: TextAreaField("说明"),
    "hidden": lambda: HiddenField(),
    "password": lambda: PasswordField("密码"),
    "flag": lambda: BooleanField("只看我承办的"),
    "count": lambda: IntegerField("人数"),
    "yuan": lambda: DecimalField("金额（元）", places=2),
    "day": lambda: DateField("日期"),
    "time": lambda: TimeField("时间"),
    "file": lambda: FileField("文件"),
    "kind": lambda: SelectField("状态", choices=choices([("", "全部"), ("open", "办理中"), ("x\"<", "引号<")])),
    "many": lambda: SelectMultipleField("角色", choices=choices([("a", "甲"), ("b", "乙")])),
    "must": lambda: SelectField("镇（街道）", choices=choices([("", "请选择"), ("1", "金山桥")]),
                                validators=[InputRequired()]),
    "grouped": lambda: SelectField("行业", choices=[
        SelectChoice("house", "房屋建筑", optgroup="建设"), SelectChoice("road", "道路", optgroup="交通"),
        SelectChoice("rail", "铁路", optgroup="交通")]),
    "pick": lambda: RadioField("方式", choices=choices([("1", "直接送达"), ("2", "留置送达")])),
    "submit": lambda: SubmitField("保存"),
}
TYPED = MultiDict([("text", '张"三<'), ("area", "第一行\r\n<第二行>"), ("hidden", "7"),
                   ("password", "secret"), ("flag", "y"), ("count", "x"), ("yuan", "12.5"),
                   ("day", "2026-13-01"), ("time", "09:30"), ("kind", "x\"<"), ("many", "a"),
                   ("many", "b"), ("pick", "2"), ("must", ""), ("grouped", "road")])


def _rendered(base: type, data: MultiDict | None) -> list[str]:
    class Sample(base):
        class Meta:
            csrf = False

    for name, make in FIELDS.items():
        setattr(Sample, name, make())
    form = Sample(data) if data is not None else Sample(data={"day": date(2026, 11, 2),
                                                                 "yuan": Decimal("8000.00")})
    form.validate()
    return [markup for field in form for markup in (
        str(field), str(field.label), str(field.label("另一个名称", class_="form-label small")),
        str(field(class_="form-control is-invalid", placeholder='例如 "张三"', required=True)))]


@pytest.mark.parametrize("data", [None, TYPED], ids=["filled by the view", "typed back with errors"])
def test_every_kind_of_field_renders_as_with_wtforms_own_widgets(app, data):
    with app.test_request_context():
        assert _rendered(BaseForm, data) == _rendered(Form, data)


#: Tokens drawn afresh for each page.
TOKENS = re.compile(r'(name="[\w-]*(?:csrf_token|submission_token)" type="hidden" value=")[^"]+"')


@pytest.fixture
def clerk(login_as):
    return login_as(Role.CLERK, username="clerk-widgets")


def test_the_busiest_pages_are_the_same_markup_with_wtforms_own_widgets(clerk, client, monkeypatch):
    case = register(clerk=clerk, workers=3)
    pages = ("/cases/", f"/cases/{case.id}", "/cases/new", "/cases/?q=张&status=bogus")

    def html() -> list[str]:
        return [TOKENS.sub(r"\1…", client.get(page).get_data(as_text=True)) for page in pages]

    ours = html()
    monkeypatch.setattr(forms, "speed_up", lambda field: field)
    theirs = html()
    assert all("<option" in page and "<label" in page for page in ours[:3])
    assert ours == theirs


def test_a_hostile_value_label_and_option_come_out_as_text(app):
    hostile = '"><script>alert(1)</script>'

    class Sample(BaseForm):
        class Meta:
            csrf = False

        name = StringField(hostile)
        kind = SelectField(hostile, choices=choices([(hostile, hostile)]))

    with app.test_request_context():
        form = Sample(MultiDict({"name": hostile, "kind": hostile}))
        written = "".join(str(markup) for field in form for markup in (field.label, field))
    assert "<script>" not in written and written.count("&lt;script&gt;") == 5
