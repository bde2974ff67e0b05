"""The leader's home in Chromium at 1366×900: the six charts draw from the app's own Chart.js
with no console error, and a click on a bar opens the list behind it."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_login import log_in
from tests.reports.monthly_data import build

pytestmark = pytest.mark.browser

CHARTS = ("chart-months", "chart-rate", "chart-townships", "chart-sectors", "chart-blacklist",
          "chart-handlers")


def _problems(page):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    return problems


def _charts_drawn(page):
    for chart in CHARTS:
        page.locator(f"#{chart}[data-drawn='1']").wait_for()


def _log_in_to_drawn_home(page, username):
    """Sign in and wait until the home the login lands on has drawn its charts: navigating on
    while its figures are still being fetched would abort that request, a failure of the test's
    making."""
    log_in(page, username)
    page.wait_for_url("**/")
    _charts_drawn(page)


def test_the_leaders_charts_draw_and_a_bar_opens_its_list(page):
    data = build()
    page.set_viewport_size({"width": 1366, "height": 900})
    problems = _problems(page)
    _log_in_to_drawn_home(page, "monthly-leader")
    page.goto("/?month=2026-10")
    for chart in CHARTS:
        canvas = page.locator(f"#{chart}[data-drawn='1']")
        canvas.wait_for()
        box = canvas.bounding_box()
        assert box["width"] > 200 and box["height"] > 150, chart
        # Something was painted: the canvas is not one flat colour.
        assert page.evaluate(
            """id => { const c = document.getElementById(id);
                       const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                       for (let i = 4; i < d.length; i += 4) { if (d[i] !== d[0] || d[i + 3] !== d[3]) return true; }
                       return false; }""", chart), chart
    expect(page.locator("#chart-error")).to_have_count(0)
    page.screenshot(path="test-artifacts/leader-home.png", full_page=True)

    # Click the 金山桥街道 bar of the township chart: the case list of that township and month.
    point = page.evaluate(
        """() => { const chart = Chart.getChart('chart-townships');
                   const i = chart.data.labels.indexOf('金山桥街道');
                   const bar = chart.getDatasetMeta(0).data[i];
                   return {x: bar.x, y: (bar.y + bar.base) / 2}; }""")
    box = page.locator("#chart-townships").bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_url("**/cases/?*")
    table = page.locator("#case-table").inner_text()
    assert data.cases["a"].number in table and data.cases["c"].number not in table
    expect(page.locator("#case-filter select[name='township'] option:checked")).to_have_text(
        "金山桥街道", use_inner_text=True)
    assert problems == []


def test_an_empty_office_still_gets_its_charts_without_errors(page):
    from wagewatch.models import Role

    from tests.factories import make_user

    make_user(role=Role.LEADER, username="empty-leader")
    problems = _problems(page)
    _log_in_to_drawn_home(page, "empty-leader")
    assert page.locator("#leader-figures").inner_text().count("—") >= 2  # no rate without cases
    assert problems == []
