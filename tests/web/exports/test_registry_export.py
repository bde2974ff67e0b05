"""The full-registry export on the web: started with a POST, prepared in the background with its
progress, downloaded only by the user who asked, masked for leaders, audited."""

import io
import re
import zipfile
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import pytest

from wagewatch.extensions import db
from wagewatch.models import AuditEvent, ExportJob, ExportStatus, Role, utcnow
from wagewatch.reports.registry_format import CASE_COLUMNS, display_header
from wagewatch.services.exports import registry_exports

from tests.conftest import wait_for_background_exports
from tests.factories import login, make_user, post
from tests.web.cases.factories import make_employer, register

pytestmark = pytest.mark.committing


def _start(app, client, data=None):
    response = post(app, client, "/exports/registry", data)
    assert response.status_code == 303, response.status_code
    job_url = response.headers["Location"]
    wait_for_background_exports(app)
    return job_url


def _cases_sheet(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))["案件"]


def test_a_clerk_exports_the_whole_registry_with_progress_and_downloads_it(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-reg", may_export_full_ids=True)
    cases = [register(clerk=clerk, received_on=date(2026, 11, d)) for d in (2, 3, 4)]
    job_url = _start(app, client, {"unmask": "y", "purpose": "向法院移送案件材料"})
    status = client.get(f"{job_url}/status").get_json()
    assert status["status"] == "done" and status["done"] == 3 and status["total"] == 3
    assert status["percent"] == 100 and status["download_url"].endswith("/download")
    page = client.get(job_url).get_data(as_text=True)
    assert "已生成" in page and "下载Excel（3 件）" in page and "含完整身份证号码" in page
    download = client.get(status["download_url"])
    assert download.status_code == 200 and download.headers["Cache-Control"].startswith("no-store")
    assert "filename*=UTF-8''%E5%85%A8%E9%83%A8%E6%A1%88%E4%BB%B6" in download.headers["Content-Disposition"]
    sheet = _cases_sheet(download.data)
    numbers = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert numbers == [c.number for c in cases]
    workers = openpyxl.load_workbook(io.BytesIO(download.data))["工人"]
    ids = {row[2] for row in workers.iter_rows(min_row=2, values_only=True)}
    assert ids == {w.worker.id_number for c in cases for w in c.workers}  # asked, permitted
    actions = [e.action for e in db.session.scalars(db.select(AuditEvent).order_by(AuditEvent.id))]
    assert actions[-3:] == ["export.registry.start", "export.registry", "export.registry.download"]
    done = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export.registry"))
    assert done.actor_id == clerk.id and "共3件" in done.detail and "筛选 无" in done.detail
    assert "含完整身份证号码" in done.detail and "用途：向法院移送案件材料" in done.detail


def _workers_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(n) for n in archive.namelist()).decode()


