"""Writes of the accounts app: users, roles, logins, second factors and API
tokens. Each runs in one transaction and writes its audit row."""

from __future__ import annotations

import datetime

from django.contrib.auth import logout as auth_logout
from django.contrib.auth.hashers import identify_hasher
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from knox.models import get_digest_token

from apps.audit.models import AuditAction
from apps.audit.services import Actor, record
from apps.common import clock
from apps.organizations.models import Organization

from . import twofactor
from .models import ApiToken, RoleAssignment, User
from .throttle import client_address


@transaction.atomic
def create_user(
    *, by: Actor, username: str, full_name: str, password: str = "", password_hash: str = ""
) -> User:
    """A new account with a temporary password (changed at the first login).
    `by` is remembered: until the account has a role, only its creator or an
    administrator at a root unit may manage it. `password_hash`, a hash made
    by `make_password`, spares a batch of accounts with one shared password
    (the demo's) the deliberately slow hashing each time; ValueError if it is
    not such a hash."""
    user = User(
        username=username,
        full_name=full_name,
        must_change_password=True,
        created_by=by if isinstance(by, User) else None,
    )
    if password_hash:
        identify_hasher(password_hash)  # ValueError for anything else
        user.password = password_hash
    else:
        user.set_password(password)
    user.save()
    record(
        by, AuditAction.CREATE, user, {"username": [None, username], "full_name": [None, full_name]}
    )
    return user


@transaction.atomic
def set_password(user: User, *, by: Actor, password: str, temporary: bool) -> User:
    """Set the password; `temporary` makes the user choose a new one before
    anything else (web pages and API alike)."""
    user.set_password(password)
    user.must_change_password = temporary
    user.save(update_fields=["password", "must_change_password"])
    record(by, AuditAction.PASSWORD, user, note="temporary" if temporary else "changed by the user")
    return user


@transaction.atomic
def grant_role(user: User, *, by: Actor, organization: Organization, role: str) -> RoleAssignment:
    """Grant `role` at `organization` (covering its subtree)."""
    if RoleAssignment.objects.filter(user=user, organization=organization, role=role).exists():
        raise ValidationError({"role": _("Role: the user already has this role at this unit.")})
    grant = RoleAssignment.objects.create(user=user, organization=organization, role=role)
    record(by, AuditAction.GRANT, user, {"role": [None, f"{role}@{organization.code}"]})
    return grant


@transaction.atomic
def revoke_role(grant: RoleAssignment, *, by: Actor) -> None:
    """Take a grant back."""
    record(
        by,
        AuditAction.REVOKE,
        grant.user,
        {"role": [f"{grant.role}@{grant.organization.code}", None]},
    )
    grant.delete()


# Logins ---------------------------------------------------------------------


@transaction.atomic
def record_login(user: User, *, request: HttpRequest, factors: str) -> None:
    """Audit a successful login step; `factors` says which (the password,
    the one-time code, a recovery code), in the reader's words."""
    record(
        user,
        AuditAction.LOGIN,
        user,
        note=_("{factors} at {where} from {address}.").format(
            factors=factors, where=request.path, address=client_address(request)
        ),
    )


def log_out(request: HttpRequest) -> None:
    """End the session, audited (when someone was logged in)."""
    user = request.user
    if user.is_authenticated:
        with transaction.atomic():
            record(
                user,
                AuditAction.LOGOUT,
                user,
                note=_("From {address}.").format(address=client_address(request)),
            )
    auth_logout(request)


# Second factor --------------------------------------------------------------


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = []
    for _i in range(_recovery_count()):
        code = StaticToken.random_token()
        StaticToken.objects.create(device=device, token=code)
        codes.append(code)
    return codes


def _recovery_count() -> int:
    from django.conf import settings

    return int(settings.TWO_FACTOR_RECOVERY_CODES)


