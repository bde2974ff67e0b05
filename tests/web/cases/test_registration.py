"""Registering complaints: numbers, workers as persons, deadlines, idempotency, scoping."""

import re
import threading
from datetime import date

import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, Case, CaseStatus, Role, Township, Worker
from wagewatch.services import ServiceError
from wagewatch.services.cases import registration

from tests.factories import make_office, make_user, post, text_of
from tests.web.cases.factories import make_employer, register, valid_id_number, worker_rows

pytestmark = pytest.mark.committing


def test_case_numbers_follow_the_office_format_without_gaps(app):
    numbers = [register(received_on=date(2026, 11, 2)).number for _ in range(3)]
    assert numbers == ["经开劳监〔2026〕0001号", "经开劳监〔2026〕0002号", "经开劳监〔2026〕0003号"]
    assert register(received_on=date(2027, 1, 4)).number == "经开劳监〔2027〕0001号"


def test_a_failed_registration_gives_its_number_back(app):
    register()
    with pytest.raises(ServiceError):
        clerk = db.session.scalar(db.select(Case)).handler
        township = db.session.scalar(db.select(Township))
        rows = worker_rows(2)
        registration.register_case(clerk, registration.CaseInput(
            received_on=date(2026, 11, 2), channel=registration.Channel.WINDOW, township_id=township.id,
            employer_id=db.session.scalar(db.select(Case)).employer_id, project_id=None,
            sector=registration.Sector.CONSTRUCTION, summary="x"), [rows[0], rows[0]])
    db.session.rollback()
    assert register().number == "经开劳监〔2026〕0002号"


def test_parallel_registrations_get_unique_gap_free_numbers(app) -> None:
    clerk = make_user(role=Role.CLERK, username="clerk-cases")
    employer = make_employer()
    township_id = db.session.scalar(db.select(Township.id))
    errors: list[Exception] = []

    def register_in_thread(i: int) -> None:
        with app.app_context():
            try:
                user = db.session.get(type(clerk), clerk.id)
                registration.register_case(user, registration.CaseInput(
                    received_on=date(2026, 11, 2), channel=registration.Channel.HOTLINE,
                    township_id=township_id, employer_id=employer.id, project_id=None,
                    sector=registration.Sector.CONSTRUCTION, summary=f"并发{i}"),
                    [registration.WorkerInput(name=f"工人{i}", id_number=valid_id_number(seq=f"{200 + i:03d}"),
                                       phone=None, work_from=None, work_to=None,
                                       months_owed=registration.Decimal("2"),
                                       claimed_yuan=registration.Decimal("5000"))])
            except Exception as error:  # noqa: BLE001
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=register_in_thread, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    seqs = sorted(db.session.scalars(db.select(Case.number_seq)).all())
    assert seqs == list(range(1, 9))


def test_the_same_worker_is_one_person_across_cases(app):
    register()
    register()
    assert db.session.scalar(db.select(db.func.count()).select_from(Worker)) == 3
    worker = db.session.scalar(db.select(Worker).where(Worker.name == "张伟"))
    assert worker.hometown == "江苏省云龙区"


def test_registration_sets_the_acceptance_deadline_in_working_days(app):
    case = register(received_on=date(2026, 9, 30))
    # 8, 9, Saturday 10 (make-up day), 12, 13 October: National Day 1-7 October is off.
    assert case.acceptance_due_on == date(2026, 10, 13)
    assert case.next_due_on == date(2026, 10, 13) and case.next_due_kind == "acceptance"
    assert case.status is CaseStatus.REGISTERED


def test_collective_complaints_need_a_representative(app):
    clerk = make_user(role=Role.CLERK, username="clerk-cases")
    rows = [r.__class__(**{**r.__dict__, "representative": False}) for r in worker_rows(5)]
    township = db.session.scalar(db.select(Township))
    with pytest.raises(ServiceError, match="推选"):
        registration.register_case(clerk, registration.CaseInput(
            received_on=date(2026, 11, 2), channel=registration.Channel.WINDOW, township_id=township.id,
            employer_id=make_employer().id, project_id=None, sector=registration.Sector.CONSTRUCTION,
            summary="x"), rows)


