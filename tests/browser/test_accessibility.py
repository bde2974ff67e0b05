"""Each role's main pages pass axe-core with no serious or critical violation (labels, names,
contrast, structure), checked in Chromium on the real pages."""

from pathlib import Path

import pytest

from wagewatch.models import Role

from tests.browser.test_login import log_in
from tests.conftest import REQUIRE_BROWSER
from tests.factories import make_user
from tests.web.referrals.factories import flagged_case, make_referral

pytestmark = pytest.mark.browser

#: axe-core installed from npm by `make test` (package.json); the tests only, never served.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = ("serious", "critical")


@pytest.fixture
def axe_path() -> Path:
    if not AXE.exists():
        message = "axe-core is not installed (npm ci): accessibility checks skipped"
        if REQUIRE_BROWSER:
            pytest.fail(message + " (WAGEWATCH_REQUIRE_BROWSER=1)")
        pytest.skip(message)
    return AXE


def violations(page, axe_path: Path) -> list[str]:
    """The page's serious and critical axe violations, one readable line each."""
    # Evaluated through the DevTools protocol: the app's CSP (no inline scripts) stays as it is.
    page.evaluate(axe_path.read_text(encoding="utf-8") + "\n;void 0")
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            targets: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
    }""")
    return [f"{page.url}: {v['id']} ({v['impact']}) {v['help']} at {v['targets']}"
            for v in found if v["impact"] in SERIOUS]


def _case_url(case) -> str:
    return f"/cases/{case.id}"


PAGES = {
    Role.CLERK: lambda case: ["/", "/cases/", "/cases/new", _case_url(case), "/contractors/",
                              "/projects/", "/blacklist/", "/referrals/", "/supervision/"],
    Role.POLICE: lambda case: ["/", "/police/", "/police/referrals"],
    Role.LEADER: lambda case: ["/", "/reports/monthly/", "/cases/"],
    Role.ADMIN: lambda case: ["/", "/admin/users"],
    Role.AUDITOR: lambda case: ["/", "/audit/"],
}


@pytest.mark.parametrize("role", list(PAGES), ids=lambda r: r.value)
def test_each_roles_main_pages_have_no_serious_accessibility_violation(page, axe_path, role) -> None:
    case = flagged_case()
    make_referral(case=case, up_to="handed_over")
    make_user(role=role, username=f"a11y-{role.value}", display_name="无障碍检查")
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, f"a11y-{role.value}")
    page.wait_for_url("**/")
    found: list[str] = []
    for url in PAGES[role](case):
        response = page.goto(url)
        assert response.ok, f"{url}: {response.status}"
        found += violations(page, axe_path)
    assert not found, "\n".join(found)
