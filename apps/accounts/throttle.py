"""Login throttling: after LOGIN_MAX_FAILURES consecutive failures a username
is locked for LOGIN_LOCK_MINUTES, whatever the password. Kept in the database
so every application server sees the same count.

Failures are counted by the authentication backend (`backends.py`) for every
password check, and by the second-factor step for every wrong code; each one
is written to the audit log with the address and the page it came from.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.audit.models import AuditAction
from apps.audit.services import record
from apps.common import clock

from .models import LoginThrottle, User


def _key(username: str) -> str:
    return username.strip().lower()[:150]


def client_address(request: HttpRequest | None) -> str:
    """The client's address as the server saw it ("—" without a request).
    Proxies are trusted only as far as DRF's NUM_PROXIES setting says, the
    same rule the API's per-address throttle applies."""
    if request is None:
        return "—"
    from rest_framework.settings import api_settings

    remote = str(request.META.get("REMOTE_ADDR", "") or "—")
    hops = api_settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if hops and forwarded:
        addresses = [a.strip() for a in str(forwarded).split(",") if a.strip()]
        if addresses:
            return addresses[-min(hops, len(addresses))]
    return remote


def _where(request: HttpRequest | None) -> str:
    return request.path if request is not None else "—"


def locked_until(username: str) -> datetime.datetime | None:
    """The end of the username's lock, or None when it may log in."""
    row = LoginThrottle.objects.filter(username=_key(username)).first()
    if row and row.locked_until and row.locked_until > clock.now():
        return row.locked_until
    return None


def _subject(username: str, row: LoginThrottle) -> User | LoginThrottle:
    """What the audit row is about: the account when the username exists,
    else the counter of the unknown username."""
    return User.objects.filter(username__iexact=username.strip()).first() or row


@transaction.atomic
def register_failure(
    username: str, *, request: HttpRequest | None = None, reason: str = ""
) -> bool:
    """Count a failure (a wrong password or one-time code) and audit it;
    True when this failure locked the username."""
    row, _created = LoginThrottle.objects.select_for_update().get_or_create(username=_key(username))
    row.failures += 1
    just_locked = row.failures >= settings.LOGIN_MAX_FAILURES
    if just_locked:
        row.locked_until = clock.now() + datetime.timedelta(minutes=settings.LOGIN_LOCK_MINUTES)
        row.failures = 0
    row.save()
    subject = _subject(username, row)
    address = client_address(request)
    record(
        address,
        AuditAction.LOGIN_FAILED,
        subject,
        note=reason
        or _("Wrong password at {where} from {address}.").format(
            where=_where(request), address=address
        ),
    )
    if just_locked and row.locked_until is not None:
        record("system", AuditAction.LOCK, subject, note=f"until {row.locked_until.isoformat()}")
    return just_locked


@transaction.atomic
def register_refusal(username: str, *, request: HttpRequest | None = None) -> None:
    """Audit an attempt refused because the username is locked."""
    row, _created = LoginThrottle.objects.get_or_create(username=_key(username))
    address = client_address(request)
    record(
        address,
        AuditAction.LOGIN_FAILED,
        _subject(username, row),
        note=_("Refused at {where} from {address}: the account is locked.").format(
            where=_where(request), address=address
        ),
    )


def register_success(username: str) -> None:
    """Clear the username's failure count after a right password."""
    LoginThrottle.objects.filter(username=_key(username)).delete()
