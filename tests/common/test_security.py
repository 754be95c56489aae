"""Security issue #11, finding 7: the settings fail closed, and the API
docs page has a content security policy under which it still works."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, Users

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, django
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
django.setup()
try:
    key = bool(settings.SECRET_KEY)
except ImproperlyConfigured:
    key = None
print(json.dumps({"debug": settings.DEBUG, "key": key, "media": str(settings.MEDIA_ROOT),
                  "base": str(settings.BASE_DIR), "redirect": settings.SECURE_SSL_REDIRECT}))
"""


def settings_with(**env: str) -> dict:
    """config.settings as a fresh process sees them with only `env` set."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "PTDV_")) and k != "DATABASE_URL"
    }
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def test_finding_7_debug_is_off_and_media_outside_the_code_unless_asked() -> None:
    production = settings_with()
    assert production["debug"] is False and production["redirect"] is True
    assert production["key"] is None  # no default key: every use of it fails
    media, base = Path(production["media"]), Path(production["base"])
    assert media == Path("/var/lib/ptdv/media") and base not in media.parents
    trial = settings_with(DJANGO_DEBUG="1")
    assert trial["debug"] is True and trial["key"] is True
    assert Path(trial["media"]) == Path(trial["base"]) / "media"
    chosen = settings_with(DJANGO_SECRET_KEY="k" * 50, PTDV_MEDIA_ROOT="/srv/ptdv-files")
    assert chosen["debug"] is False and chosen["key"] is True
    assert chosen["media"] == "/srv/ptdv-files"


def test_finding_7_a_server_without_a_secret_key_refuses_to_start() -> None:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PTDV_"))}
    started = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert started.returncode != 0 and "SECRET_KEY setting must not be empty" in started.stderr


def test_media_inside_the_code_folder_is_flagged_by_the_deploy_check() -> None:
    from apps.common.checks import media_outside_the_code

    assert [w.id for w in media_outside_the_code()] == (
        ["ptdv.W001"] if settings.BASE_DIR in Path(settings.MEDIA_ROOT).parents else []
    )
    from django.test import override_settings

    with override_settings(MEDIA_ROOT=settings.BASE_DIR / "media"):
        assert [w.id for w in media_outside_the_code()] == ["ptdv.W001"]
    with override_settings(MEDIA_ROOT="/var/lib/ptdv/media"):
        assert media_outside_the_code() == []


def test_finding_7_api_docs_have_a_content_security_policy(users: Users) -> None:
    client = Client()
    assert client.login(username=users.province_officer.username, password=PASSWORD)
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    html = response.content.decode()
    # no inline script: every <script> loads a URL of this server
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/' in attrs and not body.strip() for attrs, body in scripts)
    start = re.findall(r'<script src="([^"]+\?[^"]*script[^"]*)"', html)
    assert start, "the start-up script is served from a URL"
    script = client.get(start[0].replace("&amp;", "&"))
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()
    assert script["Content-Type"].startswith("application/javascript")
    # elsewhere styles stay 'self' only
    other = client.get(reverse("home"))["Content-Security-Policy"]
    assert "style-src 'self';" in other and "unsafe-inline" not in other
