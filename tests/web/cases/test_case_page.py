"""The case page: the next step as its one primary button, the rest under 更多操作, and only the
statutory clocks that still apply, each with how much of it has run."""

from datetime import date, datetime

import pytest
from lxml import html

from wagewatch.models import Role
from wagewatch.rules.clock import CHINA_TZ
from wagewatch.services.cases import case_steps

from tests.factories import issue_served_order, login, make_user
from tests.statements import sent_statements
from tests.web.cases.factories import register


@pytest.fixture
def clerk(app, client, login_as):
    return login_as(Role.CLERK, username="clerk-page")


@pytest.fixture
def on_5_november(app):
    app.config["CLOCK"] = lambda: datetime(2026, 11, 5, 10, 0, tzinfo=CHINA_TZ)
    yield
    app.config.pop("CLOCK", None)


def page_of(client, case):
    return html.fromstring(client.get(f"/cases/{case.id}").get_data(as_text=True))


def find(doc, xpath: str) -> list:
    return doc.xpath(xpath)


PRIMARY = "//*[@id='case-actions']/a[contains(@class, 'btn-primary')]"
MORE = "//*[@id='case-actions']//ul[contains(@class, 'dropdown-menu')]//a"
CLOCKS = "//*[@id='deadlines']//*[@data-deadline]"


def text(node) -> str:
    return " ".join(node.text_content().split())


def test_a_registered_complaint_shows_acceptance_first_and_its_clock(app, client, clerk,
                                                                      on_5_november):
    case = register(clerk=clerk, received_on=date(2026, 11, 2))
    doc = page_of(client, case)
    primary = find(doc, PRIMARY)
    assert len(primary) == 1 and text(primary[0]) == "受理并立案"
    more = [text(a) for a in find(doc, MORE)]
    assert more[0] == "不予受理" and "受理并立案" not in more
    clocks = find(doc, CLOCKS)
    assert [c.get("data-deadline") for c in clocks] == ["acceptance"]
    assert "已用 3/5 个工作日" in text(clocks[0]) and "2026-11-09" in text(clocks[0])
    assert clocks[0].xpath(".//*[@role='progressbar']")[0].get("aria-valuenow") == "3"


def test_after_acceptance_the_acceptance_limit_is_hidden(app, client, clerk, on_5_november):
    case = register(clerk=clerk, received_on=date(2026, 11, 2))
    case_steps.accept(case, date(2026, 11, 3), clerk)
    doc = page_of(client, case)
    assert [c.get("data-deadline") for c in find(doc, CLOCKS)] == [
        "investigation"]
    assert "已用 2/60 个工作日" in text(find(doc, "//*[@id='deadlines']")[0])
    assert text(find(doc, PRIMARY)[0]) == "责令限期支付"


def test_an_unserved_order_makes_its_service_the_next_step(app, client, clerk, on_5_november):
    from wagewatch.services.cases import payments

    case = register(clerk=clerk, received_on=date(2026, 11, 2))
    case_steps.accept(case, date(2026, 11, 3), clerk)
    payments.issue_payment_order(case, payments.OrderInput(date(2026, 11, 4), 5), clerk)
    primary = find(page_of(client, case), PRIMARY)[0]
    assert text(primary) == "登记责令支付文书送达"
    assert "/documents/" in primary.get("href") and primary.get("href").endswith("/service")


def test_a_lapsed_order_shows_its_pay_by_clock_run_out(app, client, clerk):
    case = register(clerk=clerk, received_on=date(2026, 11, 2))
    case_steps.accept(case, date(2026, 11, 3), clerk)
    issue_served_order(case, issued_on=date(2026, 11, 4), pay_within=3, actor=clerk)
    app.config["CLOCK"] = lambda: datetime(2026, 11, 12, 10, 0, tzinfo=CHINA_TZ)
    try:
        doc = page_of(client, case)
    finally:
        app.config.pop("CLOCK", None)
    pay_by = find(doc, CLOCKS + "[@data-deadline='pay_by']")[0]
    assert "2026-11-09" in text(pay_by) and "已逾期 3 个工作日" in text(pay_by)
    assert text(find(doc, PRIMARY)[0]) == "责令加付赔偿金"


def test_a_closed_case_has_no_steps_and_no_running_clock(app, client, clerk, on_5_november):
    case = register(clerk=clerk, received_on=date(2026, 11, 2))
    case_steps.accept(case, date(2026, 11, 3), clerk)
    case_steps.close(case, "withdraw", date(2026, 11, 4), "情节轻微已改正", clerk)
    doc = page_of(client, case)
    assert find(doc, "//*[@id='case-actions']") == []
    assert find(doc, CLOCKS) == []
    assert "法定期限不再计算" in text(find(doc, "//*[@id='no-clocks']")[0])


