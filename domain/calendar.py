"""Working days: no weekends, no Vietnamese public holidays (Tết included),
with the government's announced swaps (a Saturday made a working day, an
extra day off) layered on top by administrators.

Deadlines in RULES.md say "within N working days from date D": the last
allowed day is the N-th working day after D (D itself does not count).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import holidays

ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[datetime.date]:
    """Vietnam's statutory holidays of `year` (the `holidays` package)."""
    return frozenset(holidays.country_holidays("VN", years=[year]).keys())


@dataclass(frozen=True)
class WorkingCalendar:
    extra_days_off: frozenset[datetime.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[datetime.date] = field(default_factory=frozenset)
    # Answers already computed: a dashboard asks the same few thousand
    # (day, count) questions for tens of thousands of cases.
    _memo: dict[tuple[object, ...], object] = field(
        default_factory=dict, compare=False, hash=False, repr=False
    )

    @classmethod
    def with_overrides(
        cls, days_off: Iterable[datetime.date] = (), working_days: Iterable[datetime.date] = ()
    ) -> WorkingCalendar:
        return cls(frozenset(days_off), frozenset(working_days))

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        return day.weekday() < 5 and day not in public_holidays(day.year)

    def add_working_days(self, start: datetime.date, count: int) -> datetime.date:
        """The `count`-th working day after `start`."""
        if count < 0:
            raise ValueError("count must not be negative")
        key = ("add", start, count)
        if key in self._memo:
            return self._memo[key]  # type: ignore[return-value]
        day = start
        remaining = count
        while remaining:
            day += ONE_DAY
            if self.is_working_day(day):
                remaining -= 1
        self._memo[key] = day
        return day

    def working_days_between(self, start: datetime.date, end: datetime.date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if end < start:
            return -self.working_days_between(end, start)
        key = ("between", start, end)
        if key in self._memo:
            return self._memo[key]  # type: ignore[return-value]
        count = 0
        day = start
        while day < end:
            day += ONE_DAY
            if self.is_working_day(day):
                count += 1
        self._memo[key] = count
        return count
