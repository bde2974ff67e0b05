"""The base form every blueprint's forms derive from: Chinese messages, stripped text."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice
from wtforms import SubmitField
from wtforms.validators import DataRequired, Length


class BaseForm(FlaskForm):
    """A Flask-WTF form (CSRF included) whose built-in validation messages are in Chinese."""

    class Meta:
        locales = ("zh",)

        def bind_field(self, form, unbound_field, options):  # noqa: ANN001, ANN201
            # Strip surrounding spaces from every text field, so "  张三 " is saved as "张三".
            filters = unbound_field.kwargs.get("filters", [])
            if unbound_field.field_class.__name__ in {"StringField", "TextAreaField"}:
                unbound_field.kwargs["filters"] = [*filters, _strip]
            return unbound_field.bind(form=form, **options)


def _strip(value):  # noqa: ANN001, ANN202
    return value.strip() if isinstance(value, str) else value


def required(message: str = "此项必填。") -> DataRequired:
    return DataRequired(message=message)


def max_length(limit: int) -> Length:
    return Length(max=limit, message=f"不能超过{limit}个字符。")


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


#: Render options of a text input that names a registered contractor, with suggestions
#: from contractors.lookup_contractors (static/contractor_lookup.js fills the datalist).
CONTRACTOR_INPUT = {"list": "contractor-options", "data-contractor-lookup": "",
                    "autocomplete": "off", "placeholder": "输入名称、统一社会信用代码或身份证号码"}


class ExportForm(BaseForm):
    """A POST button with a CSRF token: an export is a recorded act (security.md item 8)."""

    submit = SubmitField("导出Excel")
