"""WTForms' own widgets and labels, their HTML attributes written without ``string.Formatter``.

WTForms writes each attribute through ``Markup.format``, a ``string.Formatter`` that runs in
Python; on a page of forms (the case page, the case list's filters) that was a fifth of the
app's CPU (benchmarks/README.md). The markup here is the same, byte for byte
(tests/web/test_widgets.py), and each widget keeps its settings (``step``, ``multiple``...).
"""

from __future__ import annotations

import copy
from typing import Any

from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.fields import Field, Label as WTFormsLabel
from wtforms.widgets.core import clean_key


def attributes(**kwargs: Any) -> Markup:
    """``wtforms.widgets.html_params``: keys sorted, ``class_``/``data_x`` spelt as HTML, True as
    a bare attribute, False left out, values escaped (a quote in Markup as ``&quot;``)."""
    parts: list[str] = []
    for key, value in sorted(kwargs.items()):
        if value is True:
            parts.append(escape(clean_key(key)))
        elif value is not False:
            parts.append(f'{escape(clean_key(key))}="{str(escape(value)).replace(chr(34), "&quot;")}"')
    return Markup(" ".join(parts))


class _Attributes:
    """Widgets of the ``Input`` family and buttons write their attributes by ``self.html_params``."""

    html_params = staticmethod(attributes)


class Select(widgets.Select):
    """WTForms' select and its options written by ``attributes`` (a page has dozens of them), the
    field's validation flags read without ``dir()`` and the option writer taken as it is (WTForms
    inspects its signature on every select, for overrides of an older style)."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        if self.multiple:
            kwargs["multiple"] = True
        flags = vars(getattr(field, "flags", None) or object())
        for key in self.validation_attrs:
            if key in flags and key not in kwargs:
                kwargs[key] = flags[key]
        html = [f"<select {attributes(name=field.name, **kwargs)}>"]
        if field.has_groups():
            for group, choices in field._iter_groups_normalized():
                if group is not None:
                    html.append(f"<optgroup {attributes(label=group)}>")
                html.extend(self.render_option(choice) for choice in choices)
                if group is not None:
                    html.append("</optgroup>")
        else:
            html.extend(self.render_option(choice) for choice in field._iter_choices_normalized())
        html.append("</select>")
        return Markup("".join(html))

    @classmethod
    def render_option(cls, choice, **kwargs):
        value = str(choice.value) if isinstance(choice.value, bool) else choice.value
        options = {"value": value, **(choice.render_kw or {}), **kwargs}
        if choice.selected:
            options["selected"] = True
        return Markup(f"<option {attributes(**options)}>{escape(choice.label or choice.value)}</option>")


class Label(WTFormsLabel):
    """WTForms' label, its attributes written by ``attributes``."""

    def __call__(self, text: str | None = None, **kwargs: Any) -> Markup:
        if "for_" in kwargs:
            kwargs["for"] = kwargs.pop("for_")
        else:
            kwargs.setdefault("for", self.field_id)
        written = attributes(**kwargs)
        return Markup(f"<label{' ' if written else ''}{written}>{escape(text or self.text)}</label>")


_INPUTS = (widgets.TextInput, widgets.PasswordInput, widgets.HiddenInput, widgets.CheckboxInput,
           widgets.RadioInput, widgets.FileInput, widgets.SubmitInput, widgets.NumberInput,
           widgets.DateInput, widgets.TimeInput, widgets.DateTimeLocalInput, widgets.SearchInput,
           widgets.EmailInput, widgets.TelInput, widgets.URLInput, widgets.Button)
#: Each WTForms widget class and the same class writing its attributes by ``attributes``.
FASTER: dict[type, type] = {
    **{kind: type(kind.__name__, (_Attributes, kind), {"__module__": __name__}) for kind in _INPUTS},
    widgets.Select: Select,
}
#: Each widget met and its twin. A field's widget is its field class's default or one given in a
#: form's class body: a fixed set of objects, each copied once per process.
_twins: dict[Any, Any] = {}


def faster(widget: Any) -> Any:
    """The same widget (its settings copied) of the class in FASTER; others as they are."""
    kind = FASTER.get(type(widget))
    if kind is None:
        return widget
    twin = _twins.get(widget)
    if twin is None:
        twin = copy.copy(widget)
        twin.__class__ = kind
        _twins[widget] = twin
    return twin


def speed_up(field: Field) -> Field:
    """A bound field rendering through the widgets and label above."""
    field.widget = faster(field.widget)
    field.label = Label(field.label.field_id, field.label.text)
    return field
