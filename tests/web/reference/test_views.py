"""Offices, townships and working-day overrides maintained by the administrator."""

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, CalendarOverride, DayKind, Office, Role, Township

from tests.factories import post, text_of


def test_default_townships_are_listed(client, login_as):
    login_as(Role.ADMIN)
    office = db.session.scalar(db.select(Office))
    page = text_of(client.get(f"/admin/reference/offices/{office.id}/townships"))
    assert "金山桥街道" in page and "东环街道" in page


def test_admin_adds_and_renames_a_township(app, client, login_as):
    login_as(Role.ADMIN)
    office = db.session.scalar(db.select(Office))
    response = post(app, client, f"/admin/reference/offices/{office.id}/townships/new",
                    {"name": "徐庄街道", "sort_order": "30", "active": "y"})
    assert response.status_code == 302
    township = db.session.scalar(db.select(Township).where(Township.name == "徐庄街道"))
    post(app, client, f"/admin/reference/offices/{office.id}/townships/{township.id}/edit",
         {"name": "徐庄镇", "sort_order": "30"})
    db.session.refresh(township)
    assert township.name == "徐庄镇" and not township.active
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "township.update"))
    assert event.changes["name"] == ["徐庄街道", "徐庄镇"]
    assert event.changes["active"] == [True, False]


def test_a_duplicate_township_name_is_refused_beside_the_field(app, client, login_as):
    login_as(Role.ADMIN)
    office = db.session.scalar(db.select(Office))
    response = post(app, client, f"/admin/reference/offices/{office.id}/townships/new",
                    {"name": "东环街道", "sort_order": "40", "active": "y"})
    assert "本机构已有同名镇（街道）" in text_of(response)
    assert 'value="东环街道"' in response.get_data(as_text=True)


def test_a_township_of_another_office_is_not_found(app, client, login_as):
    login_as(Role.ADMIN)
    first = db.session.scalar(db.select(Office))
    post(app, client, "/admin/reference/offices/new", {"code": "TSQ", "name": "铜山区劳动保障监察大队"})
    other = db.session.scalar(db.select(Office).where(Office.code == "TSQ"))
    township = first.townships[0]
    response = client.get(f"/admin/reference/offices/{other.id}/townships/{township.id}/edit")
    assert response.status_code == 404


def test_admin_creates_and_renames_an_office(app, client, login_as):
    login_as(Role.ADMIN)
    post(app, client, "/admin/reference/offices/new", {"code": "tsq", "name": "铜山区劳动保障监察大队"})
    office = db.session.scalar(db.select(Office).where(Office.code == "TSQ"))
    assert office is not None
    response = post(app, client, f"/admin/reference/offices/{office.id}/edit",
                    {"code": "XZJK", "name": "铜山区"})
    assert "该机构代码已存在" in text_of(response)
    response = post(app, client, "/admin/reference/offices/new", {"code": "铜山", "name": "x"})
    assert "机构代码须为2-16位字母或数字" in text_of(response)


def test_admin_records_a_2027_holiday_and_make_up_day(app, client, login_as):
    login_as(Role.ADMIN)
    post(app, client, "/admin/reference/calendar",
         {"day": "2027-02-08", "kind": "holiday", "note": "2027年春节"})
    post(app, client, "/admin/reference/calendar",
         {"day": "2027-02-20", "kind": "workday", "note": "春节调休上班"})
    overrides = db.session.scalars(db.select(CalendarOverride).order_by(CalendarOverride.day)).all()
    assert [(o.day.isoformat(), o.kind) for o in overrides] == [
        ("2027-02-08", DayKind.HOLIDAY), ("2027-02-20", DayKind.WORKDAY)]
    page = text_of(client.get("/admin/reference/calendar"))
    assert "2027-02-08 法定节假日（休息） 2027年春节" in page
    assert db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "calendar_override.create"))


def test_a_year_the_package_knows_is_refused(app, client, login_as):
    login_as(Role.ADMIN)
    response = post(app, client, "/admin/reference/calendar",
                    {"day": "2026-10-09", "kind": "holiday", "note": "x"})
    assert "2026年的工作日安排已由日历数据提供" in text_of(response)
    assert 'value="2026-10-09"' in response.get_data(as_text=True)


