"""Login throttling: after LOGIN_MAX_FAILURES consecutive failures a username
is locked for LOGIN_LOCK_MINUTES, whatever the password. Kept in the database
so every application server sees the same count."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction

from apps.audit.models import AuditAction
from apps.audit.services import record
from apps.common import clock

from .models import LoginThrottle, User


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def locked_until(username: str) -> datetime.datetime | None:
    row = LoginThrottle.objects.filter(username=_key(username)).first()
    if row and row.locked_until and row.locked_until > clock.now():
        return row.locked_until
    return None


@transaction.atomic
def register_failure(username: str) -> bool:
    """Count a failure; True when this failure locked the username."""
    row, _ = LoginThrottle.objects.select_for_update().get_or_create(username=_key(username))
    row.failures += 1
    just_locked = row.failures >= settings.LOGIN_MAX_FAILURES
    if just_locked:
        row.locked_until = clock.now() + datetime.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
        row.failures = 0
        user = User.objects.filter(username__iexact=username.strip()).first()
        if user is not None:
            record("system", AuditAction.LOCK, user, note=f"until {row.locked_until.isoformat()}")
    row.save()
    return just_locked


def register_success(username: str) -> None:
    LoginThrottle.objects.filter(username=_key(username)).delete()
