"""`flask blacklist expire`: S-45 periods end after 3 years; S-17 years end with removal when
corrected or one automatic 2-year extension; legacy S-17 entries through their form."""

from datetime import date

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, BlacklistProceeding, Listing, ProceedingStatus, RemovalReason, Role, RuleSet
from wagewatch.reports.monthly_series import blacklist_figures
from wagewatch.rules.report_period import report_period
from wagewatch.services.blacklist.listing_queries import listed_on

from tests.factories import post, text_of
from tests.web.blacklist.factories import make_listed_employer, make_listing


def test_an_s45_listing_is_removed_the_day_after_its_three_years(app, runner):
    listing = make_listing(contractor=make_listed_employer(), decided_on=date(2022, 2, 28))
    assert listing.ends_on == date(2025, 2, 28)  # 3 years by the Civil Code: the corresponding day
    early = runner.invoke(args=["blacklist", "expire", "--as-of", "2025-02-28"])
    assert "移出 0 家" in early.output
    result = runner.invoke(args=["blacklist", "expire", "--as-of", "2025-03-03"])
    assert result.exit_code == 0, result.output
    assert "黑名单期满处理（截至 2025-03-03）：移出 1 家，自动延长 0 家。" in result.output
    assert ("移出：徐州恒达建设工程有限公司（经开劳监列字〔2022〕9号）"
            "列入期限于2025-02-28届满，应于2025-03-14前移出〔S-45〕") in result.output
    db.session.expire_all()
    assert listing.removed_on == listing.publication_stopped_on == date(2025, 3, 3)
    assert listing.removal_reason is RemovalReason.EXPIRED
    assert listing.proceeding.status is ProceedingStatus.REMOVED
    assert all(p.removed_on == date(2025, 3, 3) for p in listing.persons)
    assert listed_on(listing.contractor_id, date(2025, 2, 28)) == listing
    assert listed_on(listing.contractor_id, date(2025, 3, 1)) is None
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "blacklist.expire"))
    again = runner.invoke(args=["blacklist", "expire", "--as-of", "2025-03-04"])
    assert "移出 0 家" in again.output


def test_a_late_run_says_the_removal_deadline_passed(app, runner):
    make_listing(contractor=make_listed_employer(), decided_on=date(2022, 3, 1))
    result = runner.invoke(args=["blacklist", "expire", "--as-of", "2025-04-01"])
    assert "已超过移出期限" in result.output


def test_s17_is_extended_by_two_years_when_not_corrected_then_removed(app, runner):
    listing = make_listing(contractor=make_listed_employer(), decided_on=date(2020, 5, 31),
                           rule_set=RuleSet.S17, number="徐开劳监黑〔2020〕3号")
    first = runner.invoke(args=["blacklist", "expire", "--as-of", "2021-06-01"])
    assert "移出 0 家，自动延长 1 家" in first.output
    assert "延长：徐州恒达建设工程有限公司（徐开劳监黑〔2020〕3号）期满未纠正，自动延长2年至2023-05-31〔S-17〕" \
        in first.output
    db.session.expire_all()
    assert (listing.original_ends_on, listing.ends_on) == (date(2021, 5, 31), date(2023, 5, 31))
    assert listed_on(listing.contractor_id, date(2022, 12, 1)) == listing
    second = runner.invoke(args=["blacklist", "expire", "--as-of", "2023-06-01"])
    assert "移出 1 家，自动延长 0 家" in second.output and "延长的2年期满" in second.output
    db.session.expire_all()
    assert listing.removed_on == date(2023, 6, 1)


def test_a_corrected_s17_listing_is_removed_after_its_year(app, runner):
    make_listing(contractor=make_listed_employer(), decided_on=date(2020, 5, 31),
                 rule_set=RuleSet.S17, corrected_on=date(2021, 3, 1))
    result = runner.invoke(args=["blacklist", "expire", "--as-of", "2021-06-01"])
    assert "移出 1 家，自动延长 0 家" in result.output
    assert "已纠正，应于2021-06-29前移出" in result.output


LEGACY = {"contractor": "徐州恒达建设工程有限公司", "document_number": "徐开劳监黑〔2020〕3号",
          "handled_on": "2020-05-20", "decided_on": "2020-05-31", "authority": "徐州经开区人社局",
          "main_facts": "拖欠12名农民工工资", "grounds": "数额较大", "basis": "人社部规〔2017〕16号",
          "punishment_measures": "信用惩戒", "remedies": "复议或诉讼", "submission_token": "legacy-1"}


def test_a_clerk_enters_a_legacy_s17_listing_and_it_is_brought_up_to_date(app, client, login_as):
    make_listed_employer()
    login_as(Role.CLERK, username="clerk-s17")
    page = text_of(post(app, client, "/blacklist/legacy/new", LEGACY, follow_redirects=True))
    assert "已录入 徐州恒达建设工程有限公司 的旧办法列入记录（徐开劳监黑〔2020〕3号）" in page
    assert "自动延长2年至2023-05-31" in page
    assert "2020-05-31 至 2023-05-31 （原至 2021-05-31，期满未纠正，2021-06-01 自动延长2年）" in page
    listing = db.session.scalar(db.select(Listing))
    assert listing.rule_set is RuleSet.S17 and listing.removal_reason is RemovalReason.EXPIRED
    assert listed_on(listing.contractor_id, date(2022, 1, 1)) == listing
    assert [p.name for p in listing.persons] == ["王建国", "赵工头"]
    again = post(app, client, "/blacklist/legacy/new", LEGACY, follow_redirects=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(BlacklistProceeding)) == 1
    assert again.status_code == 200


