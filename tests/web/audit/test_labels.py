"""Every audit action the code records has a Chinese label in rules/audit_labels.py; found by
reading the source: audit.record(...) calls and the helpers that pass an action on to it."""

import ast
from pathlib import Path

from wagewatch.rules.audit_labels import ACTION_LABELS
from wagewatch.rules.case_flow import ACTION_LABELS as CASE_STEPS, TRANSITIONS

PACKAGE = Path(__file__).resolve().parents[3] / "wagewatch"
#: Functions that take an action and record it: name → (argument index, prefix added).
FORWARDERS = {"record": (0, ""), "record_alone": (0, ""), "audit_step": (0, "blacklist."),
              "_audit": (0, "blacklist."), "finish": (2, "referral."), "_finish": (2, ""),
              "audit_refusal": (0, "")}
#: Forwarders whose action is a variable, and where its values come from (checked below).
DYNAMIC = {"case_steps.py": "case.", "calendar_years.py": "", "procedure.py": "blacklist.",
           "listing_expiry.py": "blacklist.", "handover.py": "referral.", "audit.py": "",
           "errors.py": ""}


def _name(call: ast.Call) -> str | None:
    return call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", None)


def recorded_actions() -> tuple[set[str], list[str]]:
    """Actions passed as string literals (an if-expression gives both), and the places where
    audit.record is given a computed action in a file not listed in DYNAMIC."""
    actions: set[str] = set()
    unknown: list[str] = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = _name(node) if isinstance(node, ast.Call) else None
            if not isinstance(node, ast.Call) or name is None or name not in FORWARDERS:
                continue
            index, prefix = FORWARDERS[name]
            if len(node.args) <= index:
                continue
            literals = [n.value for n in ast.walk(node.args[index])
                        if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            if isinstance(node.args[index], (ast.Constant, ast.IfExp)):
                actions.update(prefix + value for value in literals)
            elif name in {"record", "record_alone"} and path.name not in DYNAMIC:
                unknown.append(f"{path.name}:{node.lineno}")
    return actions, unknown


def test_every_recorded_action_has_a_chinese_label():
    actions, unknown = recorded_actions()
    assert len(actions) > 90  # the scan finds the calls
    assert not unknown, f"actions computed where this test cannot see them: {unknown}"
    missing = sorted(a for a in actions if a not in ACTION_LABELS)
    assert not missing, f"audit actions without a label in rules/audit_labels.py: {missing}"


def test_every_case_step_has_a_label():
    steps = {action for moves in TRANSITIONS.values() for action in moves} | set(CASE_STEPS)
    assert {f"case.{step}" for step in steps} <= set(ACTION_LABELS)


def test_labels_are_chinese_and_distinct():
    assert all(not label.isascii() for label in ACTION_LABELS.values())
    labels = list(ACTION_LABELS.values())
    assert len(labels) == len(set(labels)), "two actions share a label"


#: Columns that hold secrets, stored files or bookkeeping, never shown as a change to an auditor.
NOT_SHOWN = {"id", "password_hash", "token_hash", "submission_token", "data", "figures", "workbook",
             "imported_sha256", "heartbeat_at"}


def test_every_field_of_an_audited_record_has_a_chinese_name(app):
    from wagewatch.models.base import Base
    from wagewatch.rules.audit_labels import OBJECT_LABELS
    from wagewatch.services.audit_entries import field_name

    missing = sorted(f"{table.name}.{column.name}" for table in Base.metadata.sorted_tables
                     if table.name in OBJECT_LABELS and table.name != "audit_event"
                     for column in table.columns
                     if column.name not in NOT_SHOWN and field_name(column.name) == column.name)
    assert not missing, f"fields without a Chinese name in rules/audit_labels.py: {missing}"


def test_recorded_values_read_as_their_labels(app):
    from wagewatch.services.audit_entries import field_name, value_label

    assert value_label("recovery", "payer", "general_contractor") == "施工总承包单位先行清偿"
    assert value_label("case", "status", "investigating") == "已立案调查"
    assert value_label("issued_document", "kind", "payment_order") != "payment_order"
    assert value_label("police_referral", "item_list", [True, None]) == "是"
    assert value_label("police_referral", "item_list", "[False, None]") == "否"  # stored as text
    assert value_label("case", "status", None) == "（空）"
    assert field_name("item_list") != "item_list" and field_name("payer") == "支付来源"
