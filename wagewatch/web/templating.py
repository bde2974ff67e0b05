"""Jinja filters and globals shared by every template: local times, labels, kept citations."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache

from flask import Flask
from jinja2 import Environment

from wagewatch.instruments.kinds import kind_of
from wagewatch.privacy import mask_id_number, mask_phone
from wagewatch.rules.case_flow import DEADLINE_LABELS
from wagewatch.rules.chinese_text import chinese_date
from wagewatch.rules.periods import CIVIL_CODE_PERIODS
from wagewatch.rules.sources import citation_or_text, rule_short, rule_title, wording
from wagewatch.services.reference.calendar import local_datetime


def yuan_text(value: Decimal | None) -> str:
    """An amount in yuan with thousands separators and two decimals: ``12,345.00``."""
    if value is None:
        return ""
    return f"{Decimal(value):,.2f}"


def source_citations(env: Environment) -> Callable[[str, bool], str]:
    """A reason's citation as the ``citation`` macro of _reason.html renders it, kept per
    environment by (source, linked): a police page shows some two hundred reasons citing the same
    few dozen sources, and the citation with its wording is the same each time. What is kept is
    the macro's own output, escaped by the template as it rendered it."""

    @lru_cache(maxsize=2048)
    def source_citation(source: str, linked: bool) -> str:
        return env.get_template("_reason.html").module.citation(source, linked)  # type: ignore[attr-defined]

    return source_citation


def init_app(app: Flask) -> None:
    app.jinja_env.globals["source_citation"] = source_citations(app.jinja_env)
    app.jinja_env.globals["deadline_labels"] = DEADLINE_LABELS
    app.jinja_env.globals["civil_code_periods"] = CIVIL_CODE_PERIODS
    app.jinja_env.globals["kind_served"] = lambda code: kind_of(code).served
    app.add_template_filter(citation_or_text, "cite")
    app.add_template_filter(rule_title, "rule_title")
    app.add_template_filter(rule_short, "rule_short")
    app.add_template_filter(wording, "wording")
    app.add_template_filter(local_datetime, "local_dt")
    app.add_template_filter(yuan_text, "yuan")
    app.add_template_filter(chinese_date, "chinese_date")
    app.add_template_filter(mask_id_number, "mask_id")
    app.add_template_filter(mask_phone, "mask_phone")
