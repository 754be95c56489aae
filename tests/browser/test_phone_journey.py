"""A cell secretary does the job on a phone (390 px wide): opens a case from
the board, reads who the person is, takes the next step — first with a date
that does not exist, then right — and sees it confirmed; no page scrolls
sideways, the menu stays folded until asked for, and axe-core finds no
accessibility violation on any page visited (axe-core 4.14.1, MPL-2.0,
vendored in tests/browser/vendor with its licence)."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, ViewportSize, expect

from apps.admissions import steps
from apps.common.clock import today
from apps.members.models import Member
from apps.training import services as training
from apps.training.models import CourseKind, Provider
from tests.admissions.conftest import BORN, candidate, present, ready_for_vote, voters
from tests.browser.test_admission_journey import log_in
from tests.conftest import Tree, Users

pytestmark = pytest.mark.browser
__all__ = ["voters"]  # the fixture, shared with the admissions tests

AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
PHONE: ViewportSize = {"width": 390, "height": 844}


def check_page(page: Page, visited: list[str]) -> None:
    """No sideways scrolling and no axe-core violation on the page shown."""
    visited.append(page.url)
    viewport = page.viewport_size
    assert viewport is not None
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{page.url} scrolls sideways: {width} px"
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # evaluated through the debugging protocol, so the page's CSP allows it
        page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        "async () => (await axe.run(document)).violations"
        ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))"
    )
    assert violations == [], f"{page.url}: {violations}"


def test_a_cell_secretary_takes_the_next_step_on_a_phone(
    transactional_db: None,
    live_server: Any,
    tree: Tree,
    users: Users,
    page: Page,
    screenshot_dir: Path,
) -> None:
    case = candidate(tree)
    page.set_viewport_size(PHONE)
    visited: list[str] = []
    log_in(page, live_server.url, "bithu")
    check_page(page, visited)
    # the menu is folded behind its button
    toggle = page.get_by_role("button", name="Danh mục")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("navigation", name="Danh mục chính")).to_be_hidden()

    page.get_by_role("link", name="Tiến độ phát triển đảng viên").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tiến độ phát triển đảng viên")
    # empty stages are folded; a cell without an intermediate committee has no appraisal stage
    expect(page.locator("#stage-candidate")).to_have_attribute("open", "")
    expect(page.locator("#stage-trained")).not_to_have_attribute("open", "")
    expect(page.locator("#stage-appraised")).to_have_count(0)
    check_page(page, visited)
    page.screenshot(path=str(screenshot_dir / "phone-board.png"), full_page=True)

    page.get_by_role("link", name="Huỳnh Thị Mai").click()
    summary = page.locator("#summary")
    expect(summary).to_contain_text("tuổi")
    expect(summary).to_contain_text(BORN.strftime("%d/%m/%Y"))
    expect(summary).to_contain_text("Quần chúng trong nguồn")
    check_page(page, visited)
    page.screenshot(path=str(screenshot_dir / "phone-case.png"), full_page=True)

    page.locator("#main-step").click()
    check_page(page, visited)
    page.fill("[name='on']", "31/02/2024")
    page.fill("[name='number']", "12/GCN")
    page.get_by_role("button", name="Ghi nhận").click()
    summary_box = page.locator(".error-summary")
    expect(summary_box).to_be_focused()
    expect(summary_box).to_contain_text("Không có ngày 31/02/2024")
    described = page.get_attribute("[name='on']", "aria-describedby") or ""
    for ref in described.split():
        expect(page.locator(f"#{ref}")).to_have_count(1)
    expect(page.locator("[name='on']")).to_have_attribute("aria-invalid", "true")
    check_page(page, visited)

    page.fill("[name='on']", "01/03/2024")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận")
    expect(page.locator("#summary")).to_contain_text("Đã học lớp bồi dưỡng nhận thức")
    check_page(page, visited)

    toggle = page.get_by_role("button", name="Danh mục")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("navigation", name="Danh mục chính")).to_be_visible()
    check_page(page, visited)
    page.get_by_role("link", name="Đảng viên", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_page(page, visited)
    case.refresh_from_db()
    assert case.certificate_number == "12/GCN"
    assert len(visited) == 8

    # a smaller phone and a tablet: the board, the case and a step form fit too
    base = live_server.url
    urls = (
        f"{base}/admissions/units/{tree.cell_a1.pk}/",
        f"{base}/admissions/cases/{case.pk}/",
        f"{base}/admissions/cases/{case.pk}/step/open_dossier/",
    )
    sizes: list[ViewportSize] = [{"width": 360, "height": 780}, {"width": 768, "height": 1024}]
    for size in sizes:
        page.set_viewport_size(size)
        for url in urls:
            page.goto(url)
            check_page(page, visited)


def test_the_committee_and_the_provider_read_their_lists_on_a_phone(
    transactional_db: None,
    live_server: Any,
    tree: Tree,
    users: Users,
    voters: list[Member],
    page: Page,
    screenshot_dir: Path,
) -> None:
    case = ready_for_vote(candidate(tree), voters)
    steps.record_cell_vote(
        case, by="test", on=dt.date(2024, 6, 10), attendance=present(case), yes=6, no=0
    )
    centre = Provider.objects.create(name="Trung tâm Chính trị tỉnh", organization=tree.province)
    klass = training.create_class(
        by="test",
        kind=CourseKind.objects.get(code="awareness"),
        provider=centre,
        title="Lớp bồi dưỡng nhận thức về Đảng khóa 3 năm 2026",
        capacity=40,
        units=[tree.ward_a],
        # ahead of the suite's today (CI moves it up to 31/12/2030): a
        # cancelled class reopens only until its last day
        days=[today() + dt.timedelta(days=30), today() + dt.timedelta(days=37)],
    )
    before = klass.status
    page.set_viewport_size(PHONE)
    visited: list[str] = []

    log_in(page, live_server.url, "vanphong")
    page.goto(f"{live_server.url}/admissions/inbox/")
    expect(page.locator("#inbox")).to_contain_text("Huỳnh Thị Mai")
    check_page(page, visited)
    page.screenshot(path=str(screenshot_dir / "phone-inbox.png"), full_page=True)
    page.goto(f"{live_server.url}/reports/units/{tree.ward_a.pk}/")
    check_page(page, visited)
    page.screenshot(path=str(screenshot_dir / "phone-dashboard.png"), full_page=True)
    page.goto(f"{live_server.url}/deadlines/")  # the to-do list reads as cards
    expect(page.locator("table.list tbody tr").first).to_contain_text("Huỳnh Thị Mai")
    check_page(page, visited)

    log_in(page, live_server.url, "trungtam")
    page.goto(f"{live_server.url}/training/")
    check_page(page, visited)
    page.get_by_role("link", name=klass.title).click()
    page.get_by_role("link", name="Hủy lớp").click()
    check_page(page, visited)
    page.get_by_role("button", name="Hủy lớp").click()
    expect(page.locator(".error-summary")).to_be_focused()
    check_page(page, visited)
    page.get_by_label("Lý do hủy lớp").fill("Không đủ học viên")
    page.get_by_role("button", name="Hủy lớp").click()
    expect(page.locator(".messages")).to_contain_text("Đã hủy lớp")
    expect(page.locator("#cancelled")).to_contain_text("Không đủ học viên")
    check_page(page, visited)
    page.get_by_role("link", name="Mở lại lớp").click()
    check_page(page, visited)
    page.get_by_role("button", name="Mở lại lớp").click()
    expect(page.locator(".messages")).to_contain_text("Đã mở lại lớp")
    klass.refresh_from_db()
    assert klass.status == before and klass.cancel_reason == ""
    assert len(visited) == 8
