"""One test per finding of the security review (issue #11) that this part
fixes, named after it: each failed before the fix and passes after."""

from __future__ import annotations

import base64
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import reverse

from apps.accounts.models import ApiToken, LoginThrottle, Role, User
from apps.accounts.services import grant_role, set_password
from apps.audit.models import AuditAction, AuditEntry
from apps.organizations.models import Organization
from tests.conftest import PASSWORD, Tree, Users, api_client, make_user


def logged_in(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def basic(username: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


# Finding 4 — a commune administrator could take over a province account.


def test_finding_4_ward_admin_cannot_manage_a_province_user(tree: Tree, users: Users) -> None:
    ward_admin = make_user("quantri_a", Role.ADMINISTRATOR, tree.ward_a)
    auditor = users.auditor  # province-wide auditor …
    grant_role(
        auditor, by="test", organization=tree.cell_a1, role=Role.CELL_SECRETARY
    )  # … and a cell
    client = logged_in(ward_admin.username)

    assert client.get(reverse("accounts:user_detail", args=[auditor.pk])).status_code == 404
    reset = client.post(
        reverse("accounts:user_reset_password", args=[auditor.pk]),
        {"password": "Chiem-quyen-2026-xyz"},
    )
    assert reset.status_code == 404
    auditor.refresh_from_db()
    assert auditor.check_password(PASSWORD) and not auditor.must_change_password
    listed = client.get(reverse("accounts:user_list")).context["users"]
    assert auditor not in listed and users.cell_secretary in listed
    # a user whose every grant is in the ward stays the ward administrator's
    assert (
        client.get(reverse("accounts:user_detail", args=[users.cell_secretary.pk])).status_code
        == 200
    )
    # the province administrator still manages the auditor
    assert (
        logged_in("quantri").get(reverse("accounts:user_detail", args=[auditor.pk])).status_code
        == 200
    )


def test_a_user_without_a_role_is_managed_by_its_creator_or_a_root_administrator(
    tree: Tree, users: Users
) -> None:
    ward_admin = make_user("quantri_a", Role.ADMINISTRATOR, tree.ward_a)
    created = logged_in("quantri_b").post(
        reverse("accounts:user_create"),
        {"username": "moi_b", "full_name": "Người Mới", "password": "Mat-khau-2026-abc"},
    )
    assert created.status_code == 302
    new = User.objects.get(username="moi_b")
    assert new.created_by == users.admin_b
    detail = reverse("accounts:user_detail", args=[new.pk])
    assert logged_in("quantri_b").get(detail).status_code == 200
    assert logged_in(ward_admin.username).get(detail).status_code == 404
    assert logged_in("quantri").get(detail).status_code == 200  # root administrator
    # users made before creators were recorded: only a root administrator
    orphan = make_user("cu")
    assert (
        logged_in("quantri_b").get(reverse("accounts:user_detail", args=[orphan.pk])).status_code
        == 404
    )
    assert (
        logged_in("quantri").get(reverse("accounts:user_detail", args=[orphan.pk])).status_code
        == 200
    )


# Finding 5 — HTTP Basic walked around the login protections.


@override_settings(LOGIN_MAX_FAILURES=3)
def test_finding_5_basic_auth_is_refused(users: Users) -> None:
    right = Client().get("/api/v1/members/", HTTP_AUTHORIZATION=basic("bithu", PASSWORD))
    assert right.status_code == 401 and right["WWW-Authenticate"] == "Bearer"
    for _ in range(30):
        wrong = Client().get("/api/v1/members/", HTTP_AUTHORIZATION=basic("bithu", "sai"))
        assert wrong.status_code == 401
    # no password was even checked: Basic is no way in, so nothing to guess
    assert not LoginThrottle.objects.exists()


def test_finding_5_the_api_never_checks_a_password_per_request(users: Users) -> None:
    client = api_client(users.cell_secretary)
    with mock.patch.object(User, "check_password", side_effect=AssertionError("hashed")):
        for _ in range(3):
            assert client.get("/api/v1/members/").status_code == 200


@override_settings(LOGIN_MAX_FAILURES=3)
def test_finding_5_locked_account_cannot_use_the_api(users: Users) -> None:
    client = api_client(users.cell_secretary)
    assert client.get("/api/v1/members/").status_code == 200
    for _ in range(3):
        Client().post(reverse("accounts:login"), {"username": "bithu", "password": "sai"})

    refused = client.get("/api/v1/members/", HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 403
    assert "khóa" in refused.json()["detail"]
    basic_right = Client().get("/api/v1/members/", HTTP_AUTHORIZATION=basic("bithu", PASSWORD))
    assert basic_right.status_code == 401
    # and no new token can be made with the right password while locked
    session = Client()
    session.force_login(users.cell_secretary)
    made = session.post(
        reverse("accounts:token_create"), {"name": "x", "days": "30", "password": PASSWORD}
    )
    assert made.status_code == 400 and "khóa" in made.content.decode()
    assert ApiToken.objects.filter(user=users.cell_secretary).count() == 1


def test_finding_5_must_change_password_blocks_the_api(users: Users) -> None:
    client = api_client(users.cell_secretary)
    set_password(
        users.cell_secretary, by=users.administrator, password="Tam-thoi-2026-xyz", temporary=True
    )

    blocked = client.get("/api/v1/members/", HTTP_ACCEPT_LANGUAGE="vi")
    assert blocked.status_code == 403
    assert "mật khẩu" in blocked.json()["detail"]
    assert client.get("/api/v1/cases/").status_code == 403
    # what the user needs to change it stays open
    me = client.get("/api/v1/me/")
    assert me.status_code == 200 and me.json()["must_change_password"] is True
    changed = client.post(
        "/api/v1/me/password/",
        {"old_password": "Tam-thoi-2026-xyz", "new_password": "Mat-khau-moi-2026"},
        content_type="application/json",
    )
    assert changed.status_code == 204, changed.content
    assert client.get("/api/v1/members/").status_code == 200
    # a browser session is held on the password page as before
    session = Client()
    session.force_login(User.objects.get(pk=users.commune_staff.pk))
    User.objects.filter(pk=users.commune_staff.pk).update(must_change_password=True)
    assert session.get("/api/v1/members/").status_code == 403
    assert session.get(reverse("home"))["Location"].startswith(reverse("accounts:password_change"))


# Finding 6 — logins left no audit row.


def test_finding_6_login_is_audited(users: Users) -> None:
    user = users.cell_secretary
    client = Client()
    client.post(reverse("accounts:login"), {"username": "bithu", "password": "sai"})
    failed = AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED, object_id=str(user.pk))
    assert failed.actor is None and failed.actor_label == "127.0.0.1"
    assert "/accounts/login/" in failed.note

    assert (
        client.post(
            reverse("accounts:login"), {"username": "bithu", "password": PASSWORD}
        ).status_code
        == 302
    )
    login = AuditEntry.objects.get(action=AuditAction.LOGIN, object_id=str(user.pk))
    assert login.actor == user and "127.0.0.1" in login.note

    client.post(reverse("accounts:logout"))
    assert AuditEntry.objects.filter(
        action=AuditAction.LOGOUT, object_id=str(user.pk), actor=user
    ).exists()
    # an unknown username is recorded too, on its failure counter
    client.post(reverse("accounts:login"), {"username": "khong-co", "password": "sai"})
    assert AuditEntry.objects.filter(
        action=AuditAction.LOGIN_FAILED, object_repr__startswith="khong-co"
    ).exists()


# Finding 7 — commune staff edited their own commune's competence settings.


def test_finding_7_commune_staff_cannot_edit_own_competence(tree: Tree, users: Users) -> None:
    url = reverse("organizations:edit", args=[tree.ward_a.pk])
    staff = logged_in("vanphong")
    form = staff.get(url)
    assert form.status_code == 200 and "decision_body" not in form.context["form"].fields
    refused = staff.post(
        url,
        {
            "code": "A",
            "decision_body": "grassroots_committee",
            "decision_threshold": "majority",
        },
    )
    assert refused.status_code == 403
    ward = Organization.objects.get(pk=tree.ward_a.pk)
    assert ward.decision_body == "" and ward.decision_threshold == ""
    # the unit's other settings stay theirs
    assert staff.post(url, {"code": "A-1"}).status_code == 302
    assert Organization.objects.get(pk=tree.ward_a.pk).code == "A-1"
    # the level above sets it
    officer = logged_in("bantochuc")
    done = officer.post(
        url,
        {
            "code": "A-1",
            "decision_body": "grassroots_committee",
            "decision_threshold": "two_thirds",
        },
    )
    assert done.status_code == 302
    ward.refresh_from_db()
    assert (ward.decision_body, ward.decision_threshold) == ("grassroots_committee", "two_thirds")


def test_the_root_competence_is_set_by_a_root_administrator_only(tree: Tree, users: Users) -> None:
    url = reverse("organizations:edit", args=[tree.province.pk])
    body = {"code": "T99", "decision_body": "province_standing", "decision_threshold": "majority"}
    assert logged_in("bantochuc").post(url, body).status_code == 403
    assert logged_in("quantri").post(url, body).status_code == 302
    assert Organization.objects.get(pk=tree.province.pk).decision_body == "province_standing"


def test_the_service_refuses_competence_from_the_unit_itself(tree: Tree, users: Users) -> None:
    from apps.organizations.services import update_organization

    with pytest.raises(PermissionDenied):
        update_organization(tree.ward_a, by=users.commune_staff, decision_body="province_standing")
    update_organization(tree.cell_a1, by=users.commune_staff, decision_body="grassroots_committee")
    assert Organization.objects.get(pk=tree.cell_a1.pk).decision_body == "grassroots_committee"
