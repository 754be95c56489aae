"""The one clock of PTĐV: every "today" and "now" in the product comes from
here, in Vietnam's time zone (UTC+7, no daylight saving), so the date a
cell secretary sees never depends on the server's zone and the clock can be
moved in one place.

Tests move it with `time-machine`; `load_demo --today DD/MM/YYYY` pins
`today()` while it builds the demo province as of another day.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterator
from contextvars import ContextVar
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
_pinned: ContextVar[datetime.date | None] = ContextVar("ptdv_pinned_today", default=None)


def now() -> datetime.datetime:
    """The current moment, timezone-aware, in Vietnam's time zone."""
    return datetime.datetime.now(VIETNAM)


def today() -> datetime.date:
    """Today's date in Vietnam (or the day pinned by `pinned_today`)."""
    pinned = _pinned.get()
    return pinned if pinned is not None else now().date()


@contextlib.contextmanager
def pinned_today(day: datetime.date) -> Iterator[datetime.date]:
    """Within the block, `today()` answers `day` (the demo built as of a
    given date). Timestamps from `now()` stay real: they record when rows
    were written."""
    token = _pinned.set(day)
    try:
        yield day
    finally:
        _pinned.reset(token)
