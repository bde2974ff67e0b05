"""Render a .docx template with docxtpl inside Jinja's sandbox, refusing unknown variables."""

from __future__ import annotations

import hashlib
import io
import re
import threading
import zipfile
from collections import OrderedDict
from functools import lru_cache
from typing import Any

from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, Template, TemplateError, TemplateSyntaxError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment, SecurityError

#: Compiled XML parts kept per process: the 17 default templates have about 9 parts each (body,
#: headers, footers, properties), and an office's uploaded templates add theirs.
COMPILED_PARTS = 512


class TemplateRefused(Exception):
    """A template that cannot be rendered safely or fully; the message (Chinese) says why and
    names the variable or expression at fault."""

    def __init__(self, message: str, variable: str | None = None) -> None:
        super().__init__(message)
        self.message, self.variable = message, variable


class _CompilingOnce(SandboxedEnvironment):
    """The sandbox, compiling each distinct XML part once per process: docxtpl asks for every
    part of every document afresh, and compiling costs more than rendering. Templates are keyed
    by the SHA-256 of their source, so an uploaded template that changes is compiled anew."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._compiled: OrderedDict[bytes, Template] = OrderedDict()
        self._lock = threading.Lock()

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        key = hashlib.sha256(source.encode()).digest()
        with self._lock:
            template = self._compiled.get(key)
            if template is not None:
                self._compiled.move_to_end(key)
                return template
        template = super().from_string(source)
        with self._lock:
            self._compiled[key] = template
            while len(self._compiled) > COMPILED_PARTS:
                self._compiled.popitem(last=False)
        return template


#: The one rendering sandbox of the process: it escapes every value for XML and fails on any name
#: the context lacks (Jinja environments are safe to share between threads).
_SANDBOX = _CompilingOnce(undefined=StrictUndefined, autoescape=True)


@lru_cache(maxsize=64)
def _names_in(template: bytes) -> frozenset[str]:
    """Every variable the template's body, headers and footers read (docxtpl parses the whole
    package for it, so the answer is kept per template)."""
    return frozenset(DocxTemplate(io.BytesIO(template)).get_undeclared_template_variables(_SANDBOX))


def _unknown_from(error: UndefinedError) -> str:
    match = re.search(r"'([^']+)' is undefined", str(error)) or re.search(
        r"has no attribute '([^']+)'", str(error))
    return match.group(1) if match else str(error)


def render(template: bytes, context: dict[str, Any]) -> bytes:
    """The document rendered from ``template`` with ``context`` (plain dicts, lists and text);
    raises TemplateRefused for unsafe expressions, unknown variables or a broken template."""
    try:
        unknown = sorted(_names_in(template) - context.keys())
        if unknown:
            raise TemplateRefused(f"模板引用了未知的变量：{'、'.join(unknown)}。", unknown[0])
        document = DocxTemplate(io.BytesIO(template))
        document.render(context, jinja_env=_SANDBOX, autoescape=True)
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
