"""The lock-out lives in the authentication backend: every way of proving a
password (or a one-time code) counts failures, and a locked username is
refused on every one of them."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from apps.accounts.models import LoginThrottle
from apps.audit.models import AuditAction, AuditEntry
from apps.common.clock import VIETNAM
from tests.conftest import PASSWORD, Users, api_client


def session(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def via_login_form(users: Users, password: str) -> Any:
    return Client().post(reverse("accounts:login"), {"username": "bithu", "password": password})


def via_token_page(users: Users, password: str) -> Any:
    client = Client()
    client.force_login(users.cell_secretary)
    return client.post(
        reverse("accounts:token_create"), {"name": "x", "days": "30", "password": password}
    )


def via_password_page(users: Users, password: str) -> Any:
    client = Client()
    client.force_login(users.cell_secretary)
    return client.post(
        reverse("accounts:password_change"),
        {
            "old_password": password,
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )


def via_api_password(users: Users, password: str) -> Any:
    from apps.accounts.services import create_api_token

    _row, token = create_api_token(users.cell_secretary, by="test", name="x", days=1)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/v1/me/password/",
        {"old_password": password, "new_password": "Mat-khau-moi-2026"},
        content_type="application/json",
    )


PATHS: list[Callable[[Users, str], Any]] = [
    via_login_form,
    via_token_page,
    via_password_page,
    via_api_password,
]


@pytest.mark.parametrize("path", PATHS, ids=[p.__name__ for p in PATHS])
@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=15)
def test_every_way_of_giving_a_password_counts_failures_and_honours_the_lock(
    path: Callable[[Users, str], Any], users: Users
) -> None:
    for _ in range(3):
        assert path(users, "sai-mat-khau").status_code in (200, 400, 403)
    assert LoginThrottle.objects.get(username="bithu").locked_until is not None
    assert AuditEntry.objects.filter(action=AuditAction.LOCK).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 3
    # the right password is refused on every path while locked
    for other in PATHS:
        response = other(users, PASSWORD)
        assert response.status_code in (200, 400, 403), other.__name__
    assert Client().login(username="bithu", password=PASSWORD) is False
    form = via_login_form(users, PASSWORD)
    assert "_auth_user_id" not in form.wsgi_request.session


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=15)
def test_failures_on_different_paths_add_up(users: Users) -> None:
    via_login_form(users, "sai")
    via_token_page(users, "sai")
    via_password_page(users, "sai")
    assert LoginThrottle.objects.get(username="bithu").locked_until is not None


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=15, OTP_TOTP_THROTTLE_FACTOR=0)
def test_wrong_one_time_codes_count_and_lock_the_account(users: Users, settings: Any) -> None:
    settings.TWO_FACTOR_REQUIRED_ROLES = ["auditor"]
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=users.auditor, name="app", key="00" * 20, confirmed=True)
    client = Client()
    client.post(reverse("accounts:login"), {"username": "kiemtra", "password": PASSWORD})
    for _ in range(2):
        assert (
            client.post(reverse("accounts:two_factor_verify"), {"code": "111111"}).status_code
            == 400
        )
    locked = client.post(reverse("accounts:two_factor_verify"), {"code": "111111"})
    assert locked["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in client.session
    assert LoginThrottle.objects.get(username="kiemtra").locked_until is not None


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=15)
def test_a_locked_account_is_told_how_long(users: Users) -> None:
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM), tick=False):
        for _ in range(3):
            via_login_form(users, "sai")
        page = Client().post(
            reverse("accounts:login"),
            {"username": "bithu", "password": PASSWORD},
            HTTP_ACCEPT_LANGUAGE="vi",
        )
    assert "15" in page.content.decode() and "tạm khóa" in page.content.decode()
    # the refused attempt is audited too
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).count() == 4


def test_an_api_token_is_no_way_to_guess_a_password(users: Users) -> None:
    client = api_client(users.cell_secretary)
    for _ in range(10):
        assert client.get("/api/v1/me/").status_code == 200
    assert not LoginThrottle.objects.exists()


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=15)
def test_a_session_waiting_for_its_code_ends_when_the_account_is_locked(users: Users) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.create(user=users.auditor, name="app", key="00" * 20, confirmed=True)
    waiting = Client()
    waiting.post(reverse("accounts:login"), {"username": "kiemtra", "password": PASSWORD})
    for _ in range(3):
        Client().post(reverse("accounts:login"), {"username": "kiemtra", "password": "sai"})
    response = waiting.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    assert response["Location"] == reverse("accounts:login")
    assert "_auth_user_id" not in waiting.session