def test_a_clerks_export_is_masked_by_default(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-reg", may_export_full_ids=True)
    case = register(clerk=clerk)
    xml = _workers_xml(client.get(f"{_start(app, client)}/download").data)
    for worker in case.workers:
        assert worker.worker.id_number not in xml and worker.worker.phone not in xml
    done = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export.registry"))
    assert "已脱敏" in done.detail


def test_full_id_numbers_need_the_administrators_grant(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-reg")
    register(clerk=clerk)
    assert "导出全部案件（含完整身份证号码）" not in client.get("/cases/").get_data(as_text=True)
    response = post(app, client, "/exports/registry", {"unmask": "y", "purpose": "核对工资"})
    assert response.status_code == 200 and "没有批量导出完整身份证号码的权限" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(ExportJob)) is None


def test_full_id_numbers_need_a_stated_purpose_and_the_input_is_kept(app, client, login_as):
    login_as(Role.CLERK, username="clerk-reg", may_export_full_ids=True)
    assert "含完整身份证号码）" in client.get("/cases/").get_data(as_text=True)
    page = client.get("/exports/registry").get_data(as_text=True)
    assert 'name="unmask"' in page and 'name="purpose"' in page
    response = post(app, client, "/exports/registry", {"unmask": "y", "purpose": " 核 "})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "请写明导出完整身份证号码的用途" in html
    assert re.search(r'<input checked[^>]*name="unmask"', html) and 'value="核"' in html
    assert db.session.scalar(db.select(ExportJob)) is None


def test_a_leaders_export_masks_id_numbers_and_phones(app, client, login_as):
    clerk = make_user(role=Role.CLERK, username="clerk-reg")
    case = register(clerk=clerk)
    login_as(Role.LEADER, username="leader-reg")
    job_url = _start(app, client)
    xml = _workers_xml(client.get(f"{job_url}/download").data)
    for worker in case.workers:
        assert worker.worker.id_number not in xml
        assert worker.worker.id_number[:4] + "**********" + worker.worker.id_number[-4:] in xml
    assert "<f>" not in xml


def test_hostile_names_stay_text_in_the_registry_export(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-reg")
    register(clerk=clerk, employer=make_employer(name='=HYPERLINK("http://x","点我")'))
    data = client.get(f"{_start(app, client)}/download").data
    sheet = _cases_sheet(data)
    headers = [c.value for c in sheet[1]]
    employer = next(c for c in CASE_COLUMNS if c.key == "employer_name")
    name = sheet.cell(row=2, column=headers.index(display_header(employer)) + 1)
    assert name.value == '=HYPERLINK("http://x","点我")' and name.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(member).decode()


def test_only_the_user_who_asked_sees_and_downloads_the_job(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-reg")
    register(clerk=clerk)
    job_url = _start(app, client)
    other = app.test_client()
    make_user(role=Role.CLERK, username="clerk-other")
    login(app, other, "clerk-other")
    for url in (job_url, f"{job_url}/status", f"{job_url}/download"):
        assert other.get(url).status_code == 404


def test_asking_twice_while_running_gives_the_same_job(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-reg")
    running = ExportJob(office_id=clerk.office_id, user_id=clerk.id, kind="registry", unmasked=True,
                        file_name="running.xlsx", status=ExportStatus.RUNNING, rows_done=40,
                        rows_total=100)
    db.session.add(running)
    db.session.commit()
    response = post(app, client, "/exports/registry")
    assert response.headers["Location"].endswith(f"/exports/{running.id}")
    page = client.get(f"/exports/{running.id}").get_data(as_text=True)
    assert "正在生成" in page and "已写入 40 / 100 件" in page and 'value="40"' in page
    assert client.get(f"/exports/{running.id}/download").status_code == 302  # not ready: back


def test_old_files_expire_and_dead_jobs_fail(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-reg")
    folder = registry_exports.export_folder(app)
    old_file = Path(folder) / "old.xlsx"
    old_file.write_bytes(b"x")
    old = ExportJob(office_id=clerk.office_id, user_id=clerk.id, kind="registry", unmasked=True,
                    file_name="old.xlsx", status=ExportStatus.DONE,
                    finished_at=utcnow() - timedelta(hours=25))
    dead = ExportJob(office_id=clerk.office_id, user_id=clerk.id, kind="registry", unmasked=True,
                     file_name="dead.xlsx", status=ExportStatus.RUNNING,
                     created_at=utcnow() - timedelta(hours=3))
    db.session.add_all([old, dead])
    db.session.commit()
    job_url = _start(app, client)
    assert not old_file.exists()
    db.session.expire_all()
    assert old.status is ExportStatus.EXPIRED and dead.status is ExportStatus.FAILED
    assert "重新导出" in client.get(f"/exports/{dead.id}").get_data(as_text=True)
    assert not job_url.endswith(f"/exports/{dead.id}")  # a new job, not the dead one


def test_a_failing_export_says_so_and_leaves_no_file(app, client, login_as, monkeypatch):
    clerk = login_as(Role.CLERK, username="clerk-reg")
    register(clerk=clerk)

    def broken(office_id, output, **kwargs):
        Path(output).write_bytes(b"half")
        raise OSError("disk full")

    monkeypatch.setattr(registry_exports, "write_registry", broken)
    job_url = _start(app, client)
    status = client.get(f"{job_url}/status").get_json()
    assert status["status"] == "failed" and "生成失败" in status["error"]
    assert status["download_url"] is None
    job = db.session.scalar(db.select(ExportJob))
    assert not (Path(registry_exports.export_folder(app)) / job.file_name).exists()
    failed = db.session.scalar(db.select(AuditEvent).where(AuditEvent.action == "export.registry"))
    assert failed.success is False


def test_the_start_is_a_post_with_csrf(app, client, login_as):
    login_as(Role.LEADER, username="leader-reg")
    assert client.get("/exports/registry").status_code == 200  # the options, nothing started
    assert client.post("/exports/registry").status_code == 400
    assert db.session.scalar(db.select(ExportJob)) is None
