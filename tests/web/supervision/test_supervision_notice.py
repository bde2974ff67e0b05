"""The 挂牌督办通知书 issued when a case is named for supervision is shown, with its download, on
the supervision page and in the supervision list."""

import io
from datetime import date

import docx

from wagewatch.models import Role
from wagewatch.services.documents import issuing

from tests.factories import make_office, make_user, post, text_of
from tests.web.cases.factories import register
from tests.web.supervision.test_views import listing


def _docx_text(content: bytes) -> str:
    opened = docx.Document(io.BytesIO(content))
    return "\n".join([p.text for p in opened.paragraphs] + [
        c.text for t in opened.tables for r in t.rows for c in r.cells])


def test_the_notice_is_listed_and_downloaded_from_the_supervision_pages(app, client, login_as):
    clerk = login_as(Role.CLERK, username="clerk-sup-notice")
    case = register(clerk=clerk, employer_absconded=True)
    supervised = listing(case, deadline=date(2026, 11, 30))
    [notice] = issuing.supervision_notices([supervised])[supervised.id]
    assert notice.number == "经开劳监督〔2026〕001号"

    detail = client.get(f"/supervision/{supervised.id}").get_data(as_text=True)
    assert "挂牌督办通知书" in text_of(client.get(f"/supervision/{supervised.id}"))
    assert "经开劳监督〔2026〕001号" in detail and 'data-download="supervision_notice-1"' in detail
    row = text_of(client.get("/supervision/"))
    assert "经开劳监督〔2026〕001号" in row
    assert f'data-download="supervision_notice-{supervised.id}"' in client.get(
        "/supervision/").get_data(as_text=True)

    response = post(app, client, f"/cases/{case.id}/documents/{notice.id}/download")
    assert response.status_code == 200 and response.data == notice.content
    content = _docx_text(response.data)
    for expected in ("挂牌督办通知书", case.number, "经开区管委会", "王主任", "用人单位负责人逃匿",
                     "2026年11月30日"):
        assert expected in content, expected


def test_another_office_sees_neither_the_listing_nor_its_notice(app, client, login_as):
    case = register(clerk=make_user(role=Role.CLERK, username="clerk-sup-home"),
                    employer_absconded=True)
    supervised = listing(case, deadline=date(2026, 11, 30))
    [notice] = issuing.supervision_notices([supervised])[supervised.id]
    other = make_office(code="TSQ", name="铜山区劳动保障监察大队", townships=("棠张镇",))
    login_as(Role.CLERK, username="clerk-tsq-sup", office=other)
    assert "经开劳监督" not in text_of(client.get("/supervision/"))
    assert client.get(f"/supervision/{supervised.id}").status_code == 404
    assert post(app, client, f"/cases/{case.id}/documents/{notice.id}/download").status_code == 404
