"""Query strings refuse C0 control characters before any view reads them (security.md item 25)."""

from __future__ import annotations

from flask import Flask, request

from wagewatch.rules.text import has_control, without_control
from wagewatch.web.errors import audit_refusal, refusal_page


def refuse_control_characters():
    """A 400 page naming the parameter when a query parameter or its name holds a control
    character (lists and searches; form fields are checked beside the field by wagewatch.web.forms)."""
    for name, value in request.args.items(multi=True):
        if has_control(name) or has_control(value):
            shown = without_control(name)[:40]
            audit_refusal("request.control_characters",
                          f"{request.method} {request.path}：查询条件“{shown}”含有控制字符")
            return refusal_page(400, f"查询条件“{shown}”含有不可见的控制字符（如NUL），请删除后重新查询。")
    return None


def init_app(app: Flask) -> None:
    # First of all before-request functions: nothing, the login redirect included, reads them.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_control_characters)
