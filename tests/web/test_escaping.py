"""Jinja autoescaping only (security.md item 10): no template or module switches it off or marks
text as safe, and a stored ``<script>`` name comes out as text (the browser test
tests/browser/test_login.py sees no dialog)."""

from __future__ import annotations

import re
from pathlib import Path

from wagewatch.models import Role

from tests.factories import make_contractor

PACKAGE = Path(__file__).resolve().parents[2] / "wagewatch"

#: What would let text reach a page unescaped.
TEMPLATE_ESCAPES = re.compile(r"\|\s*safe\b|autoescape\s+false|\{%-?\s*autoescape\b", re.I)
CODE_ESCAPES = re.compile(r"\bMarkup\s*\(|render_template_string|autoescape\s*=\s*False"
                          r"|from markupsafe import|import markupsafe")


#: The one module that writes markup itself: the forms' widgets, which escape every attribute
#: and label exactly as WTForms' own widgets do (tests/web/test_widgets.py compares them).
WRITES_MARKUP = {PACKAGE / "web" / "widgets.py"}


def test_no_template_or_module_marks_text_as_safe():
    found = [f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
             for pattern, suffix in ((TEMPLATE_ESCAPES, "*.html"), (CODE_ESCAPES, "*.py"))
             for path in sorted(PACKAGE.rglob(suffix)) if path not in WRITES_MARKUP
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line)]
    assert found == []


def test_a_stored_script_name_is_shown_as_text(app, client, login_as):
    login_as(Role.CLERK)
    contractor = make_contractor(name='<script>alert("x")</script>恒达建设有限公司')
    for url in ("/contractors/", f"/contractors/{contractor.id}"):
        page = client.get(url).get_data(as_text=True)
        assert "&lt;script&gt;alert(" in page and "<script>alert(" not in page, url
