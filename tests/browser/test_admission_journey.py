"""One person from the candidate pool to full member through the web pages,
as the cell secretary, the commune staff and the deciding officer would do
it; and a blocked step with its Vietnamese message."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from apps.admissions.models import Case
from apps.common.clock import VIETNAM
from apps.members.models import Member
from tests.conftest import PASSWORD, Tree, Users, make_member

pytestmark = pytest.mark.browser


def log_in(page: Page, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_role("heading", name="Đơn vị của tôi")).to_be_visible()


def record_step(page: Page, label: str, fields: dict[str, str]) -> None:
    """Click a next step on the case page, fill its form, submit."""
    page.locator("#next-steps tr", has_text=label).get_by_role("link", name="Ghi nhận").click()
    for name, value in fields.items():
        page.fill(f"[name='{name}']", value)
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận")


def add_part(
    page: Page, part: str, fields: dict[str, str], selects: dict[str, str] | None = None
) -> None:
    form = page.locator(f"form[action$='/add/{part}/']")
    form.locator("xpath=..").locator("summary").click()
    for name, value in (selects or {}).items():
        form.locator(f"[name='{part}-{name}']").select_option(value)
    for name, value in fields.items():
        form.locator(f"[name='{part}-{name}']").fill(value)
    form.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu")


@pytest.fixture
def cell_members(tree: Tree) -> list[Member]:
    names = ["Nguyễn Văn Một", "Trần Văn Hai", "Lê Thị Ba", "Phạm Văn Bốn"]
    return [make_member(tree.cell_a1, n) for n in names]


def test_from_the_pool_to_full_member_through_the_pages(
    transactional_db: None,
    live_server: Any,
    tree: Tree,
    users: Users,
    cell_members: list[Member],
    page: Page,
    screenshot_dir: Path,
    time_machine: Any,
) -> None:
    # The journey runs from January 2024 to August 2025: the page's checks
    # read "today" (a certificate of 2024 has expired by 2030).
    time_machine.move_to(dt.datetime(2025, 8, 21, 9, tzinfo=VIETNAM))
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "bithu")
    page.goto(f"{base}/admissions/units/{tree.cell_a1.pk}/")
    page.get_by_role("link", name="Thêm quần chúng vào nguồn").click()
    page.fill("[name='p-full_name']", "huỳnh thị mai")
    page.select_option("[name='p-gender']", "female")
    page.fill("[name='p-date_of_birth']", "12/04/1998")
    page.fill("[name='p-citizen_id']", "087198000222")
    page.check("[name='p-youth_union']")
    page.select_option("[name='c-source']", "youth_union")
    page.fill("[name='c-opened_on']", "10/01/2024")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("heading", name="Huỳnh Thị Mai")).to_be_visible()

    record_step(page, "Ghi giấy chứng nhận", {"on": "01/03/2024", "number": "12/GCN"})
    record_step(page, "Bắt đầu làm hồ sơ", {"on": "05/03/2024"})
    for code in ("application", "personal_history", "youth_union_resolution", "comments"):
        add_part(page, "document", {"received_on": "01/04/2024"}, {"code": code})
    add_part(
        page,
        "verification",
        {"relation": "Bản thân", "full_name": "Huỳnh Thị Mai", "concluded_on": "02/05/2024"},
    )
    add_part(page, "document", {"received_on": "10/05/2024"}, {"code": "cell_comment"})
    add_part(
        page,
        "introducer",
        {"together_since": "01/01/2021", "introduced_on": "15/04/2024"},
        {"member": str(cell_members[0].pk)},
    )
    expect(page.locator("#rules")).not_to_contain_text("Còn quy định chưa đạt")
    record_step(
        page, "Ghi kết quả biểu quyết của chi bộ", {"on": "10/06/2024", "yes": "4", "no": "0"}
    )
    expect(page.locator("#deadlines")).to_contain_text("T1")

    case = Case.objects.get(person__citizen_id="087198000222")
    log_in(page, base, "vanphong")  # the commune committee's staff
    page.goto(f"{base}/admissions/inbox/")
    expect(page.locator("#inbox")).to_contain_text("Huỳnh Thị Mai")
    page.goto(f"{base}/admissions/cases/{case.pk}/")
    record_step(page, "Ghi nghị quyết của đảng ủy cơ sở", {"on": "20/06/2024"})

    log_in(page, base, "bantochuc")  # the deciding officer
    page.goto(f"{base}/admissions/cases/{case.pk}/")
    record_step(
        page,
        "Ghi quyết định kết nạp",
        {"on": "15/07/2024", "number": "125-QĐ/ĐU", "received_on": "17/07/2024"},
    )
    expect(page.locator("#deadlines tr", has_text="T2")).to_contain_text("28/08/2024")

    log_in(page, base, "bithu")
    page.goto(f"{base}/admissions/cases/{case.pk}/")
    record_step(page, "Ghi lễ kết nạp", {"on": "01/08/2024"})
    expect(page.locator("#deadlines tr", has_text="T4")).to_contain_text("01/08/2025")
    add_part(page, "helper", {"assigned_on": "02/08/2024"}, {"member": str(cell_members[1].pk)})
    for code in ("new_member_certificate", "self_review", "helper_comment", "probation_comments"):
        add_part(page, "document", {"received_on": "04/08/2025"}, {"code": code})
    record_step(
        page,
        "Ghi kết quả chi bộ xét công nhận chính thức",
        {"on": "05/08/2025", "yes": "4", "no": "0"},
    )

    log_in(page, base, "vanphong")
    page.goto(f"{base}/admissions/cases/{case.pk}/")
    record_step(page, "Ghi nghị quyết của đảng ủy về công nhận chính thức", {"on": "12/08/2025"})
    log_in(page, base, "bantochuc")
    page.goto(f"{base}/admissions/cases/{case.pk}/")
    record_step(
        page, "Ghi quyết định công nhận chính thức", {"on": "20/08/2025", "number": "310-QĐ/ĐU"}
    )
    expect(page.locator("h1")).to_contain_text("Đảng viên chính thức")
    page.screenshot(path=str(screenshot_dir / "case-full-member.png"), full_page=True)
    page.get_by_role("link", name="Hồ sơ đảng viên").click()
    expect(page.locator(".facts").first).to_contain_text(
        "01/08/2025"
    )  # full from the end of probation


def test_a_blocked_vote_shows_its_vietnamese_message(
    transactional_db: None,
    live_server: Any,
    tree: Tree,
    users: Users,
    cell_members: list[Member],
    page: Page,
    screenshot_dir: Path,
) -> None:
    import datetime as dt

    from apps.admissions import services, steps
    from apps.members.models import Person

    case = services.open_case(
        by="test",
        cell=tree.cell_a1,
        source="other",
        opened_on=dt.date(2024, 1, 10),
        person=Person(full_name="Lý Văn Tèo", gender="male", date_of_birth=dt.date(1990, 1, 1)),
    )
    # 61 months before the vote of 10/06/2024: one month too old (E5)
    steps.record_certificate(case, by="test", on=dt.date(2019, 5, 10))
    steps.open_dossier(case, by="test", on=dt.date(2024, 2, 1))
    log_in(page, live_server.url, "bithu")
    page.goto(f"{live_server.url}/admissions/cases/{case.pk}/step/cell_vote/")
    page.fill("[name='on']", "10/06/2024")
    page.fill("[name='yes']", "4")
    page.fill("[name='no']", "0")
    page.get_by_role("button", name="Ghi nhận").click()
    error = page.locator(".error").first
    expect(error).to_contain_text(
        "E5: Giấy chứng nhận lớp bồi dưỡng ngày 10/05/2019 đã hết hạn từ 10/05/2024"
    )
    page.screenshot(path=str(screenshot_dir / "blocked-vote.png"), full_page=True)
