"""A commune officer nominates three candidates, the training centre accepts
two (the capacity), records attendance and results and issues certificates;
the candidates' cases show them."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from apps.admissions.models import Case
from apps.training import services
from apps.training.models import CourseKind, Provider
from tests.browser.test_admission_journey import log_in
from tests.conftest import Tree, Users
from tests.training.test_services import pool_case

pytestmark = pytest.mark.browser
D = dt.date


def test_a_class_from_nomination_to_certificates(
    transactional_db: None,
    live_server: Any,
    tree: Tree,
    users: Users,
    page: Page,
    screenshot_dir: Path,
) -> None:
    centre = Provider.objects.create(name="Trung tâm Chính trị tỉnh", organization=tree.province)
    klass = services.create_class(
        by="test",
        kind=CourseKind.objects.get(code="awareness"),
        provider=centre,
        title="Lớp nhận thức 1/2024",
        capacity=2,
        units=[tree.ward_a],
        days=[D(2024, 3, 2), D(2024, 3, 9)],
    )
    names = ["Lê Văn An", "Lê Văn Bình", "Lê Văn Cường"]
    cases = [pool_case(tree, n, f"08719600020{i}") for i, n in enumerate(names)]
    base = live_server.url
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(page, base, "vanphong")
    page.goto(f"{base}/training/{klass.pk}/")
    for name in names:
        page.locator("#nominate label", has_text=name).locator("input").check()
    page.get_by_role("button", name="Cử những người đã chọn").click()
    expect(page.locator(".messages")).to_contain_text("Đã cử 3 người đi học")

    log_in(page, base, "trungtam")
    page.goto(f"{base}/training/{klass.pk}/")
    for name in names:
        page.locator("#enrolments tr", has_text=name).locator("input[type=checkbox]").check()
    page.get_by_role("button", name="Nhận những người đã chọn").click()
    expect(page.locator(".messages")).to_contain_text("Đã nhận 2 người, 1 người chờ lớp sau")
    expect(page.locator("#counts")).to_contain_text("2")
    for form in page.locator("#attendance form").all():
        for box in form.locator("input[type=checkbox]").all():
            box.check()
        form.get_by_role("button", name="Lưu điểm danh").click()
        expect(page.locator(".messages")).to_contain_text("Đã lưu")
    results = page.locator("#results")
    for select in results.locator("select").all():
        select.select_option("passed")
    for mark in results.locator("input[type=text]").all():
        mark.fill("8,5")
    results.get_by_role("button", name="Lưu kết quả").click()
    certificates = page.locator("#certificates")
    certificates.locator("[name='on']").fill("10/03/2024")
    certificates.locator("[name='first_number']").fill("201")
    certificates.get_by_role("button", name="Cấp").click()
    expect(page.locator(".messages")).to_contain_text("Đã cấp 2 giấy chứng nhận")
    page.screenshot(path=str(screenshot_dir / "training-class.png"), full_page=True)

    first = Case.objects.get(pk=cases[0].pk)
    page.goto(f"{base}/admissions/cases/{first.pk}/")
    expect(page.locator("#checklist")).to_contain_text("10/03/2024")
    expect(page.locator("#checklist")).to_contain_text("201/GCN")