def test_a_day_entered_twice_and_a_bad_date_are_refused(app, client, login_as):
    login_as(Role.ADMIN)
    post(app, client, "/admin/reference/calendar", {"day": "2027-02-08", "kind": "holiday"})
    response = post(app, client, "/admin/reference/calendar", {"day": "2027-02-08", "kind": "workday"})
    assert "该日期已有调整记录" in text_of(response)
    response = post(app, client, "/admin/reference/calendar", {"day": "2027-02-30", "kind": "holiday"})
    assert response.status_code == 200
    assert 'data-field="day"' in response.get_data(as_text=True)


def test_admin_deletes_a_wrong_override_and_it_is_audited(app, client, login_as):
    login_as(Role.ADMIN)
    post(app, client, "/admin/reference/calendar", {"day": "2027-02-08", "kind": "holiday"})
    override = db.session.scalar(db.select(CalendarOverride))
    post(app, client, f"/admin/reference/calendar/{override.id}/delete")
    assert db.session.scalar(db.select(CalendarOverride)) is None
    event = db.session.scalar(
        db.select(AuditEvent).where(AuditEvent.action == "calendar_override.delete"))
    assert event.changes["day"] == ["2027-02-08", None]


def test_admin_edits_a_threshold_within_the_national_range(app, client, login_as):
    from decimal import Decimal

    from wagewatch.models import CrimeThresholdSetting
    from wagewatch.services.reference import maintenance

    maintenance.ensure_thresholds()
    db.session.commit()
    login_as(Role.ADMIN)
    page = text_of(client.get("/admin/reference/thresholds"))
    assert "江苏省 10,000.00 60,000.00" in page and "河南省 8,000.00 40,000.00" in page
    response = post(app, client, "/admin/reference/thresholds/jiangsu",
                    {"single_worker_yuan": "25000", "group_yuan": "60000"})
    assert "单人标准须在5,000元至20,000元之间" in text_of(response)
    assert 'value="25000' in response.get_data(as_text=True)
    post(app, client, "/admin/reference/thresholds/jiangsu",
         {"single_worker_yuan": "12000", "group_yuan": "70000"})
    setting = db.session.get(CrimeThresholdSetting, "jiangsu")
    db.session.refresh(setting)
    assert setting.single_worker_yuan == Decimal("12000.00")
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "crime_threshold.update")).changes["group_yuan"] == ["60000.00", "70000.00"]


def test_admin_chooses_the_region_an_office_applies(app, client, login_as):
    from wagewatch.services.reference import maintenance

    maintenance.ensure_thresholds()
    db.session.commit()
    login_as(Role.ADMIN)
    office = db.session.scalar(db.select(Office))
    response = post(app, client, f"/admin/reference/thresholds?office={office.id}",
                    {"region": "henan"}, follow_redirects=True)
    assert "已改用河南省的标准" in text_of(response)
    db.session.refresh(office)
    assert office.region == "henan"


def test_admin_sets_the_offices_number_formats_refused_beside_the_field_when_unsafe(
        app, client, login_as):
    login_as(Role.ADMIN)
    office = db.session.scalar(db.select(Office))
    url = f"/admin/reference/offices/{office.id}/edit"
    form = text_of(client.get(url))
    assert "文号格式" in form and "经开劳监限支〔2026〕088号" in form
    refused = post(app, client, url, {"code": office.code, "name": office.name,
                                      "document_number_format": "铜劳监〔{year}〕{seq}号",
                                      "case_number_format": "铜劳监案〔{year}〕{seq:04d}号"})
    page = refused.get_data(as_text=True)
    assert 'data-field="document_number_format">格式须含{code}。' in page
    assert 'value="铜劳监〔{year}〕{seq}号"' in page   # what was typed is kept
    db.session.refresh(office)
    assert office.document_number_format == "经开劳监{code}〔{year}〕{seq:03d}号"
    saved = post(app, client, url, {"code": office.code, "name": office.name,
                                    "document_number_format": "铜劳监{code}字〔{year}〕第{seq}号",
                                    "case_number_format": "铜劳监案〔{year}〕{seq:04d}号"})
    assert saved.status_code == 302
    db.session.refresh(office)
    assert office.document_number_format == "铜劳监{code}字〔{year}〕第{seq}号"
    assert office.case_number_format == "铜劳监案〔{year}〕{seq:04d}号"
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "office.update"))
    assert event.changes["document_number_format"] == [
        "经开劳监{code}〔{year}〕{seq:03d}号", "铜劳监{code}字〔{year}〕第{seq}号"]
    post(app, client, url, {"code": office.code, "name": office.name})   # blank: kept
    db.session.refresh(office)
    assert office.case_number_format == "铜劳监案〔{year}〕{seq:04d}号"
