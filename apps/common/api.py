"""What every REST endpoint shares: bounded pagination."""

from __future__ import annotations

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

# Beyond this offset no list of ours has rows; a larger one would overflow
# the database's LIMIT/OFFSET (a 500) instead of answering an empty page.
MAX_OFFSET = 10**9


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """`?limit=` and `?offset=` as DRF reads them, bounded: a limit above
    `max_limit` gives `max_limit` rows (a malformed one the default page), an
    offset beyond MAX_OFFSET an empty page — never a database overflow."""

    max_limit = 500

    def get_offset(self, request: Request) -> int:
        return min(super().get_offset(request), MAX_OFFSET)
