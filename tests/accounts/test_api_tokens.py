"""Personal API tokens: made on the Security page, shown once, kept as a
digest, with expiry, revocation and last use, acting with exactly their
user's scope; and the API's rate limits."""

from __future__ import annotations

import datetime
import hashlib
from typing import Any

import time_machine
from django.test import Client, override_settings
from django.urls import reverse

from apps.accounts.models import ApiToken
from apps.audit.models import AuditAction, AuditEntry
from apps.common.clock import VIETNAM
from tests.conftest import PASSWORD, Users, api_client

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=VIETNAM)


def session(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def make_token(client: Client, name: str = "Bảng tính báo cáo", days: str = "30") -> Any:
    return client.post(
        reverse("accounts:token_create"),
        {"name": name, "days": days, "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="vi",
    )


def test_a_token_is_shown_once_and_only_its_digest_is_kept(users: Users) -> None:
    client = session("bithu")
    response = make_token(client)
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = response.context["token"]
    assert token.startswith("ptdv_") and token in response.content.decode()

    row = ApiToken.objects.get(user=users.cell_secretary)
    assert row.digest == hashlib.sha512(token.encode()).hexdigest()
    assert token not in (row.digest, row.token_key, row.name) and token.startswith(row.token_key)
    page = client.get(reverse("accounts:security")).content.decode()
    assert row.token_key in page and token not in page
    assert AuditEntry.objects.filter(
        action=AuditAction.TOKEN_CREATE, object_id=str(users.cell_secretary.pk)
    ).exists()
    used = Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/members/")
    assert used.status_code == 200


def test_a_token_stops_working_when_it_expires(users: Users) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        token = make_token(session("bithu"), days="2").context["token"]
        client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        assert client.get("/api/v1/members/").status_code == 200
        clock.shift(datetime.timedelta(days=2, seconds=1))
        expired = client.get("/api/v1/members/", HTTP_ACCEPT_LANGUAGE="vi")
    assert expired.status_code == 401
    assert "04/03/2026" in expired.json()["detail"]


def test_the_validity_is_between_one_day_and_the_setting(users: Users) -> None:
    client = session("bithu")
    too_long = make_token(client, days="366")
    assert too_long.status_code == 400 and "365" in too_long.content.decode()
    nameless = make_token(client, name="   ")
    assert nameless.status_code == 400
    assert not ApiToken.objects.exists()


def test_a_revoked_token_is_refused_at_once(users: Users) -> None:
    client = session("bithu")
    token = make_token(client).context["token"]
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/members/").status_code == 200
    row = ApiToken.objects.get()
    assert client.post(reverse("accounts:token_revoke", args=[row.pk])).status_code == 302
    assert api.get("/api/v1/members/").status_code == 401
    row.refresh_from_db()
    assert row.revoked_at is not None
    assert AuditEntry.objects.filter(action=AuditAction.TOKEN_REVOKE).count() == 1
    # someone else's token is not found
    other = session("vanphong")
    assert other.post(reverse("accounts:token_revoke", args=[row.pk])).status_code == 404


def test_the_last_use_is_recorded_and_listed(users: Users) -> None:
    with time_machine.travel(T0, tick=False) as clock:
        client = session("bithu")
        token = make_token(client).context["token"]
        row = ApiToken.objects.get()
        assert row.last_used_at is None
        assert "chưa dùng" in client.get(reverse("accounts:security")).content.decode()
        clock.shift(datetime.timedelta(hours=2))
        Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/organizations/")
        row.refresh_from_db()
        assert row.last_used_at == T0 + datetime.timedelta(hours=2)
        assert row.last_used_ip == "127.0.0.1"
        page = client.get(reverse("accounts:security")).content.decode()
    assert "02/03/2026 11:00" in page and "127.0.0.1" in page


def test_a_token_sees_exactly_what_its_user_sees(users: Users, members: dict[str, Any]) -> None:
    staff = api_client(users.commune_staff)
    names = {r["person"]["full_name"] for r in staff.get("/api/v1/members/").json()["results"]}
    assert names == {"Nguyễn Văn Á", "Trần Thị Bích", "Lê Văn Đức"}
    assert staff.get(f"/api/v1/members/{members['b1'].pk}/").status_code == 404
    secretary = api_client(users.cell_secretary)
    units = secretary.get("/api/v1/organizations/").json()["results"]
    assert [u["code"] for u in units] == ["A1"]


def test_missing_or_wrong_credentials_answer_401_with_the_scheme(users: Users) -> None:
    missing = Client().get("/api/v1/members/")
    assert missing.status_code == 401 and missing["WWW-Authenticate"] == "Bearer"
    wrong = Client(HTTP_AUTHORIZATION="Bearer ptdv_0000000000000000").get(
        "/api/v1/members/", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert wrong.status_code == 401 and "Bảo mật" in wrong.json()["detail"]


def test_the_browser_session_still_reads_the_api(users: Users) -> None:
    assert session("bithu").get("/api/v1/organizations/").status_code == 200


@override_settings(API_THROTTLE_RATES={"user": "3/minute", "ip": "100/minute"})
def test_the_api_is_throttled_per_user(users: Users) -> None:
    first = api_client(users.cell_secretary)
    second = api_client(users.cell_secretary)  # another token of the same user
    for client in (first, first, second):
        assert client.get("/api/v1/organizations/").status_code == 200
    throttled = second.get("/api/v1/organizations/")
    assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0
    assert api_client(users.commune_staff).get("/api/v1/organizations/").status_code == 200


@override_settings(API_THROTTLE_RATES={"user": "100/minute", "ip": "4/minute"})
def test_the_api_is_throttled_per_address(users: Users) -> None:
    for who in ("cell_secretary", "commune_staff", "auditor", "outsider"):
        assert api_client(getattr(users, who)).get("/api/v1/organizations/").status_code == 200
    late = api_client(users.admin_b)
    assert late.get("/api/v1/organizations/").status_code == 429
    assert late.get("/api/v1/organizations/", REMOTE_ADDR="192.0.2.9").status_code == 200


def test_an_administrator_revokes_a_token_of_a_user_they_manage(users: Users) -> None:
    token = make_token(session("bithu")).context["token"]
    row = ApiToken.objects.get()
    url = reverse("accounts:user_token_revoke", args=[users.cell_secretary.pk, row.pk])
    assert session("quantri_b").post(url).status_code == 404
    assert session("quantri").post(url).status_code == 302
    assert Client(HTTP_AUTHORIZATION=f"Bearer {token}").get("/api/v1/me/").status_code == 401
    entry = AuditEntry.objects.get(action=AuditAction.TOKEN_REVOKE)
    assert entry.actor == users.administrator
