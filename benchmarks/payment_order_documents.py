"""Generate 1,000 payment-order documents (责令限期支付指令书), in-process on SQLite
(benchmarks/output/): each through the whole use case (`payments.issue_payment_order`: the 文号
taken, the .docx rendered with docxtpl, stored with its SHA-256, audited, one commit), and then
the rendering alone (`issuing.render_kind`) for the same orders; time per document and the
process's peak resident set (VmHWM, reset through /proc/self/clear_refs before each phase).

    .venv/bin/python benchmarks/payment_order_documents.py [--orders 1000]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from common import OUTPUT, machine, peak_kib, reset_peak, save

from wagewatch import create_app
from wagewatch.demo.identifiers import id_number
from wagewatch.extensions import db
from wagewatch.instruments.kinds import kind_of
from wagewatch.models import (
    Case, Channel, Contractor, ContractorKind, IssuedDocument, PaymentOrder, Role, Sector, Township,
    User,
)
from wagewatch.rules.names import normalise_name
from wagewatch.services.accounts.authentication import hash_password
from wagewatch.services.cases import case_steps, registration, payments
from wagewatch.services.documents import issuing
from wagewatch.services.reference.setup import ensure_initial_setup

FOLDER = OUTPUT / "order-documents-bench"
WORKERS = 3   # per case: the order's table lists each worker's amount


def _app():
    return create_app({
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{FOLDER / 'orders-bench.sqlite'}",
        "WAGEWATCH_ENV": "benchmark", "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdef",
        "ATTACHMENT_FOLDER": str(FOLDER / "attachments")}, instance_path=str(FOLDER / "instance"))


def _cases(count: int) -> tuple[list[int], User]:
    """``count`` accepted cases, each of its own employer, each with 3 workers' amounts
    confirmed (issuing an order re-evaluates its employer's flags, as in an office)."""
    office, _ = ensure_initial_setup()
    assert office is not None, "needs an empty database"
    clerk = User(username="bench-clerk", display_name="基准测试监察员", role=Role.CLERK,
                 office=office, password_hash=hash_password("Bench-Wagewatch-2026!"),
                 must_change_password=False)
    db.session.add(clerk)
    db.session.commit()
    township = db.session.scalar(db.select(Township.id))
    ids = []
    for n in range(count):
        name = f"徐州恒达建设工程第{n + 1}有限公司"
        employer = Contractor(office_id=office.id, kind=ContractorKind.COMPANY, name=name,
                              address="徐州经济技术开发区高新路8号",
                              normalised_name=normalise_name(name))
        db.session.add(employer)
        db.session.commit()
        case = registration.register_case(clerk, registration.CaseInput(
            received_on=date(2026, 9, 21), channel=Channel.WINDOW, township_id=township,
            employer_id=employer.id, project_id=None, sector=Sector.CONSTRUCTION,
            summary="拖欠工资", facts={}), [registration.WorkerInput(
                name=f"工人{n}-{w}", id_number=id_number(n * WORKERS + w, w % 2 == 0), phone=None,
                work_from=None, work_to=None, months_owed=Decimal("3"),
                claimed_yuan=Decimal("9000")) for w in range(WORKERS)])
        case_steps.accept(case, date(2026, 9, 22), clerk)
        for w, cw in enumerate(case.workers):
            registration.confirm_worker_amount(cw, Decimal("8500.00") + w * Decimal("1250.50"),
                                        Decimal("3"), clerk)
        ids.append(case.id)
        db.session.expire_all()
    return ids, clerk


def _summary(seconds: list[float], cpu: list[float]) -> dict[str, float]:
    """Wall time per document (total, mean, median, 95th percentile, worst) and CPU time (the
    machine is shared: CPU time is what the document itself costs)."""
    ordered = sorted(seconds)
    return {"total_s": round(sum(seconds), 2), "cpu_mean_ms": round(statistics.fmean(cpu) * 1000, 1),
            "mean_ms": round(statistics.fmean(seconds) * 1000, 1),
            "median_ms": round(statistics.median(seconds) * 1000, 1),
            "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 1),
            "max_ms": round(ordered[-1] * 1000, 1)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1000)
    count = parser.parse_args().orders
    shutil.rmtree(FOLDER, ignore_errors=True)
    FOLDER.mkdir(parents=True)
    app = _app()
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        ids, clerk = _cases(count)
        setup_s = time.perf_counter() - started
        reset_peak()
        issue_base = peak_kib()
        issued, issued_cpu = [], []
        for case_id in ids:
            case = db.session.get_one(Case, case_id)
            started, cpu = time.perf_counter(), time.process_time()
            payments.issue_payment_order(case, payments.OrderInput(date(2026, 9, 29), 5), clerk)
            issued.append(time.perf_counter() - started)
            issued_cpu.append(time.process_time() - cpu)
            db.session.expire_all()
        issue_peak = peak_kib()
        documents_made = db.session.scalars(db.select(IssuedDocument).where(
            IssuedDocument.kind == "payment_order").order_by(IssuedDocument.id)).all()
        sizes = [d.size for d in documents_made]
        numbers = [d.number for d in documents_made]
        kind = kind_of("payment_order")
        template, _ = issuing.active_template(documents_made[0].office_id, kind)
        reset_peak()
        render_base = peak_kib()
        rendered, rendered_cpu = [], []
        for order_id in db.session.scalars(db.select(PaymentOrder.id).order_by(PaymentOrder.id)):
            db.session.expire_all()   # one order's case at a time, as a request would load it
            order = db.session.get_one(PaymentOrder, order_id)
            started, cpu = time.perf_counter(), time.process_time()
            issuing.render_kind(order.case, kind, order, order.document_number,
                                  order.issued_on, template)
            rendered.append(time.perf_counter() - started)
            rendered_cpu.append(time.process_time() - cpu)
        render_peak = peak_kib()
        result = {
            "machine": machine(), "orders": count, "workers_per_order": WORKERS,
            "setup_seconds": round(setup_s, 1), "load_average": Path("/proc/loadavg").read_text()[:14],
            "issue": _summary(issued, issued_cpu),
            "issue_first_100_mean_ms": round(statistics.fmean(issued[:100]) * 1000, 1),
            "issue_last_100_mean_ms": round(statistics.fmean(issued[-100:]) * 1000, 1),
            "issue_rss_before_mib": round(issue_base / 1024, 1),
            "issue_peak_rss_mib": round(issue_peak / 1024, 1),
            "render": _summary(rendered, rendered_cpu), "render_rss_before_mib": round(render_base / 1024, 1),
            "render_peak_rss_mib": round(render_peak / 1024, 1),
            "docx_bytes_mean": round(statistics.fmean(sizes)),
            "first_number": numbers[0], "last_number": numbers[-1],
            "numbers_distinct": len(set(numbers))}
    print(result)
    print(save("payment_order_documents", result))


if __name__ == "__main__":
    main()