def form_data(employer_name="徐州恒达建设工程有限公司", **overrides):
    township = db.session.scalar(db.select(Township))
    data = {"received_on": "2026-11-02", "channel": "window", "township_id": township.id,
            "employer": employer_name, "project": "", "sector": "construction",
            "summary": "拖欠工资", "submission_token": "tok-1"}
    for i, (name, seq) in enumerate([("张伟", "101"), ("王芳", "102"), ("李强", "103")]):
        data.update({f"workers-{i}-name": name, f"workers-{i}-id_number": valid_id_number(seq=seq),
                     f"workers-{i}-phone": f"1391234000{i}", f"workers-{i}-months_owed": "3",
                     f"workers-{i}-claimed_yuan": "9000.00"})
    data.update(overrides)
    return data


def test_clerk_registers_a_three_worker_complaint_through_the_form(app, client, login_as):
    login_as(Role.CLERK)
    make_employer()
    response = post(app, client, "/cases/new", form_data())
    assert response.status_code == 302
    case = db.session.scalar(db.select(Case))
    assert len(case.workers) == 3
    page = text_of(client.get(f"/cases/{case.id}"))
    assert "经开劳监〔2026〕0001号" in page and "已登记待受理" in page
    assert valid_id_number(seq="101") not in page  # ID numbers are masked
    assert "139****0000" in page
    audit = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "case.create"))
    assert audit.changes["number"] == [None, "经开劳监〔2026〕0001号"]


def test_a_resent_form_creates_one_case(app, client, login_as):
    login_as(Role.CLERK)
    make_employer()
    post(app, client, "/cases/new", form_data())
    post(app, client, "/cases/new", form_data())
    assert db.session.scalar(db.select(db.func.count()).select_from(Case)) == 1


def test_bad_rows_are_refused_beside_the_field_and_everything_is_kept(app, client, login_as):
    login_as(Role.CLERK)
    make_employer()
    response = post(app, client, "/cases/new", form_data(**{
        "workers-1-id_number": "320303198503121234", "workers-2-phone": "12345"}))
    html = response.get_data(as_text=True)
    assert "身份证号码校验位不正确" in html and "手机号码应为以1开头的11位数字" in html
    assert 'value="320303198503121234"' in html and 'value="王芳"' in html
    assert db.session.scalar(db.select(Case)) is None


def test_an_unknown_employer_is_refused_beside_the_field(app, client, login_as):
    login_as(Role.CLERK)
    response = post(app, client, "/cases/new", form_data(employer_name="不存在的公司"))
    assert "未找到该单位或个人" in text_of(response)
    assert 'value="不存在的公司"' in response.get_data(as_text=True)


def test_an_unknown_region_code_is_accepted_with_a_warning(app):
    clerk = make_user(role=Role.CLERK, username="clerk-cases")
    township = db.session.scalar(db.select(Township))
    odd = valid_id_number(region="329999")
    row = worker_rows(1)[0].__class__(**{**worker_rows(1)[0].__dict__, "id_number": odd})
    registration.register_case(clerk, registration.CaseInput(
        received_on=date(2026, 11, 2), channel=registration.Channel.WINDOW, township_id=township.id,
        employer_id=make_employer().id, project_id=None, sector=registration.Sector.CONSTRUCTION,
        summary="x"), [row])
    worker = db.session.scalar(db.select(Worker))
    assert worker.id_number == odd and "地区码" in worker.id_number_warning


