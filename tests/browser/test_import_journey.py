"""Commune staff upload a roster, read the error next to its row, fix the
file, upload it again, import it and find the people in the member list."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from apps.common.clock import VIETNAM
from tests.browser.test_scope_journey import log_in
from tests.conftest import Tree, Users
from tests.imports.test_import import MEMBER_HEADER, xlsx

pytestmark = pytest.mark.browser

ROWS = [
    [
        "Kiều Thị Ngân",
        "12/08/1990",
        "Nữ",
        "087190001234",
        "Kinh",
        "A1",
        "Đảng viên chính thức",
        "03/02/2015",
        "15/02/2015",
        "15/02/2016",
        "",
    ],
    [
        "Lâm Văn Khải",
        "30/02/1988",
        "Nam",
        "087188004321",
        "Kinh",
        "A2",
        "Đảng viên dự bị",
        "10/09/2026",
        "",
        "",
        "",
    ],
]


def test_commune_staff_fix_a_roster_and_import_it(
    transactional_db: None,
    live_server: Any,
    tree: Tree,
    users: Users,
    page: Page,
    screenshot_dir: Path,
    tmp_path: Path,
    time_machine: Any,
) -> None:
    # The roster's newest admission is 10/09/2026.
    time_machine.move_to(dt.datetime(2026, 11, 15, 9, tzinfo=VIETNAM))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "vanphong")
    page.get_by_role("link", name="Nhập dữ liệu", exact=True).click()
    expect(page.get_by_role("heading", name="Nhập dữ liệu từ Excel")).to_be_visible()
    wrong = tmp_path / "danh-sach.xlsx"
    wrong.write_bytes(xlsx([MEMBER_HEADER, *ROWS]))
    page.get_by_label("Nội dung tệp").select_option("members")
    page.get_by_label("Tệp (.xlsx hoặc .csv)").set_input_files(str(wrong))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.locator("#count-error")).to_have_text("1")
    errors = page.locator("#error-rows")
    expect(errors).to_contain_text("Lâm Văn Khải")
    expect(errors).to_contain_text("Ngày sinh")
    expect(errors).to_contain_text(
        "“30/02/1988”: không có ngày này, tháng 2 năm 1988 chỉ có 29 ngày"
    )
    page.screenshot(path=str(screenshot_dir / "import-preview.png"), full_page=True)

    ROWS[1][1] = "28/02/1988"
    fixed = tmp_path / "danh-sach-da-sua.xlsx"
    fixed.write_bytes(xlsx([MEMBER_HEADER, *ROWS]))
    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.get_by_label("Nội dung tệp").select_option("members")
    page.get_by_label("Tệp (.xlsx hoặc .csv)").set_input_files(str(fixed))
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.locator("#count-error")).to_have_text("0")
    expect(page.locator("#count-create")).to_have_text("2")
    page.locator("#commit").get_by_role("button", name="Nhập dữ liệu").click()
    expect(page.get_by_role("heading", name="Đã nhập")).to_be_visible()

    page.get_by_role("link", name="Đảng viên", exact=True).click()
    table = page.locator("#member-table")
    expect(table).to_contain_text("Kiều Thị Ngân")
    expect(table).to_contain_text("Lâm Văn Khải")
