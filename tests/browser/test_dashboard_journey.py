"""The province officer reads the dashboard, follows the lagging commune,
then a pipeline stage, and lands on the matching list — in the browser, at
desktop and phone width."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from apps.common.clock import VIETNAM
from tests.admissions.conftest import candidate
from tests.browser.test_scope_journey import log_in
from tests.conftest import Tree, Users
from tests.reports.conftest import admit, set_target

pytestmark = pytest.mark.browser
D = dt.date


@pytest.fixture
def province_with_targets(tree: Tree, time_machine: Any) -> None:
    """Mid-June 2026: the year's admissions are behind us, its end ahead."""
    time_machine.move_to(dt.datetime(2026, 6, 15, 9, tzinfo=VIETNAM))
    year = 2026
    admit(tree.cell_a1, 1, D(year, 1, 15))
    admit(tree.cell_b1, 4, D(year, 1, 20))
    set_target(tree.ward_a, year, 10)  # 1 of 10: behind
    set_target(tree.commune_b, year, 4)  # 4 of 4: done
    set_target(tree.province, year, 14)
    candidate(tree)
    candidate(tree, "Lý Văn Hậu", citizen_id="087198000222")


def test_the_province_officer_follows_a_lagging_commune_to_its_candidates(
    transactional_db: None,
    live_server: Any,
    tree: Tree,
    users: Users,
    province_with_targets: None,
    page: Page,
    screenshot_dir: Path,
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, "bantochuc")
    page.locator(".card", has_text="Đảng bộ tỉnh Thử").get_by_role(
        "link", name="Bảng theo dõi"
    ).click()
    expect(page.get_by_role("heading", name="Bảng theo dõi: Đảng bộ tỉnh Thử")).to_be_visible()
    rows = page.locator("#progress tbody tr")
    expect(rows.first).to_contain_text("Đảng bộ phường An Hòa")
    expect(rows.first).to_contain_text("chậm tiến độ")
    expect(rows.nth(1)).not_to_contain_text("chậm tiến độ")
    expect(page.locator("#total-row")).to_contain_text("5/14")
    expect(page.locator("#chart-months")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "dashboard-province-desktop.png"), full_page=True)

    rows.first.get_by_role("link", name="Đảng bộ phường An Hòa").click()
    expect(page.get_by_role("heading", name="Bảng theo dõi: Đảng bộ phường An Hòa")).to_be_visible()
    stage = page.locator(".stage", has_text="Quần chúng trong nguồn").first
    shown = stage.locator("a.fig").inner_text()
    assert shown == "2"
    stage.locator("a.fig").click()
    expect(page.get_by_role("heading", name=re.compile("Quần chúng trong nguồn"))).to_be_visible()
    expect(page.locator("#list-count")).to_have_text("(2)")
    table = page.locator("#figure-list tbody tr")
    expect(table).to_have_count(2)
    expect(page.locator("#figure-list")).to_contain_text("Lý Văn Hậu")
    expect(page.locator("#figure-list")).to_contain_text("Huỳnh Thị Mai")


def test_the_dashboard_fits_a_phone(
    transactional_db: None,
    live_server: Any,
    tree: Tree,
    users: Users,
    province_with_targets: None,
    page: Page,
    screenshot_dir: Path,
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "bantochuc")
    page.goto(f"{live_server.url}/reports/units/{tree.province.pk}/")
    expect(page.locator("#progress")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # wide tables scroll inside their card, not the page
    page.screenshot(path=str(screenshot_dir / "dashboard-province-phone.png"), full_page=True)
