"""A 文号 typed at a blacklist step that the office already used is refused beside the field,
and automatic numbering passes over a number typed by hand earlier."""

from datetime import date

import pytest

from wagewatch.extensions import db
from wagewatch.models import BlacklistProceeding, IssuedDocument, Listing, Role
from wagewatch.services import ServiceError
from wagewatch.services.blacklist import procedure, listing_removal
from wagewatch.services.documents import issuing

from tests.factories import text_of
from tests.web.blacklist.factories import NOTICE, candidate_case, decision, make_listed_employer
from tests.web.blacklist.test_procedure import DECISION, _start, _step


def test_a_decision_number_already_used_by_the_notice_is_refused_beside_the_field(
        app, client, login_as):
    case = candidate_case()
    login_as(Role.CLERK, username="clerk-bl-numbers")
    proceeding = _start(app, client, case)
    _step(app, client, proceeding, "notice", {
        "document_number": "经开劳监告字〔2025〕1号", "grounds": "逾期未支付工资", "basis": "第45号令",
        "served_on": "2025-03-17", "service_method": "in_person"})
    refused = _step(app, client, proceeding, "decide", {
        **DECISION, "document_number": "经开劳监告字〔2025〕1号", "decided_on": "2025-03-26"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert ('data-field="document_number">文号“经开劳监告字〔2025〕1号”已被本机构的'
            '《拟列入拖欠农民工工资失信联合惩戒对象名单告知书》使用') in html
    assert "留空按本机构文号格式自动编号" in html
    assert 'value="徐州经开区人社局"' in html and "拖欠2名农民工工资24,000元" in html  # nothing lost
    assert db.session.scalar(db.select(Listing)) is None
    db.session.expire_all()
    assert db.session.get(BlacklistProceeding, proceeding.id).status.value == "notice_served"
    listed = text_of(_step(app, client, proceeding, "decide", {**DECISION, "decided_on": "2025-03-26"}))
    assert "已作出列入决定" in listed


def test_automatic_numbering_passes_over_a_number_typed_by_hand(app):
    case = candidate_case()
    actor = case.handler
    proceeding = procedure.start_proceeding(case.employer, actor, date(2025, 3, 14))
    typed = procedure.NoticeInput("经开劳监移决〔2025〕001号", NOTICE.grounds, NOTICE.basis,
                                  NOTICE.served_on, NOTICE.service_method)
    procedure.serve_notice(proceeding, typed, actor, proceeding.version)
    procedure.decide_listing(proceeding, decision(), actor, proceeding.version)
    listing_removal.apply_for_early_removal(proceeding, date(2025, 11, 6), date(2025, 5, 5), True,
                                            None, actor, proceeding.version)
    listing_removal.decide_early_removal(proceeding, proceeding.current_listing.applications[-1],
                                         date(2025, 11, 10), True, None, "已全额支付", actor,
                                         proceeding.version)
    numbers = {d.kind: d.number for d in issuing.proceeding_documents(proceeding)}
    assert numbers["blacklist_notice"] == "经开劳监移决〔2025〕001号"
    assert numbers["early_removal_decision"] == "经开劳监移决〔2025〕002号"
    assert db.session.scalar(db.select(db.func.count()).select_from(IssuedDocument).where(
        IssuedDocument.number == "经开劳监移决〔2025〕001号")) == 1


def test_a_second_notice_with_the_same_number_is_refused_not_a_server_error(app):
    first = candidate_case()
    proceeding = procedure.start_proceeding(first.employer, first.handler, date(2025, 3, 14))
    procedure.serve_notice(proceeding, NOTICE, first.handler, proceeding.version)
    second = candidate_case(employer=make_listed_employer(name="徐州宏远劳务有限公司"),
                            received_on=date(2025, 3, 4))
    other = procedure.start_proceeding(second.employer, second.handler, date(2025, 3, 14))
    with pytest.raises(ServiceError, match="已被本机构的") as refused:
        procedure.serve_notice(other, NOTICE, second.handler, other.version)
    assert refused.value.field == "document_number"
