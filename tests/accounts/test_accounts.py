import datetime
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import LoginThrottle, Role, RoleAssignment, User
from apps.audit.models import AuditAction, AuditEntry
from tests.conftest import PASSWORD, Tree, Users, make_user


def post_login(client: Client, username: str, password: str):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        HTTP_ACCEPT_LANGUAGE="vi",
    )


def test_passwords_are_hashed_with_argon2(db: None) -> None:
    from config import settings as production

    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        user = make_user("argon", Role.CELL_SECRETARY, None)
    assert user.password.startswith("argon2")


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=15)
def test_repeated_failures_lock_the_account_even_for_the_right_password(users: Users) -> None:
    client = Client()
    for _ in range(2):
        assert post_login(client, "bithu", "wrong").status_code == 200
    locked = post_login(client, "bithu", "wrong")
    assert "tạm khóa" in locked.content.decode()
    refused = post_login(client, "bithu", PASSWORD)
    assert refused.status_code == 200 and "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(
        action=AuditAction.LOCK, object_id=str(users.cell_secretary.pk)
    ).exists()


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=15)
def test_the_lock_ends_after_its_time(users: Users) -> None:
    LoginThrottle.objects.create(
        username="bithu", failures=0, locked_until=timezone.now() - datetime.timedelta(seconds=1)
    )
    client = Client()
    assert post_login(client, "bithu", PASSWORD).status_code == 302


def test_a_successful_login_resets_the_failure_count(users: Users) -> None:
    client = Client()
    post_login(client, "bithu", "wrong")
    assert LoginThrottle.objects.get(username="bithu").failures == 1
    assert post_login(client, "bithu", PASSWORD).status_code == 302
    assert not LoginThrottle.objects.filter(username="bithu").exists()


def test_an_administrator_reset_forces_a_new_password(users: Users) -> None:
    admin = Client()
    admin.login(username="quantri", password=PASSWORD)
    response = admin.post(
        reverse("accounts:user_reset_password", args=[users.cell_secretary.pk]),
        {"password": "Tam-thoi-2026-xyz"},
    )
    assert response.status_code == 302
    target = User.objects.get(pk=users.cell_secretary.pk)
    assert target.must_change_password

    client = Client()
    assert client.login(username="bithu", password="Tam-thoi-2026-xyz")
    assert client.get(reverse("home"))["Location"].startswith(reverse("accounts:password_change"))
    changed = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Tam-thoi-2026-xyz",
            "new_password1": "Mat-khau-moi-2026",
            "new_password2": "Mat-khau-moi-2026",
        },
    )
    assert changed.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert (
        AuditEntry.objects.filter(action=AuditAction.PASSWORD, object_id=str(target.pk)).count()
        == 2
    )


def test_an_administrator_grants_only_at_units_in_their_scope(tree: Tree, users: Users) -> None:
    admin_b = Client()
    admin_b.login(username="quantri_b", password=PASSWORD)
    new_user = admin_b.post(
        reverse("accounts:user_create"),
        {"username": "moi", "full_name": "Người Mới", "password": "Mat-khau-2026-abc"},
    )
    assert new_user.status_code == 302
    user = User.objects.get(username="moi")
    refused = admin_b.post(
        reverse("accounts:user_grant", args=[user.pk]),
        {"organization": tree.cell_a1.pk, "role": "cell_secretary"},
    )
    assert refused.status_code == 400
    assert not RoleAssignment.objects.filter(user=user).exists()
    granted = admin_b.post(
        reverse("accounts:user_grant", args=[user.pk]),
        {"organization": tree.cell_b1.pk, "role": "cell_secretary"},
    )
    assert granted.status_code == 302
    assert RoleAssignment.objects.get(user=user).organization == tree.cell_b1


def test_logout_needs_a_post(users: Users) -> None:
    client = Client()
    client.login(username="bithu", password=PASSWORD)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302


def test_accounts_can_share_one_prepared_hash_but_never_a_plain_password(db: Any) -> None:
    from django.contrib.auth.hashers import make_password

    from apps.accounts.services import create_user

    shared = make_password("mat-khau-chung-2026")
    a = create_user(by="test", username="mot", full_name="Một", password_hash=shared)
    b = create_user(by="test", username="hai", full_name="Hai", password_hash=shared)
    assert a.check_password("mat-khau-chung-2026") and b.check_password("mat-khau-chung-2026")
    with pytest.raises(ValueError):
        create_user(by="test", username="ba", full_name="Ba", password_hash="mat-khau-tho")
