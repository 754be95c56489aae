"""The commune staff's morning: the home page says "3 quá hạn", the list
behind it holds the three late admission decisions, one is opened and
decided, and the count drops to 2."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from apps.admissions import services, steps
from apps.admissions.choices import ConsentKind
from apps.admissions.models import Case
from apps.common.clock import VIETNAM
from apps.members.models import Member
from tests.browser.test_admission_journey import log_in
from tests.conftest import Tree, Users, make_member
from tests.deadlines.conftest import resolved_case

pytestmark = pytest.mark.browser
D = dt.date


@pytest.fixture
def voters(tree: Tree) -> list[Member]:
    names = ["Nguyễn Văn Một", "Trần Văn Hai", "Lê Thị Ba", "Phạm Văn Bốn"]
    return [make_member(tree.cell_a1, n, admitted=D(2005, 1, 10)) for n in names]


def test_the_commune_staff_take_a_late_decision_and_the_count_drops(
    transactional_db: None,
    live_server: Any,
    tree: Tree,
    users: Users,
    voters: list[Member],
    page: Page,
    screenshot_dir: Path,
    time_machine: Any,
) -> None:
    time_machine.move_to(dt.datetime(2026, 1, 10, 9, tzinfo=VIETNAM))
    for i, name in enumerate(["Huỳnh Thị Mai", "Lê Văn Tâm", "Đỗ Thị Hoa"]):
        case = resolved_case(tree, voters, name, f"08719800011{i}")
        steps.committee_resolve(case, by="test", on=D(2025, 11, 24))
    # T1 was due on Friday 13/02/2026; Tết and weekends later it is overdue.
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, tzinfo=VIETNAM))
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, base, "vanphong")
    todo = page.locator("#todo")
    expect(todo.get_by_role("link", name="3 quá hạn")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "deadlines-home.png"), full_page=True)
    todo.get_by_role("link", name="3 quá hạn").click()
    rows = page.locator("table.list tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.first).to_contain_text("Quyết định kết nạp (T1)")
    expect(rows.first).to_contain_text("quá hạn 6 ngày làm việc")
    rows_name = next(
        n for n in ("Huỳnh Thị Mai", "Lê Văn Tâm", "Đỗ Thị Hoa") if n in rows.first.inner_text()
    )
    rows.first.get_by_role("link", name="Mở").click()
    page.fill("[name='on']", "02/03/2026")
    page.fill("[name='number']", "15-QĐ/ĐU")
    page.get_by_role("button", name="Ghi nhận").click()
    # Late (T1): refused until the extension is recorded; it comes on paper
    # and is recorded, then the decision goes through.
    expect(page.locator("main")).to_contain_text("hãy ghi việc gia hạn")
    late = Case.objects.get(person__full_name=rows_name)
    services.add_consent(
        late,
        by="test",
        kind=ConsentKind.DECISION_EXTENSION,
        document="12-CV/ĐU",
        date=D(2026, 2, 10),
        issuer="Ban Thường vụ Đảng ủy",
        reason="Chờ thẩm tra bổ sung",
    )
    page.fill("[name='on']", "02/03/2026")
    page.fill("[name='number']", "15-QĐ/ĐU")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi nhận")
    page.goto(f"{base}/")
    expect(page.locator("#todo").get_by_role("link", name="2 quá hạn")).to_be_visible()
