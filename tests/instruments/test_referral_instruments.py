"""The police referral's instruments (S-310 art. 6), generated from the case and reopened."""

import hashlib
import io
from datetime import date

import docx

from wagewatch.extensions import db
from wagewatch.instruments.context import estimated_pages
from wagewatch.models import RuleDecision
from wagewatch.services.documents import issuing

from tests.web.referrals.factories import make_referral, reload


def text(document) -> str:
    opened = docx.Document(io.BytesIO(document.content))
    parts = [p.text for p in opened.paragraphs]
    parts += [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_the_letter_report_and_list_carry_the_cases_facts_and_the_flags_reasons(app):
    referral = reload(make_referral(up_to="handed_over"))   # the hand-over issues all three
    case, actor = referral.case, referral.case.handler
    letter, report = referral.pack.items[0].document, referral.pack.items[1].document
    assert letter.number.endswith("〔2026〕001号") and "移" in letter.number
    assert referral.letter_number == letter.number
    content = text(letter)
    for expected in (case.number, case.employer.name, "徐州经济技术开发区公安分局", "王局长",
                     "2026年11月4日", "第二百七十六条之一", letter.number):
        assert expected in content
    content = text(report)
    order = case.payment_orders[0]
    for expected in (case.number, case.employer.name, case.workers[0].worker.name,
                     case.workers[1].worker.id_number, "12,000.00", "24,000.00",
                     "人民币贰万肆仟元整", order.document_number, "2026年9月29日",
                     "经责令支付逾期未付"):
        assert expected in content
    flag = db.session.get(RuleDecision, referral.rule_decision_id)
    met = [r["text"] for r in flag.reasons["reasons"] if r["met"]]
    assert met and all(reason in content for reason in met)
    materials = [{"name": d.data["title"], "pages": estimated_pages(d.content), "sha256": d.sha256}
                 for d in (letter, report)]
    listing = issuing.issue(case, "materials_list", actor,
                              subject={"referral": referral, "materials": materials},
                              issued_on=date(2026, 11, 4))
    content = text(listing)
    assert letter.sha256 in content and report.sha256 in content
    assert letter.sha256 == hashlib.sha256(letter.content).hexdigest()
    assert "涉嫌犯罪案件调查报告" in content and "2份" in content
    assert estimated_pages(report.content) >= 1


def test_a_corrected_referral_letter_is_made_again_from_the_referral(app):
    referral = reload(make_referral(up_to="handed_over"))
    actor = referral.case.handler
    letter = referral.pack.items[0].document
    corrected = issuing.correct(letter, "更正接收单位", date(2026, 11, 5), actor)
    assert corrected.version == 2 and corrected.number == letter.number
    assert "徐州经济技术开发区公安分局" in text(corrected)
