"""Time a large case import through the background-job path (the upload checks, then the job),
with the time of each phase.

Usage: .venv/bin/python benchmarks/case_import.py --backend sqlite --cases 6000
A fresh database (SQLite file or the PostgreSQL benchmark database, emptied) gets one office,
one clerk and the workbook: ``--cases`` cases with two workers each (distinct ID numbers), the
case sheet and worker sheet within the documented limit of 20,000 rows per sheet.
"""

from __future__ import annotations

import argparse
import io
import time
from datetime import date, timedelta

import openpyxl
from common import OUTPUT, bench_app, database_url, machine, save
from stdnum.cn import ric

from wagewatch.extensions import db
from wagewatch.models import CaseImport, ExportJob, Office, Role, Township, User
from wagewatch.reports.registry_layout import write_template
from wagewatch.services import jobs
from wagewatch.services.imports import import_jobs


def id_number(n: int) -> str:
    born = (date(1970, 1, 1) + timedelta(days=n // 900)).strftime("%Y%m%d")
    body = f"320303{born}{n % 900 + 100:03d}"
    return body + ric.calc_check_digit(body + "0")


def workbook(cases: int) -> bytes:
    """The import template filled with ``cases`` cases of two workers each."""
    buffer = io.BytesIO()
    write_template(buffer)
    book = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))
    case_sheet, worker_sheet = book["案件"], book["工人"]
    case_cols = {str(c.value).rstrip("*"): c.column for c in case_sheet[1] if c.column is not None}
    worker_cols = {str(c.value).rstrip("*"): c.column for c in worker_sheet[1] if c.column is not None}
    for key in range(1, cases + 1):
        row: dict[str, str | int] = {"案件序号": key, "收到投诉日期": "2026-10-12", "投诉渠道": "窗口来访",
               "镇（街道）": "金山桥街道", "领域": "工程建设领域", "状态": "已登记待受理",
               "用人单位名称": "徐州恒达建设工程有限公司", "用人单位类型": "单位",
               "统一社会信用代码": "91320301MA1XYR120N", "投诉事由": f"拖欠2026年工资（{key}）"}
        for header, value in row.items():
            case_sheet.cell(row=key + 1, column=case_cols[header], value=value)
        for seq in (0, 1):
            number = 2 * key + seq
            values: dict[str, str | int] = {"案件序号": key, "姓名": f"工人{number}", "身份证号码": id_number(number),
                      "手机号码": "13812345678", "欠薪月数（月）": 3, "主张金额（元）": 8000}
            for header, value in values.items():
                cell = worker_sheet.cell(row=number, column=worker_cols[header], value=value)
                if isinstance(value, str):
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--cases", type=int, default=6000)
    args = parser.parse_args()
    url = database_url(args.backend, f"import-{args.cases}")
    app = bench_app(url)
    app.config["EXPORT_FOLDER"] = str(OUTPUT / "exports")
    with app.app_context():
        started = time.perf_counter()
        data = workbook(args.cases)
        built = time.perf_counter() - started
        db.drop_all()
        db.create_all()
        office = Office(code="XZJK", name="徐州经济技术开发区劳动保障监察大队")
        db.session.add(office)
        db.session.add(Township(office=office, name="金山桥街道", sort_order=10))
        clerk = User(username="bench-import", display_name="导入", role=Role.CLERK,
                     office=office, password_hash="x", must_change_password=False)
        db.session.add(clerk)
        db.session.commit()
        with app.test_request_context():
            started = time.perf_counter()
            job = import_jobs.start(clerk, data, "历年案件.xlsx")
            accepted = time.perf_counter() - started
            job_id = job.id
        for thread in app.extensions.get(jobs.THREADS_KEY, []):
            thread.join()
        finished = time.perf_counter() - started
        db.session.expire_all()
        job = db.session.get_one(ExportJob, job_id)
        assert job.result is not None, job.error
        attempt = db.session.get_one(CaseImport, job.result["import_id"])
        result = {"backend": args.backend, "cases": args.cases, "workers": 2 * args.cases,
                  "file_bytes": len(data), "build_s": round(built, 1),
                  "request_s": round(accepted, 1), "job_total_s": round(finished, 1),
                  "status": str(job.status), "imported": attempt.case_count,
                  "machine": machine()}
    print(result)
    save(f"case-import-{args.backend}-{args.cases}", result)


if __name__ == "__main__":
    main()
