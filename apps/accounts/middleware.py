from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from . import twofactor

# Paths the gate never holds: static files, the language switch, and the API,
# which answers for itself (401 while the second factor is due, 403 while
# the password must be changed — see apps.accounts.api).
_PASS_THROUGH = ("/static/", "/i18n/", "/api/")


class LoginGateMiddleware:
    """What a logged-in session must do before anything else, in order:
    enter its one-time code (users who enrolled), enrol an authenticator app
    (users whose role requires one), choose a new password (after an
    administrator's reset). Until then every page redirects to that step,
    which carries the page asked for in `next`."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_PASS_THROUGH)
        ):
            target = self._due(request)
            if target is not None and request.path not in {target, reverse("accounts:logout")}:
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{target}?{query}")
        return self.get_response(request)

    @staticmethod
    def _due(request: HttpRequest) -> str | None:
        step = twofactor.pending_step(request)
        if step is twofactor.Step.VERIFY:
            return reverse("accounts:two_factor_verify")
        if step is twofactor.Step.ENROL:
            return reverse("accounts:two_factor_enrol")
        if getattr(request.user, "must_change_password", False):
            return reverse("accounts:password_change")
        return None
