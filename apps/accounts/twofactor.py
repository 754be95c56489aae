"""Two-factor authentication: who must have it, whether a session passed it,
and the enrolment secret. The devices are django-otp's: a TOTP device (an
authenticator app, RFC 6238, 30-second codes of 6 digits) and a static
device holding the one-use recovery codes. Writes (enrolment, new recovery
codes, an administrator's reset) are services in `services.py`.

Who: a user holding any role listed in settings.TWO_FACTOR_REQUIRED_ROLES
(default: organisation committee, auditor, administrator — the roles above
the cell that see a whole province or manage users) must enrol; anyone who
enrolled is asked for a code at every login, required or not.
"""

from __future__ import annotations

import base64
import secrets
from enum import StrEnum
from typing import Any

import segno
from django.conf import settings
from django.http import HttpRequest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from .scope import user_grants

PENDING_KEY_SESSION = "ptdv_totp_pending_key"


class Step(StrEnum):
    """What a logged-in session still has to do before using PTĐV."""

    ENROL = "enrol"
    VERIFY = "verify"


def required_for(user: Any) -> bool:
    """Whether one of the user's roles requires a second factor."""
    roles = set(settings.TWO_FACTOR_REQUIRED_ROLES)
    return bool(roles) and any(g.role in roles for g in user_grants(user))


def enrolled(user: Any) -> bool:
    """Whether the user has a confirmed authenticator app."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_verified(user: Any) -> bool:
    """Whether this session passed the second factor (django-otp's
    OTPMiddleware sets `is_verified` on the request's user)."""
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


def pending_step(request: HttpRequest) -> Step | None:
    """The second-factor step the logged-in session still owes: VERIFY when
    the user enrolled and this session has not entered a code, ENROL when
    the user's role requires a second factor they do not have; None when
    the session may go on. Asked on every request (one indexed query:
    the device of a verified session, or whether the user has one), so an enrolment made in another browser or an
    administrator's reset takes effect at once."""
    user: Any = request.user
    if not user.is_authenticated or is_verified(user):
        return None
    if enrolled(user):
        return Step.VERIFY
    return Step.ENROL if required_for(user) else None


def new_secret() -> str:
    """A new TOTP secret: 20 random bytes as hex (django-otp's key format)."""
    return secrets.token_hex(20)


def pending_secret(request: HttpRequest) -> str:
    """The secret being enrolled in this session, made on first use and kept
    in the session (never in the database) until a code confirms it."""
    key = request.session.get(PENDING_KEY_SESSION)
    if not key:
        key = new_secret()
        request.session[PENDING_KEY_SESSION] = key
    return str(key)


def base32(key_hex: str) -> str:
    """The secret as authenticator apps take it when typed by hand, in
    groups of four letters."""
    text = base64.b32encode(bytes.fromhex(key_hex)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def provisioning_uri(user: Any, key_hex: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key_hex).config_url


def qr_svg(uri: str) -> str:
    """The QR code of `uri` as inline SVG markup (no script, no style
    attribute: it passes the content security policy)."""
    return str(
        segno.make(uri, error="m").svg_inline(scale=5, dark="#000", light="#fff", title="QR")
    )


def code_matches(key_hex: str, code: str) -> int | None:
    """The TOTP time step `code` matches for the secret (one step of clock
    drift allowed either way), or None."""
    code = code.strip().replace(" ", "")
    if not code.isdigit() or len(code) != 6:
        return None
    totp = TOTP(bytes.fromhex(key_hex), step=30, t0=0, digits=6, drift=0)
    if totp.verify(int(code), tolerance=1):
        return int(totp.t())
    return None
