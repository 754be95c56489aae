import datetime

from django import forms
from django.conf import settings
from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from django.template import Context, Template
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.module_loading import import_string

from apps.common.forms import VNDateField
from tests.conftest import PASSWORD, Users


def test_dates_are_read_day_first_in_vietnamese_and_english() -> None:
    for lang in ("vi", "en"):
        with translation.override(lang):
            assert VNDateField().clean("05/03/2026") == datetime.date(2026, 3, 5)


def test_an_impossible_date_is_refused_with_a_vietnamese_message() -> None:
    with translation.override("vi"):
        field = VNDateField()
        try:
            field.clean("13/13/2026")
        except Exception as exc:
            assert "dd/mm/yyyy" in str(exc)
        else:
            raise AssertionError("13/13/2026 was accepted")


def test_numbers_use_dots_for_thousands_and_dates_dd_mm_yyyy() -> None:
    out = Template("{{ n|num }} {{ d|vdate }} {{ y }}").render(
        Context({"n": 4749, "d": datetime.date(2026, 3, 5), "y": 2026})
    )
    assert out == "4.749 05/03/2026 2026"


def test_pages_are_vietnamese_by_default(users: Users) -> None:
    client = Client()
    client.login(username="bithu", password=PASSWORD)
    # even from a browser set up in English
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đơn vị của tôi" in html
    assert '<html lang="vi">' in html


def test_english_is_available(users: Users) -> None:
    client = Client()
    client.login(username="bithu", password=PASSWORD)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "My units" in client.get(reverse("home")).content.decode()


def test_security_headers_are_set(users: Users) -> None:
    response = Client().get(reverse("accounts:login"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_home_page_shows_the_users_scope(users: Users, members: dict) -> None:
    client = Client()
    client.login(username="bantochuc", password=PASSWORD)
    units = client.get(reverse("home")).context["units"]
    assert [(u["org"].code, u["members"], u["cells"]) for u in units] == [("T99", 4, 3)]


@override_settings(PTDV_VERSION="9.8.7", SUPPORT_EMAIL="hotro@example.org", SUPPORT_PHONE="")
def test_every_page_has_a_skip_link_a_folding_menu_and_a_footer(users: Users) -> None:
    client = Client()
    client.login(username="bithu", password=PASSWORD)
    html = client.get(reverse("home")).content.decode()
    assert 'href="#main"' in html and 'id="main"' in html
    assert 'aria-controls="menu"' in html and 'id="menu"' in html
    assert "phiên bản 9.8.7" in html
    assert 'href="mailto:hotro@example.org"' in html
    assert "tel:" not in html
    # the login page too, before anyone is known
    assert "phiên bản 9.8.7" in Client().get(reverse("accounts:login")).content.decode()


def test_chart_js_is_loaded_only_on_the_dashboard(users: Users) -> None:
    client = Client()
    client.login(username="bithu", password=PASSWORD)
    assert "vendor/chart-" not in client.get(reverse("home")).content.decode()
    assert "vendor/chart-" not in client.get(reverse("members:list")).content.decode()


def test_the_static_files_are_served_compressed_by_whitenoise() -> None:
    assert "whitenoise.middleware.WhiteNoiseMiddleware" in settings.MIDDLEWARE
    storage = import_string("whitenoise.storage.CompressedManifestStaticFilesStorage")
    assert issubclass(storage, ManifestStaticFilesStorage)


def test_form_errors_are_summarised_and_tied_to_their_inputs() -> None:
    class F(forms.Form):
        day = VNDateField(label="Ngày họp", help_text="Ngày chi bộ họp.")

    with translation.override("vi"):
        form = F({"day": "31/02/2026"})
        form.is_valid()
        html = render_to_string("includes/form.html", {"form": form})
    assert 'class="error-summary"' in html and 'href="#id_day"' in html
    assert 'aria-describedby="id_day_helptext id_day_error"' in html
    assert 'id="id_day_helptext"' in html and 'id="id_day_error"' in html
    assert 'aria-invalid="true"' in html
    assert "Không có ngày 31/02/2026" in html
