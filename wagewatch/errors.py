"""Error pages in Chinese with an incident id, never a traceback (security.md item 22)."""

from __future__ import annotations

import logging
import secrets
import traceback

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from wagewatch.extensions import db
from wagewatch.privacy import mask_text
from wagewatch.services import StaleRecord

log = logging.getLogger("wagewatch.errors")

MESSAGES = {
    400: ("请求无效", "提交的内容无法处理，请返回上一页重试。"),
    401: ("未认证", "缺少有效的访问令牌。"),
    403: ("无权访问", "您的账户没有访问此页面的权限。"),
    404: ("页面不存在", "您要找的页面或记录不存在，或不在您的查看范围内。"),
    405: ("请求方式不允许", "此页面不接受这种请求方式。"),
    413: ("文件过大", "上传的内容超过了允许的大小（5 MB）。"),
    429: ("请求过于频繁", "请稍后再试。"),
    500: ("系统错误", "系统处理时出错，请稍后重试；如反复出现，请把事件编号告知管理员。"),
}


def _render(status: int, detail: str | None = None):  # noqa: ANN202
    incident = secrets.token_hex(6).upper()
    title, message = MESSAGES[status]
    if request.blueprint == "api":
        return _json_error(status, detail or message, incident), incident
    return (
        render_template("errors/error.html", status=status, title=title,
                        message=detail or message, incident=incident),
        status,
    ), incident


def _json_error(status: int, message: str, incident: str):  # noqa: ANN202
    """API errors are JSON: status, Chinese message, incident id (and the usual auth headers)."""
    response = jsonify({"error": status, "message": message, "incident": incident})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="wagewatch"'
    if status == 429:
        response.headers["Retry-After"] = "60"
    return response


def refusal_page(status: int, detail: str):  # noqa: ANN201
    """A Chinese error page explaining a refusal that has no form field to stand beside."""
    response, incident = _render(status, detail)
    log.info("Refused %s %s with %s (incident %s)", request.method, request.path, status, incident)
    return response


def _handle_http(error: HTTPException):  # noqa: ANN202
    status = error.code if error.code in MESSAGES else 500
    response, incident = _render(status)
    log.info("HTTP %s on %s %s (incident %s)", status, request.method, request.path, incident)
    return response


def _handle_csrf(error: CSRFError):  # noqa: ANN202
    response, incident = _render(400, "页面已过期或来源无法验证，请刷新页面后重新提交。")
    log.warning("CSRF refused on %s %s (incident %s)", request.method, request.path, incident)
    return response


#: Form fields never shown back: tokens and the version the form was loaded with.
_NOT_SHOWN = ("csrf_token", "submission_token", "version")


def _handle_stale(error: Exception):  # noqa: ANN202
    """Someone saved the record first (security.md item 18), wherever the service noticed it:
    the "该记录已被他人修改" page with everything the user typed, never a 500."""
    db.session.rollback()
    incident = secrets.token_hex(6).upper()
    typed = [(name, value) for name, value in request.form.items(multi=True)
             if value and not name.endswith(_NOT_SHOWN)]
    log.info("Stale record on %s %s (incident %s)", request.method, request.path, incident)
    return render_template("errors/stale.html", typed=typed, back=request.path,
                           incident=incident), 409


def _handle_unexpected(error: Exception):  # noqa: ANN202
    db.session.rollback()
    response, incident = _render(500)
    log.error("Unhandled error on %s %s, endpoint %s (incident %s): %s", request.method,
              request.path, request.endpoint, incident, describe(error))
    return response


def describe(error: BaseException) -> str:
    """The exception's type, its message with ID numbers masked, and where it was raised.

    No query string, form value or statement parameter is logged (security.md item 13): the
    engine hides parameters (hide_parameters), and the message is masked in case a value was
    quoted in it. The stack lists files, lines and functions only, never local values.
    """
    original = error.__cause__ or error.__context__
    frames = "".join(traceback.format_tb(error.__traceback__)).rstrip()
    text = f"{type(error).__name__}: {mask_text(str(error))}\n{frames}"
    if original is not None and original is not error:
        text += f"\ncaused by {type(original).__name__}: {mask_text(str(original))}"
    return text


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _handle_csrf)
    app.register_error_handler(StaleRecord, _handle_stale)
    app.register_error_handler(StaleDataError, _handle_stale)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(InternalServerError, _handle_unexpected)
    app.register_error_handler(Exception, _handle_unexpected)
