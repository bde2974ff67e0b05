"""Publication (公示): the published fields with masked ID numbers, the list as of a day, and the
CSV download (BOM, server-chosen name, no-store, formula guard, audited)."""

import csv
import io
import zipfile
from datetime import date

import openpyxl
import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, ContractorPerson, PersonPosition, Role
from wagewatch.services.blacklist.publication import safe_cell

from tests.factories import make_contractor, make_office, post, text_of
from tests.web.blacklist.factories import LEGAL_REP_ID, MANAGER_ID, make_listed_employer, make_listing


def _current_listing(**kwargs):
    employer = make_listed_employer(**kwargs)
    employer.phone = "13812345678"
    db.session.commit()
    return make_listing(contractor=employer, decided_on=date(2025, 9, 1))


@pytest.mark.parametrize("role", [Role.CLERK, Role.LEADER, Role.POLICE, Role.ADMIN])
def test_the_page_shows_the_published_fields_with_id_numbers_masked(app, client, login_as, role):
    listing = _current_listing()
    login_as(role, username=f"reader-{role.value}")
    response = client.get("/publication/")
    page = text_of(response)
    for text in ("徐州恒达建设工程有限公司", listing.contractor.uscc, "徐州市经济技术开发区高新路1号",
                 "王建国（法定代表人，3203**********1239）", "拖欠农民工工资，逾期未支付",
                 "经开劳监列字〔2022〕9号", "徐州经济技术开发区人力资源和社会保障局",
                 "2025-09-01 至 2028-09-01", "共 1 家"):
        assert text in page, text
    html = response.get_data(as_text=True)
    assert LEGAL_REP_ID not in html and MANAGER_ID not in html and "13812345678" not in html
    assert response.headers["Cache-Control"] == "no-store"


def test_the_list_as_of_a_day_and_a_bad_day(app, client, login_as):
    _current_listing()
    make_listing(contractor=make_contractor(name="徐州旧欠建设有限公司"), decided_on=date(2022, 3, 1),
                 number="经开劳监列字〔2022〕1号", removed_on=date(2025, 3, 3))
    login_as(Role.LEADER, username="leader-pub")
    today_page = text_of(client.get("/publication/"))
    assert "徐州旧欠建设有限公司" not in today_page  # removed: publication stopped
    past = text_of(client.get("/publication/?on=2024-01-01"))
    assert "徐州旧欠建设有限公司" in past and "徐州恒达" not in past
    bad = client.get("/publication/?on=2024-02-30").get_data(as_text=True)
    assert 'data-field="on">不是有效的日期值' in bad and 'value="2024-02-30"' in bad


def test_another_offices_listing_is_not_published_here(app, client, login_as):
    other = make_office(code="QS", name="泉山区劳动保障监察大队", townships=("永安街道",))
    _current_listing(office=other)
    login_as(Role.POLICE, username="police-pub")
    assert "共 0 家" in text_of(client.get("/publication/"))


def _rows(response):
    body = response.get_data()
    assert body.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_csv_download(app, client, login_as):
    listing = _current_listing()
    user = login_as(Role.POLICE, username="police-dl")
    response = post(app, client, "/publication/download?on=2026-01-05")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="blacklist-2026-01-05.csv"; filename*=UTF-8')
    header, row = _rows(response)
    assert header[:4] == ["名称", "统一社会信用代码（身份证号码）", "住所", "法定代表人（主要负责人）"]
    assert row[0] == "徐州恒达建设工程有限公司" and row[1] == listing.contractor.uscc
    assert row[3] == "王建国（法定代表人，3203**********1239）"
    assert row[4] == f"赵工头（直接负责的主管人员，3203**********{MANAGER_ID[-4:]}）"
    assert row[6:11] == ["经开劳监列字〔2022〕9号", "徐州经济技术开发区人力资源和社会保障局",
                         "2025-09-01", "2025-09-01", "2028-09-01"]
    assert LEGAL_REP_ID not in response.get_data(as_text=True)
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "publication.download"))
    assert event.actor_id == user.id and event.detail == "下载公示名单CSV：截至2026-01-05，共1条"


