"""Security.md item 15 across every export: contractors and workers named like formulas appear
as text in each workbook the app writes, and no sheet holds an <f> the app did not write."""

import io
import zipfile
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from wagewatch.extensions import db
from wagewatch.models import Channel, Role, Sector, Township
from wagewatch.services.cases import registration

from tests.conftest import wait_for_background_exports
from tests.factories import login, make_contractor, make_user, post
from tests.web.blacklist.factories import make_listing
from tests.web.cases.factories import valid_id_number

pytestmark = pytest.mark.committing

HOSTILE = ('=HYPERLINK("http://x","点我")', "+1+1", "@SUM(A1)", "-2+3")


def _hostile_registry(clerk):
    """One case per hostile employer name, each with workers named like formulas, and the
    first employer listed on the blacklist."""
    township = db.session.scalar(db.select(Township).where(Township.office_id == clerk.office_id))
    employers = [make_contractor(name=name) for name in HOSTILE]
    for n, employer in enumerate(employers):
        workers = [registration.WorkerInput(
            name=name, id_number=valid_id_number(seq=f"{100 + 10 * n + i:03d}"), phone=None,
            work_from=date(2026, 3, 1), work_to=date(2026, 9, 30), months_owed=Decimal(3),
            claimed_yuan=Decimal("9000.00"), representative=False) for i, name in enumerate(HOSTILE)]
        registration.register_case(clerk, registration.CaseInput(
            received_on=date(2026, 11, 2), channel=Channel.WINDOW, township_id=township.id,
            employer_id=employer.id, project_id=None, sector=Sector.CONSTRUCTION,
            summary="+拖欠工资", facts={}), workers)
    make_listing(contractor=employers[0], decided_on=date(2026, 3, 10))


def _text_cells(data: bytes) -> dict[str, str]:
    """Every string cell of the workbook, value → data type; and no <f> in any sheet's XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.namelist():
            if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                xml = archive.read(member).decode()
                assert "<f>" not in xml and "<f " not in xml, member
    book = openpyxl.load_workbook(io.BytesIO(data))
    return {c.value: c.data_type for sheet in book.worksheets for row in sheet.iter_rows()
            for c in row if isinstance(c.value, str)}


def _assert_text(cells: dict[str, str], names) -> None:
    for name in names:
        assert cells.get(name) == "s", f"{name!r} is not a text cell"


def test_every_export_writes_formula_like_names_as_text(app):
    clerk = make_user(role=Role.CLERK, username="clerk-inj")
    make_user(role=Role.POLICE, username="police-inj")
    make_user(role=Role.LEADER, username="leader-inj")
    _hostile_registry(clerk)
    as_clerk, as_police, as_leader = app.test_client(), app.test_client(), app.test_client()
    login(app, as_clerk, "clerk-inj")
    login(app, as_police, "police-inj")
    login(app, as_leader, "leader-inj")

    _assert_text(_text_cells(post(app, as_clerk, "/cases/export").data), HOSTILE)

    job_url = post(app, as_clerk, "/exports/registry").headers["Location"]
    wait_for_background_exports(app)
    registry = _text_cells(as_clerk.get(f"{job_url}/download").data)
    _assert_text(registry, HOSTILE)  # employers and workers alike
    assert registry.get("+拖欠工资") == "s"

    _assert_text(_text_cells(post(app, as_police, "/police/export").data), HOSTILE[:1])
    publication = post(app, as_leader, "/publication/download", {"submit_xlsx": "下载Excel"})
    _assert_text(_text_cells(publication.data), HOSTILE[:1])

    preview = post(app, as_leader, "/reports/monthly/preview", {"preview-month": "2026-11"})
    assert preview.status_code == 200
    _text_cells(preview.data)  # the report names no one, and holds no formula either

    template = as_clerk.get("/cases/import/template.xlsx")
    assert template.status_code == 200
    _text_cells(template.data)