def test_another_offices_case_is_a_404_and_audited(app, client, login_as):
    case = register()
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("柳新镇",))
    login_as(Role.CLERK, username="outsider", office=other)
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert client.get(f"/cases/{case.id}/accept").status_code == 404
    assert db.session.scalar(db.select(AuditEvent).where(
        AuditEvent.action == "access.out_of_office"))
    assert case.number not in text_of(client.get("/cases/"))


def test_a_leader_reads_cases_but_cannot_register(app, client, login_as):
    case = register()
    login_as(Role.LEADER, username="leader-1")
    assert case.number in text_of(client.get("/cases/"))
    assert client.get(f"/cases/{case.id}").status_code == 200
    assert client.get("/cases/new").status_code == 403
    assert client.get(f"/cases/{case.id}/accept").status_code == 403


def test_a_clerk_reveals_one_workers_full_id_number_and_it_is_audited(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-cases")
    case = register(clerk=clerk)
    worker = case.workers[0]
    assert client.get(f"/cases/{case.id}/workers/{worker.id}/reveal").status_code == 405
    response = post(app, client, f"/cases/{case.id}/workers/{worker.id}/reveal")
    assert worker.worker.id_number in text_of(response)
    assert response.headers["Cache-Control"] == "no-store"
    event = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "worker.unmask"))
    assert event.actor_id == clerk.id and worker.worker.id_number not in (event.detail or "")


def test_the_list_filters_by_status_employer_and_worker_name(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-cases")
    first = register(clerk=clerk)
    other_employer = make_employer(name="徐州宏图劳务有限公司")
    second = register(clerk=clerk, employer=other_employer)
    from wagewatch.services.cases import case_steps

    case_steps.accept(second, date(2026, 11, 3), clerk)
    page = text_of(client.get("/cases/?status=investigating"))
    assert second.number in page and first.number not in page
    page = text_of(client.get(f"/cases/?employer={other_employer.id}"))
    assert second.number in page and first.number not in page and "徐州宏图劳务有限公司" in page
    page = text_of(client.get("/cases/?q=张伟"))
    assert first.number in page and second.number in page
    page = text_of(client.get("/cases/?q=宏图"))
    assert second.number in page and first.number not in page
    page = text_of(client.get("/cases/?received_from=2026-11-03"))
    assert "没有符合条件的案件" in page


def test_an_employers_earlier_cases_and_flags_are_shown_before_saving(app, client, login_as):
    from tests.services.flags.test_evaluation import ignored_order_case

    earlier = ignored_order_case(employer_absconded=True)
    login_as(Role.CLERK, username="clerk-screen")
    first = post(app, client, "/cases/new", form_data(submission_token="tok-s"))
    page = text_of(first)
    assert first.status_code == 200 and "保存前请核对" in page
    assert earlier.number in page and "黑名单候选" in page and "移送公安候选" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(Case)) == 1
    html = first.get_data(as_text=True)
    screened = re.search(r'name="screened_employer" type="hidden" value="(\d+)"', html)[1]
    second = post(app, client, "/cases/new", form_data(submission_token="tok-s",
                                                       screened_employer=screened))
    assert second.status_code == 302
    assert db.session.scalar(db.select(db.func.count()).select_from(Case)) == 2


def test_two_offices_with_the_same_number_format_each_start_at_0001(app):
    first = register()
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("柳新镇",))
    clerk = make_user(role=Role.CLERK, username="clerk-tsq", office=other)
    second = register(clerk=clerk, employer=make_employer(office=other))
    assert first.number == second.number == "经开劳监〔2026〕0001号"


def test_a_repeat_employer_is_pointed_out_on_the_case(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-repeat")
    first = register(clerk=clerk, received_on=date(2026, 3, 2))
    second = register(clerk=clerk, received_on=date(2026, 11, 2))
    page = text_of(client.get(f"/cases/{second.id}"))
    assert f"12个月内已有1件欠薪投诉：{first.number}" in page
    assert "重复欠薪提示" not in text_of(client.get(f"/cases/{first.id}"))
