"""API rate limits (DRF throttling), per user and per client address, with
the rates of settings.API_THROTTLE_RATES. Above a limit the API answers 429
with a Retry-After header. Counters live in the cache."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class _SettingsRate(SimpleRateThrottle):
    def get_rate(self) -> str | None:
        # Read at every request (not once at import, as DRF's own classes
        # do), so the rate follows the settings, tests' overrides included.
        rates: dict[str, str] = settings.API_THROTTLE_RATES
        return rates.get(str(self.scope))


class UserRateThrottle(_SettingsRate):
    """Requests per user, whichever of their tokens or their session is
    used: making more tokens does not buy more requests."""

    scope = "user"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AddressRateThrottle(_SettingsRate):
    """Requests per client address, authenticated or not (behind proxies,
    see REST_FRAMEWORK["NUM_PROXIES"])."""

    scope = "ip"

    def get_cache_key(self, request: Any, view: Any) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
