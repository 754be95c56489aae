"""Two-step verification: enrolment with a QR code, the code at every login,
recovery codes that work once, an administrator's reset, and the setting
that says who must have it."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from apps.accounts.models import ApiToken
from apps.audit.models import AuditAction, AuditEntry
from apps.common.clock import VIETNAM
from tests.conftest import PASSWORD, Users

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)
REQUIRED = ["org_committee", "auditor", "administrator"]


@pytest.fixture
def required(settings: Any) -> None:
    settings.TWO_FACTOR_REQUIRED_ROLES = REQUIRED


@pytest.fixture
def clock() -> Any:
    with time_machine.travel(T0, tick=False) as traveller:
        yield traveller


def code_for(key_hex: str) -> str:
    return f"{TOTP(bytes.fromhex(key_hex)).token():06d}"


def password_login(username: str, next_url: str = "") -> tuple[Client, Any]:
    client = Client()
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client, client.post(reverse("accounts:login"), data, HTTP_ACCEPT_LANGUAGE="vi")


def enrol(client: Client) -> tuple[str, list[str]]:
    page = client.get(reverse("accounts:two_factor_enrol"))
    key = client.session["ptdv_totp_pending_key"]
    assert page.status_code == 200
    done = client.post(reverse("accounts:two_factor_enrol"), {"code": code_for(key)})
    assert done.status_code == 200, done.content.decode()
    return key, done.context["codes"]


def enrolled_user(username: str, clock: Any) -> tuple[str, list[str]]:
    client, _ = password_login(username)
    key, codes = enrol(client)
    clock.shift(datetime.timedelta(seconds=60))  # the next code is a new one
    return key, codes


def test_a_required_user_is_sent_to_enrolment_after_login(
    users: Users, required: None, clock: Any
) -> None:
    client, response = password_login("kiemtra", next_url="/members/")
    assert response["Location"].startswith(reverse("accounts:two_factor_enrol"))
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:two_factor_enrol"))
    assert client.get("/api/v1/members/").status_code == 401  # not logged in for the API

    page = client.get(reverse("accounts:two_factor_enrol"), HTTP_ACCEPT_LANGUAGE="vi")
    html = page.content.decode()
    assert "<svg" in html and "<script>" not in html and page["Cache-Control"] == "no-store"
    key = client.session["ptdv_totp_pending_key"]
    assert not TOTPDevice.objects.exists()  # nothing stored before it is confirmed

    wrong = client.post(reverse("accounts:two_factor_enrol"), {"code": "000000"})
    assert wrong.status_code == 400 and "000000" in wrong.content.decode()
    done = client.post(
        reverse("accounts:two_factor_enrol"), {"code": code_for(key), "next": "/members/"}
    )
    assert done.status_code == 200 and len(done.context["codes"]) == 10
    assert done["Cache-Control"] == "no-store"
    assert TOTPDevice.objects.get(user=users.auditor).confirmed
    assert client.get("/members/").status_code == 200
    assert AuditEntry.objects.filter(
        action=AuditAction.TWO_FACTOR, object_id=str(users.auditor.pk)
    ).exists()


def test_login_requires_the_code_once_enrolled(users: Users, required: None, clock: Any) -> None:
    key, _codes = enrolled_user("kiemtra", clock)
    client, response = password_login("kiemtra", next_url="/members/")
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.get(reverse("home")).status_code == 302
    assert client.get("/api/v1/members/").status_code == 401

    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "123456"})
    assert wrong.status_code == 400
    assert AuditEntry.objects.filter(
        action=AuditAction.LOGIN_FAILED,
        object_id=str(users.auditor.pk),
        note__contains=reverse("accounts:two_factor_verify"),
    ).exists()
    clock.shift(datetime.timedelta(seconds=5))  # django-otp waits 1 s after a wrong code
    right = client.post(
        reverse("accounts:two_factor_verify"), {"code": code_for(key), "next": "/members/"}
    )
    assert right.status_code == 302 and right["Location"] == "/members/"
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/api/v1/members/").status_code == 200
    # the same code cannot be used twice
    again, _ = password_login("kiemtra")
    replay = again.post(reverse("accounts:two_factor_verify"), {"code": code_for(key)})
    assert replay.status_code == 400


def test_users_who_enrolled_of_their_own_accord_are_asked_too(users: Users, clock: Any) -> None:
    # the requirement is off (the suite's default), the secretary enrols anyway
    client, response = password_login("bithu")
    assert response["Location"] == reverse("home")
    enrol(client)
    clock.shift(datetime.timedelta(seconds=60))
    _client, response = password_login("bithu")
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_a_user_not_required_logs_in_with_the_password_alone(users: Users, required: None) -> None:
    client, response = password_login("bithu")
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_a_recovery_code_works_once(users: Users, required: None, clock: Any) -> None:
    _key, codes = enrolled_user("quantri", clock)
    client, _ = password_login("quantri")
    used = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0].upper()})
    assert used.status_code == 302
    assert StaticToken.objects.filter(device__user=users.administrator).count() == 9
    assert client.get(reverse("home")).status_code == 200
    login = AuditEntry.objects.filter(action=AuditAction.LOGIN).first()
    assert login is not None and "9" in login.note

    clock.shift(datetime.timedelta(seconds=60))
    client, _ = password_login("quantri")
    again = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert again.status_code == 400
    clock.shift(datetime.timedelta(seconds=5))
    assert client.post(reverse("accounts:two_factor_verify"), {"code": codes[1]}).status_code == 302


def test_new_recovery_codes_replace_the_old_ones(users: Users, required: None, clock: Any) -> None:
    key, codes = enrolled_user("quantri", clock)
    client, _ = password_login("quantri")
    client.post(reverse("accounts:two_factor_verify"), {"code": code_for(key)})
    renewed = client.post(reverse("accounts:recovery_codes_renew"))
    assert renewed.status_code == 200 and renewed["Cache-Control"] == "no-store"
    fresh = renewed.context["codes"]
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(fresh)


def test_an_administrator_resets_the_second_factor(
    users: Users, required: None, clock: Any
) -> None:
    enrolled_user("kiemtra", clock)
    key, _ = enrolled_user("quantri", clock)
    admin, _ = password_login("quantri")
    admin.post(reverse("accounts:two_factor_verify"), {"code": code_for(key)})
    url = reverse("accounts:user_reset_two_factor", args=[users.auditor.pk])
    outsider, _ = password_login("quantri_b")  # manages commune B only
    enrol(outsider)
    assert outsider.post(url).status_code == 404

    assert admin.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=users.auditor).exists()
    assert not StaticToken.objects.filter(device__user=users.auditor).exists()
    entry = AuditEntry.objects.filter(
        action=AuditAction.TWO_FACTOR, object_id=str(users.auditor.pk)
    ).first()
    assert entry is not None and entry.actor == users.administrator
    # the auditor sets up a new app at the next login
    _client, response = password_login("kiemtra")
    assert response["Location"].startswith(reverse("accounts:two_factor_enrol"))


def test_an_unverified_session_cannot_replace_the_app(
    users: Users, required: None, clock: Any
) -> None:
    enrolled_user("kiemtra", clock)
    client, _ = password_login("kiemtra")
    response = client.get(reverse("accounts:two_factor_enrol"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))


def test_tokens_are_made_only_from_a_session_that_passed_the_second_factor(
    users: Users, required: None, clock: Any
) -> None:
    client, _ = password_login("kiemtra")
    # not enrolled yet: the gate holds every page but the enrolment
    held = client.post(
        reverse("accounts:token_create"), {"name": "x", "days": "30", "password": PASSWORD}
    )
    assert held.status_code == 302 and not ApiToken.objects.exists()
    # a session logged in some other way without the code is refused too
    direct = Client()
    direct.force_login(users.auditor)
    assert (
        direct.post(
            reverse("accounts:token_create"), {"name": "x", "days": "30", "password": PASSWORD}
        ).status_code
        == 302
    )
    enrol(client)
    made = client.post(
        reverse("accounts:token_create"), {"name": "x", "days": "30", "password": PASSWORD}
    )
    assert made.status_code == 200 and ApiToken.objects.count() == 1


def test_the_requirement_follows_the_environment() -> None:
    root = Path(__file__).resolve().parents[2]

    def roles(**env: str) -> str:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import config.settings as s; print(','.join(s.TWO_FACTOR_REQUIRED_ROLES))",
            ],
            cwd=root,
            env={
                **{k: v for k, v in os.environ.items() if not k.startswith("PTDV_TWO_FACTOR")},
                **env,
            },
            capture_output=True,
            text=True,
            check=True,
        )
        return result.stdout.strip()

    assert roles() == "org_committee,auditor,administrator"
    assert roles(PTDV_TWO_FACTOR="0") == ""
    assert roles(PTDV_TWO_FACTOR_ROLES="committee_staff,administrator") == (
        "committee_staff,administrator"
    )
