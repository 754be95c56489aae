"""Screenshots of the main pages at a phone's width (390 px) and a laptop's
(1366 px), for the README: docs/screens/<page>-<width>.png.

    DATABASE_URL=sqlite:////tmp/ptdv-screens.sqlite3 .venv/bin/python scripts/screens.py

Builds the demo province as of 15/06/2026 in that database when it is empty
(`migrate` + `load_demo --today 15/06/2026`; refuses a database that already
holds another province), serves the application in this process with the
clock on that day, and drives Debian's Chromium (PTDV_CHROMIUM, default
/usr/bin/chromium) with Playwright. The images are reduced to a 256-colour
palette to keep the repository small.
"""

from __future__ import annotations

import datetime
import os
import sys
import threading
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screens"
DAY = datetime.datetime(2026, 6, 15, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
WIDTHS = {390: 844, 1366: 900}
PASSWORD = "demo-ptdv-2026"

sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["DJANGO_DEBUG"] = "1"
os.environ["PTDV_TWO_FACTOR"] = "0"
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def main() -> None:
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to the database to build the demo in (an empty one).")
    import django
    import time_machine

    django.setup()
    from django.core.management import call_command

    from apps.organizations.models import Organization

    with time_machine.travel(DAY, tick=True):
        call_command("migrate", verbosity=0)
        if not Organization.objects.exists():
            call_command("load_demo", today="15/06/2026")
        elif not Organization.objects.filter(code="CL-P1-CB01").exists():
            sys.exit("The database holds another province: give an empty one.")
        shoot(serve())


def serve() -> str:
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application

    class Quiet(WSGIRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), Quiet)
    server.set_app(get_wsgi_application())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}"


def pages() -> list[tuple[str, str, str]]:
    """(name, login, path) of each page shot."""
    from apps.admissions.models import Case
    from apps.organizations.models import Organization

    cell = Organization.objects.get(code="CL-P1-CB01")
    province = Organization.objects.filter(parent__isnull=True).get()
    case = (
        Case.objects.filter(organization=cell, stage="dossier").order_by("pk").first()
        or Case.objects.filter(organization=cell).order_by("pk").first()
    )
    assert case is not None, "the demo cell has no case"
    return [
        ("board", "bithu_khom1", f"/admissions/units/{cell.pk}/"),
        ("case", "bithu_khom1", f"/admissions/cases/{case.pk}/"),
        ("inbox", "vanphong_caolanh", "/admissions/inbox/"),
        ("dashboard", "bantochuc_tinh", f"/reports/units/{province.pk}/"),
    ]


def shoot(base: str) -> None:
    from PIL import Image
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    chromium = os.environ.get("PTDV_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        for name, login, path in pages():
            for width, height in WIDTHS.items():
                context = browser.new_context(
                    viewport={"width": width, "height": height}, locale="vi-VN"
                )
                page = context.new_page()
                page.goto(f"{base}/accounts/login/")
                page.fill("[name='username']", login)
                page.fill("[name='password']", PASSWORD)
                page.get_by_role("button", name="Đăng nhập").click()
                page.wait_for_url(lambda url: "/accounts/login/" not in url)
                page.goto(base + path)
                page.wait_for_load_state("networkidle")
                target = OUT / f"{name}-{width}.png"
                page.screenshot(path=str(target))
                with Image.open(target) as image:
                    image.convert("RGB").quantize(256).save(target, optimize=True)
                print(f"{target.relative_to(ROOT)}  {target.stat().st_size // 1024} KB")
                context.close()
        browser.close()


if __name__ == "__main__":
    main()
