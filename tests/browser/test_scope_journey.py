"""A cell secretary sees only their cell; a province officer sees the whole
province — as a person would check it, in the browser."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, Tree, Users

pytestmark = pytest.mark.browser


def log_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Đơn vị của tôi")).to_be_visible()


def test_a_cell_secretary_sees_only_their_cell(
    transactional_db: None,
    live_server: Any,
    tree: Tree,
    users: Users,
    members: dict,
    page: Page,
    screenshot_dir: Path,
) -> None:
    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    log_in(page, live_server.url, "bithu")
    cards = page.locator(".unitcard")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Chi bộ Khóm 1")
    # on a phone the menu is folded behind its button
    page.get_by_role("button", name="Danh mục").click()
    page.get_by_role("link", name="Đảng viên", exact=True).click()
    rows = page.locator("#member-table tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("#member-table")).to_contain_text("Nguyễn Văn Á")
    expect(page.locator("#member-table")).not_to_contain_text("Phạm Văn Bình")
    page.screenshot(path=str(screenshot_dir / "cell-secretary-members-phone.png"), full_page=True)
    # typing without accents finds the accented name, through htmx
    page.get_by_placeholder("Họ tên, số CCCD hoặc số thẻ đảng viên").fill("tran thi bich")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Trần Thị Bích")
    # the ward above is outside the secretary's scope
    response = page.goto(f"{live_server.url}/units/{tree.ward_a.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", name="Không tìm thấy")).to_be_visible()


def test_a_province_officer_sees_the_whole_province(
    transactional_db: None,
    live_server: Any,
    tree: Tree,
    users: Users,
    members: dict,
    page: Page,
    screenshot_dir: Path,
) -> None:
    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, "bantochuc")
    page.locator(".unitcard", has_text="Đảng bộ tỉnh Thử").click()
    expect(page.get_by_role("heading", name="Đảng bộ tỉnh Thử")).to_be_visible()
    children = page.locator("#children tbody tr")
    expect(children).to_have_count(2)
    expect(page.locator("#children")).to_contain_text("Đảng bộ phường An Hòa")
    expect(page.locator("#children")).to_contain_text("Đảng bộ xã Bình Minh")
    expect(page.locator("#by-category tr.total")).to_contain_text("4")
    page.screenshot(path=str(screenshot_dir / "province-officer-unit-desktop.png"), full_page=True)
    # the count next to a commune equals the list it links to
    page.locator("#children tr", has_text="Đảng bộ phường An Hòa").locator("td.num a").click()
    expect(page.locator("#member-table tbody tr")).to_have_count(3)
