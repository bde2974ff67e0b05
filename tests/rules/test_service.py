"""What each service method needs before it proves service."""

import pytest

from wagewatch.rules.service import service_problem


def _problem(method, **facts):
    values = {"signer_name": None, "signer_capacity": None, "refusal_note": None,
              "evidence": None, **facts}
    return service_problem(method, **values)


@pytest.mark.parametrize(("method", "facts", "field"), [
    ("in_person", {}, None),
    ("posted", {}, "service_attachments"),
    ("posted", {"evidence": "照片3张"}, "service_attachments"),  # a typed note is no proof
    ("posted", {"evidence_files": 2}, None),
    ("left", {"evidence": "录像1段"}, "refusal_note"),
    ("left", {"refusal_note": "拒绝签收"}, "evidence"),
    ("left", {"refusal_note": "拒绝签收", "evidence": "见证人刘某"}, None),
    ("left", {"refusal_note": "拒绝签收", "evidence_files": 1}, None),
    ("family_member", {"signer_name": "张某"}, "signer_name"),
    ("receiving_person", {"signer_name": "刘芳", "signer_capacity": "收发员"}, None),
    ("entrusted", {}, "signer_name"),
    ("postal", {}, "evidence"),
    ("postal", {"evidence": "EMS 1234"}, None),
    ("public_notice", {"evidence": "   "}, "evidence"),
    ("electronic", {"evidence": "a@b.cn（同意书附卷）"}, None),
])
def test_each_method_names_what_it_still_needs(method, facts, field):
    problem = _problem(method, **facts)
    assert (problem.field if problem else None) == field
    if problem:
        assert problem.message
