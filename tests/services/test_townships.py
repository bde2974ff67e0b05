"""The townships a list's filter offers: the office's active ones, in the order set."""

from wagewatch.extensions import db
from wagewatch.models import Township
from wagewatch.services.reference.townships import active_townships

from tests.factories import make_office


def test_a_filter_offers_the_offices_active_townships_in_their_order(app):
    office = make_office(code="XZDM", townships=("金山桥街道", "东环街道", "大庙街道"))
    other = make_office(code="XZTS", name="铜山区劳动保障监察大队", townships=("汉王镇",))
    by_name = {t.name: t for t in db.session.scalars(db.select(Township).where(
        Township.office_id.in_([office.id, other.id])))}
    by_name["金山桥街道"].sort_order = 40          # moved to the end by the administrator
    by_name["东环街道"].active = False               # no longer offered
    db.session.commit()
    assert active_townships(office.id) == [(by_name["大庙街道"].id, "大庙街道"),
                                           (by_name["金山桥街道"].id, "金山桥街道")]
    assert active_townships(other.id) == [(by_name["汉王镇"].id, "汉王镇")]
