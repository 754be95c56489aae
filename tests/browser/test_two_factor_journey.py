"""An administrator whose role requires two-step verification logs in for
the first time: sets up the app from the QR code page, keeps the recovery
codes, then makes an API token on the Security page — in the browser, with
the content security policy in force."""

from pathlib import Path
from typing import Any

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD, Users

pytestmark = pytest.mark.browser


def test_an_administrator_sets_up_two_step_verification_and_makes_a_token(
    transactional_db: None,
    live_server: Any,
    users: Users,
    page: Page,
    settings: Any,
    screenshot_dir: Path,
) -> None:
    settings.TWO_FACTOR_REQUIRED_ROLES = ["administrator"]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()

    expect(page.get_by_role("heading", name="Thiết lập xác thực hai bước")).to_be_visible()
    expect(page.locator("#totp-qr svg")).to_be_visible()
    page.screenshot(path=str(screenshot_dir / "two-factor-enrol-phone.png"), full_page=True)
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    import base64

    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Mã ứng dụng hiển thị").fill(f"{TOTP(key).token():06d}")
    page.get_by_role("button", name="Xác nhận").click()

    expect(page.get_by_role("heading", name="Mã khôi phục")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    page.get_by_role("link", name="Tôi đã chép lại").click()
    expect(page.get_by_role("heading", name="Đơn vị của tôi")).to_be_visible()

    page.get_by_role("button", name="Danh mục").click()  # the folded menu of a phone
    page.get_by_role("link", name="Bảo mật").click()
    page.get_by_label("Tên").fill("Bảng tính báo cáo tháng")
    page.get_by_label("Mật khẩu của bạn").fill(PASSWORD)
    page.get_by_role("button", name="Tạo mã truy cập").click()
    token = page.locator("#api-token").inner_text()
    assert token.startswith("ptdv_")
    page.get_by_role("link", name="Về trang Bảo mật").click()
    expect(page.locator("#token-table")).to_contain_text("Bảng tính báo cáo tháng")
    expect(page.locator("#token-table")).not_to_contain_text(token)
    page.screenshot(path=str(screenshot_dir / "security-page-phone.png"), full_page=True)
    assert not [e for e in errors if "Content Security Policy" in e], errors
