"""The one authentication backend: every password check of PTĐV passes here,
so the lock-out counts the failures of every way in (the login form, the API
token page, the password change, the API's password change) and refuses a
locked username whichever way it comes."""

from __future__ import annotations

from typing import Any

from asgiref.sync import sync_to_async
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from . import throttle


class AccountLocked(PermissionDenied):
    """Raised by the backend for a locked username: Django's `authenticate`
    then stops, sends `user_login_failed` and answers None."""


class ThrottledModelBackend(ModelBackend):
    """Django's username/password backend with the lock-out of
    `apps.accounts.throttle` around it.

    A locked username is refused before its password is checked (raising
    `AccountLocked`, which `django.contrib.auth.authenticate` turns into
    None); a wrong password counts one failure, audited with where it came
    from; a right one clears the count. Callers that must tell "locked" from
    "wrong password" ask `throttle.locked_until(username)` after a None.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if username is None:
            username = kwargs.get("username")
        if username is None or password is None:
            return None
        if throttle.locked_until(username) is not None:
            throttle.register_refusal(username, request=request)
            raise AccountLocked
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            throttle.register_failure(username, request=request)
        else:
            throttle.register_success(username)
        return user

    async def aauthenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        return await sync_to_async(self.authenticate)(
            request, username=username, password=password, **kwargs
        )