def test_a_leader_sees_the_clocks_but_no_steps(app, client, on_5_november):
    case = register(clerk=make_user(role=Role.CLERK, username="clerk-page"),
                    received_on=date(2026, 11, 2))
    make_user(role=Role.LEADER, username="leader-page")
    login(app, client, "leader-page")
    doc = page_of(client, case)
    assert find(doc, "//*[@id='case-actions']") == []
    assert find(doc, CLOCKS + "[@data-deadline='acceptance']")


def test_the_case_page_reads_its_workers_in_one_statement(clerk, client) -> None:
    from wagewatch.extensions import db

    case = register(clerk=clerk, workers=6)
    db.session.expire_all()
    with sent_statements() as sent:
        page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    reads = [s for s in sent if "FROM worker" in s]
    assert all(f'data-worker="{name}"' in page for name in ("张伟", "王芳", "李强", "刘洋", "陈静", "杨磊"))
    assert len(reads) == 1


def test_the_case_pages_statements_do_not_grow_with_its_parties_and_their_authors(clerk, client):
    """The employer, township, project and handler come with the case; the parties with their
    contractors and the history with who wrote each entry come in one statement each."""
    from wagewatch.extensions import db
    from wagewatch.models import Liability
    from wagewatch.services.cases import registration

    from tests.factories import make_contractor

    case = register(clerk=clerk, workers=2)
    db.session.expire_all()
    with sent_statements() as before:
        client.get(f"/cases/{case.id}")
    for number, (name, liability) in enumerate((("徐州鑫源建设有限公司", Liability.GENERAL_CONTRACTOR_FIRST),
                                                 ("徐州华宇置业有限公司", Liability.OWNER_ADVANCE))):
        author = make_user(role=Role.CLERK, username=f"clerk-party-{number}",
                           display_name=f"王监察{number}")
        registration.add_party(case, make_contractor(name=name), liability, None, author)
    db.session.expire_all()
    with sent_statements() as after:
        page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert all(word in page for word in ("徐州鑫源建设有限公司", "徐州华宇置业有限公司", "王监察0", "王监察1"))
    assert len(after) == len(before)


def test_the_case_page_reads_its_police_referrals_once(clerk, client) -> None:
    """The referral section and the attachment form's choices share one read of the referrals."""
    from tests.statements import sent_statements

    case = register(clerk=clerk, workers=2)
    with sent_statements() as sent:
        page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert case.number in page
    assert len([s for s in sent if "FROM police_referral" in s]) == 1


def test_the_case_pages_statements_do_not_grow_with_its_instalments(clerk, client):
    """A case paid in many instalments: every recovery's split and every order's items come in
    one statement each (lazily, one statement per recovery)."""
    from decimal import Decimal

    from wagewatch.extensions import db
    from wagewatch.models import Payer
    from wagewatch.services.cases import payments

    from tests.web.referrals.factories import flagged_case

    case = flagged_case(clerk=clerk)

    def pay(day: int) -> None:
        payments.record_recovery(case, payments.RecoveryInput(
            date(2026, 10, day), Decimal("100.00"), Payer.EMPLOYER, None, None,
            {cw.id: Decimal("50.00") for cw in case.workers}), case.handler)

    pay(10)
    db.session.expire_all()
    with sent_statements() as one:
        client.get(f"/cases/{case.id}")
    for day in range(11, 16):
        pay(day)
    db.session.expire_all()
    with sent_statements() as six:
        page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert len(six) == len(one)
    assert len([s for s in six if "FROM recovery_allocation" in s]) == 1
    assert len([s for s in six if "FROM payment_order_item" in s]) == 1
    assert "23,400.00" in page  # 24,000 owed less 6 × 100 paid, on the page's total


def test_each_recovery_names_the_contractor_who_paid_without_a_statement_each(clerk, client):
    """Recoveries paid by other contractors (S-724: the general contractor pays first) name the
    payer beside each; more paying contractors add no statement to the page."""
    from decimal import Decimal

    from wagewatch.extensions import db
    from wagewatch.models import Payer
    from wagewatch.services.cases import payments

    from tests.factories import make_contractor
    from tests.web.referrals.factories import flagged_case

    case = flagged_case(clerk=clerk)

    def paid_by(name: str, day: int) -> None:
        payer = make_contractor(name=name)
        payments.record_recovery(case, payments.RecoveryInput(
            date(2026, 10, day), Decimal("100.00"), Payer.GENERAL_CONTRACTOR, payer.id, None,
            {cw.id: Decimal("50.00") for cw in case.workers}), case.handler)

    paid_by("徐州总包甲建设有限公司", 10)
    db.session.expire_all()
    with sent_statements() as one:
        client.get(f"/cases/{case.id}")
    for day, name in ((11, "徐州总包乙建设有限公司"), (12, "徐州总包丙建设有限公司")):
        paid_by(name, day)
    db.session.expire_all()
    with sent_statements() as three:
        page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    table = page[page.index('id="recovery-table"'):]
    table = table[:table.index("</table>")]
    for name in ("徐州总包甲建设有限公司", "徐州总包乙建设有限公司", "徐州总包丙建设有限公司"):
        assert f"（{name}）" in table
    assert len(three) == len(one)
