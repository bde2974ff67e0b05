"""The base form every blueprint's forms derive from: Chinese messages, stripped and safe text."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from flask import request
from flask_wtf import FlaskForm
from wtforms import Form, HiddenField, StringField, SubmitField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, Length, StopValidation

from wagewatch.rules.text import text_error, without_control
from wagewatch.services.reference.townships import active_townships
from wagewatch.web.widgets import speed_up


class TextMeta:
    """Form options shared by every form: Chinese messages, and every text field (hidden and
    password fields included) refuses C0 control characters and text made only of invisible
    characters with a message beside it. Multi-line text areas keep tab, LF and CR. Fields
    render through widgets.py (the same markup, written faster)."""

    locales = ("zh",)

    def bind_field(self, form, unbound_field, options):
        return speed_up(self._bind(form, unbound_field, options))

    def _bind(self, form, unbound_field, options):
        field_class = unbound_field.field_class
        if not issubclass(field_class, StringField):
            return unbound_field.bind(form=form, **options)
        multiline = issubclass(field_class, TextAreaField)
        args, kwargs = list(unbound_field.args), dict(unbound_field.kwargs)
        validators = list(args.pop(1) if len(args) > 1 else kwargs.get("validators") or [])
        filters = [_clean_text(multiline), *kwargs.get("filters", [])]
        if field_class in (StringField, TextAreaField):
            filters.append(_strip)  # "  张三 " is saved as "张三"
        kwargs.update(filters=filters, validators=[_refuse_hostile_text(multiline), *validators])
        return UnboundField(field_class, *args, **kwargs).bind(form=form, **options)


class BaseForm(FlaskForm):
    """A Flask-WTF form (CSRF included) with Chinese messages and safe text fields."""

    class Meta(TextMeta):
        pass

    def validate(self, extra_validators=None) -> bool:
        """Validate; a missing or stale token is audited like CSRFProtect's refusals. Only the
        upload views exempt from CSRFProtect (they check the token here, after login and role,
        keeping what was typed) ever reach this with a bad token."""
        valid = super().validate(extra_validators)
        token = getattr(self, "csrf_token", None)
        if not valid and token is not None and token.errors and request.method == "POST":
            from wagewatch.web.errors import audit_refusal

            audit_refusal("csrf.refused", f"{request.method} {request.path}：表单校验令牌缺失、过期或无效")
        return valid


class RowForm(Form):
    """A row of a FieldList inside a BaseForm (the outer form carries the CSRF token)."""

    class Meta(TextMeta):
        pass


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _clean_text(multiline: bool):
    """A filter: the field's data never holds a control character, even when a view reads it
    without validating (the typed text stays in raw_data for the re-rendered form)."""

    def clean(value):
        return without_control(value, multiline) if isinstance(value, str) else value

    return clean


def _refuse_hostile_text(multiline: bool):
    def validate(form, field) -> None:
        typed = field.raw_data[0] if field.raw_data else field.data
        error = text_error(typed, multiline) if isinstance(typed, str) else None
        if error:
            raise StopValidation(error)

    return validate


class SubmissionTokenField(HiddenField):
    """The one-time token of a create form (security.md item 19): a fresh one each time the form is
    shown, kept when it comes back with errors, required when posted, so a double-clicked, re-sent
    or concurrently sent form creates one record (services.submissions.once_per_token)."""

    def __init__(self, label: str | None = None, validators: list | None = None, **kwargs) -> None:
        super().__init__(label, [*(validators or []), _token_present, Length(max=64, message=MISSING_TOKEN)],
                         default=lambda: secrets.token_urlsafe(24), **kwargs)


MISSING_TOKEN = "表单缺少一次性提交标识，请刷新页面后重新填写提交。"


def _token_present(form, field) -> None:
    if not field.raw_data or not field.raw_data[0]:  # posted without one (not the fresh default)
        raise StopValidation(MISSING_TOKEN)


def required(message: str = "此项必填。") -> DataRequired:
    return DataRequired(message=message)


def max_length(limit: int) -> Length:
    return Length(max=limit, message=f"不能超过{limit}个字符。")


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """Select options from (value, label) pairs."""
    return [SelectChoice(value, label) for value, label in pairs]


def township_filter(office_id: int) -> list[SelectChoice]:
    """A list filter's township options: any, or one of the office's active townships."""
    return choices([("", "全部镇街"), *((str(township_id), name)
                                      for township_id, name in active_townships(office_id))])


#: Render options of a text input that names a registered contractor, with suggestions
#: from contractors.lookup_contractors (static/lookup.js fills the datalist after two characters).
CONTRACTOR_INPUT = {"list": "contractor-options", "data-lookup": "2",
                    "autocomplete": "off", "placeholder": "输入名称、统一社会信用代码或身份证号码"}


class ExportForm(BaseForm):
    """A POST button with a CSRF token: an export is a recorded act (security.md item 8)."""

    submit = SubmitField("导出Excel")


def filter_words(form: Form, filters: dict, shown_as: Mapping[str, Callable[[Any], str]] | None = None) -> str:
    """A list's filters in the words of its filter form (choice labels, dates), e.g.
    "状态：调查中，收到日期自：2026-11-01", for the heading of an export; empty when nothing
    narrows the list. ``shown_as`` words the fields whose value is an id or a flag."""
    words = []
    for field in form:
        value = filters.get(field.name)
        if field.name in {"page", "sort"} or value in (None, "", False):
            continue
        if shown_as and field.name in shown_as:
            shown = shown_as[field.name](value)
        elif getattr(field, "choices", None):
            shown = {str(c.value): c.label for c in field.choices}.get(str(value), str(value))
        else:
            shown = value.isoformat() if hasattr(value, "isoformat") else str(value)
        words.append(f"{field.label.text}：{shown}")
    return "，".join(words)
