"""What an authenticated API caller must also satisfy."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from apps.common import clock

from .. import throttle


class AccountInGoodStanding(BasePermission):
    """Refuse (403, with a Vietnamese message) an account whose username is
    locked after failed logins — its tokens and sessions too, so a lock
    really stops the account — and an account whose password was reset by
    an administrator, on every API call except the ones a view marks with
    `allowed_before_password_change = True` (who am I, change my password).
    """

    message = ""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if user is None or not user.is_authenticated:
            return True  # IsAuthenticated answers for anonymous callers
        until = throttle.locked_until(user.get_username())
        if until is not None:
            self.message = _(
                "This account is locked after too many failed logins until {time}: try again "
                "after that, or ask an administrator."
            ).format(time=until.astimezone(clock.VIETNAM).strftime("%H:%M %d/%m/%Y"))
            return False
        if getattr(user, "must_change_password", False) and not getattr(
            view, "allowed_before_password_change", False
        ):
            self.message = _(
                "Your password was reset by an administrator: choose a new one (on the page "
                "{page} or with POST /api/v1/me/password/) before using the API."
            ).format(page=reverse("accounts:password_change"))
            return False
        return True
