"""Error pages in Chinese with an incident id, never a traceback (security.md item 22)."""

from __future__ import annotations

import logging
import secrets
import traceback

from flask import Flask, current_app, jsonify, make_response, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException, InternalServerError

from wagewatch.extensions import db
from wagewatch.privacy import mask_text
from wagewatch.services import StaleRecord

log = logging.getLogger("wagewatch.web.errors")

MESSAGES = {
    400: ("请求无效", "提交的内容无法处理，请返回上一页重试。"),
    401: ("未认证", "缺少有效的访问令牌。"),
    403: ("无权访问", "您的账户没有访问此页面的权限。"),
    404: ("页面不存在", "您要找的页面或记录不存在，或不在您的查看范围内。"),
    405: ("请求方式不允许", "此页面不接受这种请求方式。"),
    413: ("文件过大", "上传的内容超过了允许的大小（5 MB）。"),
    429: ("请求过于频繁", "请稍后再试。"),
    500: ("系统错误", "系统处理时出错，请稍后重试；如反复出现，请把事件编号告知管理员。"),
    503: ("服务暂时不可用", "数据库暂时无法连接，本次操作未保存。请稍后重试；如持续出现，请把事件编号告知管理员。"),
}

#: Errors meaning the database cannot be reached (down, restarting, pool exhausted).
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError, PoolTimeout)


def _render(status: int, detail: str | None = None):
    incident = secrets.token_hex(6).upper()
    title, message = MESSAGES[status]
    if request.blueprint == "api":
        return _json_error(status, detail or message, incident), incident
    try:
        page = render_template("errors/error.html", status=status, title=title,
                               message=detail or message, incident=incident)
    except DATABASE_UNAVAILABLE:
        # The full layout reads the signed-in user: without the database, the standalone page.
        _rollback_quietly()
        page = _standalone_page(status, title, detail or message, incident)
    return (page, status), incident


def _standalone_page(status: int, title: str, message: str, incident: str) -> str:
    """The error page that reads neither the user nor the database (usable during an outage)."""
    typed = [(name, value) for name, value in request.form.items(multi=True)
             if value and not name.endswith(_NOT_SHOWN) and not name.endswith(_SECRET_FIELDS)]
    # The template is rendered without the context processors: they read the signed-in user.
    template = current_app.jinja_env.get_template("errors/unavailable.html")
    return template.render(status=status, title=title, message=message, incident=incident,
                           typed=typed, back=request.full_path.rstrip("?"))


def _rollback_quietly() -> None:
    """Roll the session back; during an outage the rollback itself may fail, which is harmless."""
    try:
        db.session.rollback()
    except DATABASE_UNAVAILABLE:
        log.debug("Rollback failed while the database is unavailable")


def _json_error(status: int, message: str, incident: str):
    """API errors are JSON: status, Chinese message, incident id (and the usual auth headers)."""
    response = jsonify({"error": status, "message": message, "incident": incident})
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="wagewatch"'
    if status == 429:
        response.headers["Retry-After"] = "60"
    return response


def audit_refusal(action: str, detail: str) -> None:
    """Audit a refused request as its own committed entry (security.md items 4 and 16: every
    failure is recorded). During an outage the entry is lost and the refusal still answered."""
    from wagewatch.services import audit

    try:
        audit.record_alone(action, success=False, detail=detail[:500])
    except SQLAlchemyError:
        _rollback_quietly()
        log.warning("Refusal %s on %s %s not audited: database error", action, request.method,
                    request.path)


def refusal_page(status: int, detail: str):
    """A Chinese error page explaining a refusal that has no form field to stand beside."""
    response, incident = _render(status, detail)
    log.info("Refused %s %s with %s (incident %s)", request.method, request.path, status, incident)
    return response


def _handle_http(error: HTTPException):
    status = error.code if error.code in MESSAGES else 500
    if status == 413:
        audit_refusal("request.too_large", f"{request.method} {request.path}：超过允许的大小")
    response, incident = _render(status)
    log.info("HTTP %s on %s %s (incident %s)", status, request.method, request.path, incident)
    return response


def _handle_csrf(error: CSRFError):
    audit_refusal("csrf.refused", f"{request.method} {request.path}：表单校验令牌缺失、过期或无效")
    response, incident = _render(400, "页面已过期或来源无法验证，请刷新页面后重新提交。")
    log.warning("CSRF refused on %s %s (incident %s)", request.method, request.path, incident)
    return response


#: Form fields never shown back: tokens and the version the form was loaded with.
_NOT_SHOWN = ("csrf_token", "submission_token", "version")
#: Never echoed on the outage page (the login form and second-factor step post these).
_SECRET_FIELDS = ("password", "code", "recovery_code")


def _handle_stale(error: Exception):
    """Someone saved the record first (security.md item 18), wherever the service noticed it:
    the "该记录已被他人修改" page with everything the user typed, never a 500."""
    db.session.rollback()
    incident = secrets.token_hex(6).upper()
    typed = [(name, value) for name, value in request.form.items(multi=True)
             if value and not name.endswith(_NOT_SHOWN)]
    log.info("Stale record on %s %s (incident %s)", request.method, request.path, incident)
    return render_template("errors/stale.html", typed=typed, back=request.path,
                           incident=incident), 409


def database_answers() -> bool:
    """True when a fresh connection runs ``SELECT 1`` (tells an outage from a faulty statement)."""
    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True


def _handle_database_unavailable(error: Exception):
    """The database is down: a 503 in Chinese (JSON for the API), built without the database.
    An OperationalError from a faulty statement while the database answers stays a 500."""
    _rollback_quietly()
    if database_answers():
        return _handle_unexpected(error)
    incident = secrets.token_hex(6).upper()
    title, message = MESSAGES[503]
    log.error("Database unavailable on %s %s, endpoint %s (incident %s): %s", request.method,
              request.path, request.endpoint, incident, type(error).__name__)
    if request.blueprint == "api":
        response = _json_error(503, message, incident)
    else:
        response = make_response(_standalone_page(503, title, message, incident), 503)
    response.headers["Retry-After"] = "30"
    return response


def _handle_unexpected(error: Exception):
    _rollback_quietly()
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
    for unavailable in DATABASE_UNAVAILABLE:
        app.register_error_handler(unavailable, _handle_database_unavailable)
    app.register_error_handler(HTTPException, _handle_http)
    app.register_error_handler(InternalServerError, _handle_unexpected)
    app.register_error_handler(Exception, _handle_unexpected)
