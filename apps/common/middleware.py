from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SecurityHeadersMiddleware:
    """Headers Django's SecurityMiddleware does not set: a strict content
    security policy (no inline scripts, everything vendored) and a
    permissions policy."""

    CSP = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'self'; object-src 'none'"
    )
    # The API docs (Swagger UI, vendored by drf-spectacular-sidecar) load
    # their start-up script from a URL (config/urls.py uses the "split"
    # view), so scripts stay 'self' only; Swagger UI styles its elements
    # inline, which style-src must allow there and nowhere else.
    DOCS_PATH = "/api/docs/"
    DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        docs = request.path.startswith(self.DOCS_PATH)
        response.headers.setdefault("Content-Security-Policy", self.DOCS_CSP if docs else self.CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class LanguageMiddleware:
    """Vietnamese unless the user chose another language with the switch (a
    cookie). The browser's Accept-Language is ignored on purpose: officials
    often use machines set up in English and must still get Vietnamese."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
