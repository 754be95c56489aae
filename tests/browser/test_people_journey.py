"""The cell secretary picks an introducer by typing part of a name: the
list narrows as they type (htmx), offers only the cell's own members, and
the choice is saved; the same search works by its button alone."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from apps.admissions.models import Introducer
from tests.admissions.conftest import candidate
from tests.browser.test_admission_journey import log_in
from tests.conftest import Tree, Users, make_member

pytestmark = pytest.mark.browser


def test_an_introducer_is_found_by_typing_and_only_in_the_cell(
    transactional_db: None,
    live_server: Any,
    tree: Tree,
    users: Users,
    page: Page,
    screenshot_dir: Path,
) -> None:
    for name in ("Nguyễn Văn Một", "Trần Thị Hai", "Lê Văn Ba"):
        make_member(tree.cell_a1, name)
    make_member(tree.cell_a2, "Trần Thị Hương")  # another cell of the ward
    case = candidate(tree)
    base = live_server.url
    log_in(page, base, "bithu")
    page.goto(f"{base}/admissions/cases/{case.pk}/")
    picker = page.locator("#pick-introducer")
    picker.locator("summary").click()
    select = picker.locator("select[name='introducer-member']")
    expect(select.locator("option")).to_have_count(4)  # the prompt and three members
    picker.get_by_label("Tìm đảng viên của chi bộ theo tên").press_sequentially("tran thi")
    expect(select.locator("option")).to_have_count(2)  # the prompt and Trần Thị Hai
    expect(select).to_contain_text("Trần Thị Hai")
    expect(select).not_to_contain_text("Trần Thị Hương")
    select.select_option(label=select.locator("option").nth(1).inner_text())
    picker.locator("[name='introducer-together_since']").fill("01/01/2021")
    picker.locator("[name='introducer-introduced_on']").fill("15/04/2024")
    page.screenshot(path=str(screenshot_dir / "introducer-picker.png"), full_page=True)
    picker.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu")
    assert Introducer.objects.get(case=case).member.person.full_name == "Trần Thị Hai"

    # without waiting for the typing: the Search button reloads the page with the matches
    helper = page.locator("#pick-helper")
    helper.locator("summary").click()
    helper.get_by_label("Tìm đảng viên của chi bộ theo tên").fill("ba")
    helper.get_by_role("button", name="Tìm kiếm").click()
    expect(page.locator("#pick-helper select option")).to_have_count(2)
    expect(page.locator("#pick-helper select")).to_contain_text("Lê Văn Ba")
