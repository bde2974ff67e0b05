"""Render a .docx template with docxtpl inside Jinja's sandbox, refusing unknown variables."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError


class TemplateRefused(Exception):
    """A template that cannot be rendered safely or fully; the message (Chinese) says why and
    names the variable or expression at fault."""

    def __init__(self, message: str, variable: str | None = None) -> None:
        super().__init__(message)
        self.message, self.variable = message, variable


def environment() -> SandboxedEnvironment:
    """A sandbox that escapes every value for XML and fails on any name the context lacks."""
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def _unknown_from(error: UndefinedError) -> str:
    match = re.search(r"'([^']+)' is undefined", str(error)) or re.search(
        r"has no attribute '([^']+)'", str(error))
    return match.group(1) if match else str(error)


def render(template: bytes, context: dict[str, Any]) -> bytes:
    """The document rendered from ``template`` with ``context`` (plain dicts, lists and text);
    raises TemplateRefused for unsafe expressions, unknown variables or a broken template."""
    try:
        document = DocxTemplate(io.BytesIO(template))
        env = environment()
        unknown = sorted(document.get_undeclared_template_variables(env, context))
        if unknown:
            raise TemplateRefused(f"模板引用了未知的变量：{'、'.join(unknown)}。", unknown[0])
        document.render(context, jinja_env=env, autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
    except TemplateRefused:
        raise
    except SecurityError as error:
        raise TemplateRefused(f"模板含有不允许的表达式（{error}）。") from error
    except UndefinedError as error:
        name = _unknown_from(error)
        raise TemplateRefused(f"模板引用了未知的变量：{name}。", name) from error
    except TemplateSyntaxError as error:
        raise TemplateRefused(f"模板标记有语法错误：{error.message}。") from error
    except TemplateError as error:
        raise TemplateRefused(f"模板无法生成文书：{error}。") from error
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TemplateRefused("不是有效的 Word（.docx）模板。") from error
    return buffer.getvalue()
