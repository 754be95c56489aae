"""The request type of views behind login_required, for the type checker."""

from typing import TYPE_CHECKING

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from apps.accounts.models import User


class AuthedRequest(HttpRequest):
    user: "User"
    htmx: "HtmxDetails"
