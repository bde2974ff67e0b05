"""The base form: hostile text refused beside the field with the typed text kept; identifiers NFKC."""

from __future__ import annotations

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import HiddenField, StringField, TextAreaField

from wagewatch.extensions import db
from wagewatch.models import Case, Role, Worker
from wagewatch.rules.text import CONTROL_MESSAGE, INVISIBLE_MESSAGE
from wagewatch.web.forms import BaseForm, required
from wagewatch.web.validators import id_number_valid, phone_valid, uscc_valid

from tests.factories import post, text_of, valid_uscc
from tests.web.cases.factories import make_employer, valid_id_number
from tests.web.cases.test_registration import form_data


class _SampleForm(BaseForm):
    class Meta:
        csrf = False

    name = StringField("姓名", validators=[required()])
    note = TextAreaField("说明")
    token = HiddenField()
    id_number = StringField("身份证号码", validators=[id_number_valid])
    uscc = StringField("统一社会信用代码", validators=[uscc_valid])
    phone = StringField("手机号码", validators=[phone_valid])


def _form(app, **values) -> _SampleForm:
    with app.test_request_context():
        form = _SampleForm(MultiDict({"name": "张三", **values}))
        form.validate()
        return form


@pytest.mark.parametrize("typed", ["张\x00三", "张三\x1b", "张\t三", "\x7f"])
def test_a_control_character_in_a_one_line_field_is_refused_beside_it(app, typed):
    form = _form(app, name=typed)
    assert form.name.errors == [CONTROL_MESSAGE]
    # Shown again as typed, less the invisible character the message speaks of.
    assert form.name._value() == "".join(c for c in typed if c.isprintable())


def test_a_hidden_field_refuses_control_characters_too(app):
    assert _form(app, token="abc\x00").token.errors == [CONTROL_MESSAGE]


def test_a_text_area_keeps_its_lines_and_tabs_but_refuses_nul(app):
    assert _form(app, note="第一行\r\n\t第二行").note.errors == []
    assert _form(app, note="第一行\x00").note.errors == [CONTROL_MESSAGE]


@pytest.mark.parametrize("typed", ["\u200b", "\u200d\u200c", "\u202e\u202c", "\ufeff \u2066"])
def test_a_name_of_only_invisible_characters_is_refused(app, typed):
    assert _form(app, name=typed).name.errors == [INVISIBLE_MESSAGE]


def test_a_name_with_a_joiner_between_visible_characters_is_kept(app):
    assert _form(app, name="张\u200d三").name.errors == []


def test_full_width_identifiers_are_normalised_before_validation(app):
    id_number, uscc = valid_id_number(seq="101"), valid_uscc()
    wide = {c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    form = _form(app, id_number="".join(wide[c] for c in id_number),
                 uscc="".join(wide.get(c, c) for c in uscc), phone="１３９１２３４００００")
    assert not form.errors
    assert (form.id_number.data, form.uscc.data, form.phone.data) == (id_number, uscc, "13912340000")


def test_a_nul_in_a_worker_row_comes_back_beside_the_field_with_everything_typed(app, client, login_as):
    login_as(Role.CLERK)
    make_employer()
    response = post(app, client, "/cases/new", form_data(**{
        "workers-1-name": "王\x00芳", "summary": "拖欠三个月工资\r\n共九千元"}))
    assert response.status_code == 200
    assert CONTROL_MESSAGE in text_of(response)
    html = response.get_data(as_text=True)
    assert "拖欠三个月工资" in html and "张伟" in html and "王芳" in html and valid_id_number(seq="103") in html
    assert db.session.scalar(db.select(db.func.count()).select_from(Case)) == 0


def test_a_full_width_id_number_registers_the_worker_with_its_ascii_number(app, client, login_as):
    login_as(Role.CLERK)
    make_employer()
    wide = "".join(chr(ord(c) + 0xFEE0) for c in valid_id_number(seq="101"))
    assert post(app, client, "/cases/new", form_data(**{"workers-0-id_number": wide})).status_code == 302
    assert db.session.scalar(db.select(Worker).where(Worker.id_number == valid_id_number(seq="101")))


def test_a_control_character_in_a_query_parameter_gets_a_chinese_400(app, client, login_as):
    login_as(Role.CLERK)
    response = client.get("/contractors/", query_string={"q": "恒达\x00"})
    assert response.status_code == 400
    assert "查询条件“q”含有不可见的控制字符" in text_of(response)