def test_a_corrected_legacy_listing_ends_after_one_year(app, client, login_as):
    make_listed_employer()
    login_as(Role.CLERK, username="clerk-s17")
    page = text_of(post(app, client, "/blacklist/legacy/new",
                        {**LEGACY, "corrected_on": "2020-12-01", "submission_token": "legacy-2"},
                        follow_redirects=True))
    assert "2020-05-31 至 2021-05-31" in page and "已纠正" in page
    assert "原至" not in page


def test_a_legacy_entry_after_2021_is_refused_beside_the_field(app, client, login_as):
    make_listed_employer()
    login_as(Role.CLERK, username="clerk-s17")
    response = post(app, client, "/blacklist/legacy/new", {**LEGACY, "decided_on": "2022-02-01",
                                                           "handled_on": "2022-01-20"})
    html = response.get_data(as_text=True)
    assert 'data-field="decided_on">旧办法的列入决定应在2018年1月1日至2021年12月31日之间作出' in html
    assert 'value="徐开劳监黑〔2020〕3号"' in html  # the input is kept
    late = text_of(post(app, client, "/blacklist/legacy/new",
                        {**LEGACY, "handled_on": "2020-03-02", "submission_token": "legacy-3"},
                        follow_redirects=True))
    assert "列入日期晚于处理决定后20个工作日" in late


def test_a_correction_recorded_during_the_s17_year_leads_to_removal(app, client, login_as, runner):
    listing = make_listing(contractor=make_listed_employer(), decided_on=date(2021, 3, 1),
                           rule_set=RuleSet.S17, number="徐开劳监黑〔2021〕2号")
    login_as(Role.CLERK, username="clerk-s17")
    proceeding = listing.proceeding
    early = text_of(post(app, client, f"/blacklist/proceedings/{proceeding.id}/correction",
                         {"version": str(proceeding.version), "corrected_on": "2021-02-01"},
                         follow_redirects=True))
    assert "纠正日期不能早于列入日期" in early
    page = text_of(post(app, client, f"/blacklist/proceedings/{proceeding.id}/correction",
                        {"version": str(proceeding.version), "corrected_on": "2021-09-01"},
                        follow_redirects=True))
    assert "已登记纠正，期满后移出" in page and "纠正 2021-09-01" in page
    result = runner.invoke(args=["blacklist", "expire", "--as-of", "2022-03-02"])
    assert "移出 1 家，自动延长 0 家" in result.output


def _movements(office_id, month):
    figures = blacklist_figures(office_id, report_period(month))
    return figures["expired"], [(m["kind"], m["on"]) for m in figures["movements"]]


def test_a_legacy_entry_keeps_its_real_removal_date_and_counts_in_that_month(
        app, client, login_as, beijing_half_past_midnight):
    make_listed_employer()
    clerk = login_as(Role.CLERK, username="clerk-s17")
    post(app, client, "/blacklist/legacy/new",
         {**LEGACY, "corrected_on": "2020-12-01", "removed_on": "2021-06-10"}, follow_redirects=True)
    listing = db.session.scalar(db.select(Listing))
    assert (listing.starts_on, listing.ends_on) == (date(2020, 5, 31), date(2021, 5, 31))
    assert listing.removed_on == listing.publication_stopped_on == date(2021, 6, 10)
    assert listing.proceeding.closed_on == date(2021, 6, 10)
    assert _movements(clerk.office_id, "2021-06") == (1, [("expired", "2021-06-10")])
    assert _movements(clerk.office_id, "2026-03") == (0, [])  # typed in March 2026


def test_a_legacy_entry_without_a_recorded_removal_ends_the_day_after_its_period(
        app, client, login_as, beijing_half_past_midnight):
    make_listed_employer()
    clerk = login_as(Role.CLERK, username="clerk-s17")
    post(app, client, "/blacklist/legacy/new", LEGACY, follow_redirects=True)
    listing = db.session.scalar(db.select(Listing))
    assert listing.extended_on == date(2021, 6, 1) and listing.ends_on == date(2023, 5, 31)
    assert listing.removed_on == date(2023, 6, 1)
    assert _movements(clerk.office_id, "2023-06") == (1, [("expired", "2023-06-01")])
    assert _movements(clerk.office_id, "2026-03") == (0, [])


def test_a_legacy_removal_date_inside_the_period_is_refused_beside_the_field(app, client, login_as):
    make_listed_employer()
    login_as(Role.CLERK, username="clerk-s17")
    response = post(app, client, "/blacklist/legacy/new",
                    {**LEGACY, "corrected_on": "2020-12-01", "removed_on": "2021-05-31"})
    assert 'data-field="removed_on">移出日期应在列入期满（2021-05-31）之后' in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Listing)) is None
