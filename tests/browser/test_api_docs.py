"""The API docs (Swagger UI) work in Chromium under their content security
policy (security issue #11, finding 7): the operations are listed and the
browser reports no blocked script."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_scope_journey import log_in
from tests.conftest import Users

pytestmark = pytest.mark.browser


def test_the_api_docs_render_under_their_content_security_policy(
    transactional_db: None, live_server: Any, users: Users, page: Page
) -> None:
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    log_in(page, live_server.url, "bantochuc")
    response = page.goto(f"{live_server.url}/api/docs/")
    assert (
        response is not None and "script-src 'self'" in response.headers["content-security-policy"]
    )
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("PTĐV API")
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    expect(page.get_by_text("/api/v1/cases/", exact=True).first).to_be_visible()
    assert blocked == []