def test_a_download_without_a_csrf_token_or_with_a_bad_day_is_refused(app, client, login_as):
    _current_listing()
    login_as(Role.CLERK, username="clerk-dl")
    assert client.post("/publication/download").status_code == 400
    bad = post(app, client, "/publication/download", {"on": "2026-13-01"})
    assert bad.status_code == 400 and "不是有效的日期值" in text_of(bad)
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "publication.download")) is None


def test_every_cell_that_could_run_as_a_formula_is_quoted(app, client, login_as):
    employer = make_listed_employer(name='=HYPERLINK("http://x","点我")')
    employer.address = "+86 徐州"
    employer.persons.append(ContractorPerson(name="@SUM(A1)", position=PersonPosition.PRINCIPAL))
    db.session.commit()
    listing = make_listing(contractor=employer, decided_on=date(2025, 9, 1), number="-1+1")
    listing.main_facts = "\t=1+1"
    db.session.commit()
    login_as(Role.CLERK, username="clerk-dl")
    _, row = _rows(post(app, client, "/publication/download"))
    assert row[0] == '\'=HYPERLINK("http://x","点我")' and row[2] == "'+86 徐州"
    assert row[3].startswith("王建国") and "@SUM(A1)（主要负责人）" in row[3]
    assert row[5] == "'\t=1+1" and row[6] == "'-1+1"


@pytest.mark.parametrize(("value", "expected"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("徐州=1", "徐州=1"), ("a\x00b\x1fc", "abc"), ("\x01=1", "'=1"), ("", ""),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_an_individual_is_published_with_a_masked_id_number_and_no_address(app, client, login_as):
    team_leader = make_contractor(name="李大勇", kind="individual", id_number="320322198506155436")
    team_leader.address = "徐州市铜山区某村5号"
    db.session.commit()
    make_listing(contractor=team_leader, decided_on=date(2025, 9, 1))
    login_as(Role.LEADER, username="leader-ind")
    _, row = _rows(post(app, client, "/publication/download"))
    assert row[:3] == ["李大勇", "3203**********5436", ""]
    page = client.get("/publication/").get_data(as_text=True)
    assert "320322198506155436" not in page and "某村5号" not in page


def test_the_excel_download_has_the_same_fields_as_text_and_dates(app, client, login_as):
    employer = make_listed_employer(name='=HYPERLINK("http://x","点我")')
    employer.address = "+86 徐州"
    db.session.commit()
    listing = make_listing(contractor=employer, decided_on=date(2025, 9, 1), number="-1+1")
    user = login_as(Role.LEADER, username="leader-xlsx")
    response = post(app, client, "/publication/download?on=2026-01-05", {"submit_xlsx": "下载Excel"})
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert 'filename="blacklist-2026-01-05.xlsx"' in response.headers["Content-Disposition"]
    data = response.get_data()
    sheet = openpyxl.load_workbook(io.BytesIO(data))["公示名单"]
    assert "截至2026-01-05，共1家" in sheet["A1"].value
    assert sheet["B2"].value == "统一社会信用代码（身份证号码）"
    assert sheet["A3"].value == employer.name and sheet["A3"].data_type == "s"
    assert sheet["B3"].value == listing.contractor.uscc and sheet["C3"].value == "+86 徐州"
    assert sheet["D3"].value == "王建国（法定代表人，3203**********1239）" and sheet["G3"].value == "-1+1"
    assert sheet["I3"].value.date() == date(2025, 9, 1) and sheet["I3"].number_format == "yyyy-mm-dd"
    assert sheet["K3"].value.date() == date(2028, 9, 1)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and LEGAL_REP_ID not in xml
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "publication.download"))
    assert event.actor_id == user.id and event.detail == "下载公示名单Excel：截至2026-01-05，共1条"