@transaction.atomic
def enrol_totp(request: HttpRequest, *, key_hex: str, code: str) -> list[str]:
    """Confirm the authenticator app of the logged-in user: `code` must be
    the app's current code for the secret shown (RFC 6238, one 30-second
    step of drift allowed). Replaces any earlier app and recovery codes,
    marks this session as verified, and returns the new recovery codes —
    shown once, never again.

    Raises ValidationError on the field "code" when the code does not match.
    """
    user: User = request.user  # type: ignore[assignment]
    step = twofactor.code_matches(key_hex, code)
    if step is None:
        raise ValidationError(
            {
                "code": _(
                    "Code: “{value}” is not the code your app shows for this key. Type the "
                    "6 digits it shows now (they change every 30 seconds); if it still fails, "
                    "check that the phone's clock is set automatically."
                ).format(value=code.strip())
            }
        )
    replaced = TOTPDevice.objects.filter(user=user).delete()[0] > 0
    device = TOTPDevice.objects.create(
        user=user, name="app", key=key_hex, confirmed=True, last_t=step
    )
    codes = _new_recovery_codes(user)
    record(
        user,
        AuditAction.TWO_FACTOR,
        user,
        {"two_factor": [_("replaced") if replaced else None, _("authenticator app")]},
        note=_("{count} recovery codes issued.").format(count=len(codes)),
    )
    otp_login(request, device)
    request.session.pop(twofactor.PENDING_KEY_SESSION, None)
    return codes


@transaction.atomic
def renew_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working) and
    return the new ones, to be shown once."""
    codes = _new_recovery_codes(user)
    record(
        user,
        AuditAction.TWO_FACTOR,
        user,
        note=_("{count} new recovery codes issued; the old ones no longer work.").format(
            count=len(codes)
        ),
    )
    return codes


@transaction.atomic
def reset_two_factor(user: User, *, by: Actor) -> None:
    """An administrator's reset for a user who lost their phone: remove the
    app and the recovery codes. A user whose role requires a second factor
    enrols again at the next login."""
    apps = TOTPDevice.objects.filter(user=user).delete()[0]
    StaticDevice.objects.filter(user=user).delete()
    if not apps:
        raise ValidationError(_("This user has no authenticator app to reset."))
    record(
        by,
        AuditAction.TWO_FACTOR,
        user,
        {"two_factor": [_("authenticator app"), None]},
        note=_("Reset by an administrator: the app and the recovery codes were removed."),
    )


# API tokens -----------------------------------------------------------------


@transaction.atomic
def create_api_token(user: User, *, by: Actor, name: str, days: int) -> tuple[ApiToken, str]:
    """A new API token for `user`, valid `days` days. Returns the row and the
    token itself, which exists only in this return value: the database keeps
    its SHA-512 digest, so it can be shown once and never again."""
    from django.conf import settings

    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Name: say what the token is for, e.g. “Excel report”.")})
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "days": _("Valid for: {value} days is outside 1 to {max} days.").format(
                    value=days, max=settings.API_TOKEN_MAX_DAYS
                )
            }
        )
    digest, token = get_digest_token()
    row = ApiToken.objects.create(
        user=user,
        name=name,
        digest=digest,
        token_key=token[:15],
        expiry=clock.now() + datetime.timedelta(days=days),
    )
    record(
        by,
        AuditAction.TOKEN_CREATE,
        user,
        {"api_token": [None, str(row)]},
        note=_("Valid until {date}.").format(
            date=row.expiry.astimezone(clock.VIETNAM).strftime("%d/%m/%Y %H:%M")
        ),
    )
    return row, token


@transaction.atomic
def revoke_api_token(token: ApiToken, *, by: Actor) -> ApiToken:
    """Revoke a token at once; the row stays, marked, for the list and the
    audit."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise ValidationError(_("This token was already revoked."))
    token.revoked_at = clock.now()
    token.save(update_fields=["revoked_at"])
    record(by, AuditAction.TOKEN_REVOKE, token.user, {"api_token": [str(token), None]})
    return token
