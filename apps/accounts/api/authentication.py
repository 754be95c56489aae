"""How API requests prove who they are: a personal API token (decision
0005), or the browser's session once it passed its second factor. HTTP Basic
is not accepted: it would send the password with every request, pay Argon2
each time and walk around the login's lock-out and second factor."""

from __future__ import annotations

import binascii
import datetime
import ipaddress
from hmac import compare_digest
from typing import Any

from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS
from rest_framework import exceptions
from rest_framework.authentication import SessionAuthentication, get_authorization_header
from rest_framework.request import Request

from apps.common import clock

from .. import twofactor
from ..models import ApiToken
from ..throttle import client_address

# How stale `last_used_at` may get before a request writes it again: one
# write a minute per token, not one per request.
LAST_USE_PRECISION = datetime.timedelta(minutes=1)


def _address_or_none(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


class ApiTokenAuthentication(TokenAuthentication):
    """`Authorization: Bearer ptdv_…` with a token made on the "Security"
    page. The token is looked up by its first 15 characters and compared by
    its SHA-512 digest in constant time; a revoked or expired token, or one
    whose user was disabled, is refused with 401 and a Vietnamese message.
    The request then acts as the token's user, with exactly their scope.
    Without any credentials DRF answers 401 with `WWW-Authenticate: Bearer`.
    """

    def authenticate(self, request: Request) -> tuple[Any, ApiToken] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.authenticate_header(request).lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _(
                    "Authorization header: write “Bearer ” followed by the token, with no other space."
                )
            )
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(self._invalid()) from None
        user, row = self.authenticate_credentials(token)
        self._note_use(row, request)
        return user, row

    @staticmethod
    def _invalid() -> str:
        return _(
            "API token not recognised: check that it was copied whole, or create a new one on "
            "the Security page."
        )

    def authenticate_credentials(self, token: str) -> tuple[Any, ApiToken]:
        try:
            digest = hash_token(token)
        except (TypeError, binascii.Error):
            raise exceptions.AuthenticationFailed(self._invalid()) from None
        candidates = ApiToken.objects.filter(
            token_key=token[: CONSTANTS.TOKEN_KEY_LENGTH]
        ).select_related("user")
        for row in candidates:
            if not compare_digest(digest, row.digest):
                continue
            if row.revoked_at is not None:
                raise exceptions.AuthenticationFailed(
                    _("This API token was revoked on {date}: create a new one.").format(
                        date=row.revoked_at.astimezone(clock.VIETNAM).strftime("%d/%m/%Y")
                    )
                )
            if row.expiry <= clock.now():
                raise exceptions.AuthenticationFailed(
                    _("This API token expired on {date}: create a new one.").format(
                        date=row.expiry.astimezone(clock.VIETNAM).strftime("%d/%m/%Y")
                    )
                )
            if not row.user.is_active:
                raise exceptions.AuthenticationFailed(
                    _("The account of this API token is disabled.")
                )
            return row.user, row
        raise exceptions.AuthenticationFailed(self._invalid())

    @staticmethod
    def _note_use(row: ApiToken, request: Request) -> None:
        now = clock.now()
        if row.last_used_at is None or now - row.last_used_at >= LAST_USE_PRECISION:
            address = _address_or_none(client_address(request._request))
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now, last_used_ip=address)
            row.last_used_at, row.last_used_ip = now, address


class VerifiedSessionAuthentication(SessionAuthentication):
    """The browser's session (with DRF's CSRF check), but only once the
    session passed what the login still asks of it: a session waiting for its
    one-time code, or for the enrolment of one, counts as not logged in."""

    def authenticate(self, request: Request) -> tuple[Any, None] | None:
        result = super().authenticate(request)
        if result is None or twofactor.pending_step(request._request) is not None:
            return None
        return result
