"""Calendar arithmetic the rules need: completed months (age rules E2/E3,
certificate validity E5, introducers D5) and adding months (probation T3)."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day-of-month `months` later, or that month's last day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def completed_months(start: datetime.date, on: datetime.date) -> int:
    """Whole months from `start` to `on`. A month is complete when its
    day-of-month is reached; a day the month lacks (29/02 in 2026, 31/04) is
    reached on the following day, so someone born 29/02/2008 completes 216
    months (18 years) on 01/03/2026, not on 28/02/2026."""
    months = (on.year - start.year) * 12 + on.month - start.month
    if on.day < start.day:
        months -= 1
    return months


def age_years_months(born: datetime.date, on: datetime.date) -> tuple[int, int]:
    """Age on `on` as (completed years, further completed months), the way
    people say it ("26 tuổi 8 tháng"). Months complete as in
    `completed_months`: a 29/02 birthday is reached on 01/03 in common
    years. Raises ValueError when `on` is before `born`."""
    if on < born:
        raise ValueError(f"{on.isoformat()} is before the birth date {born.isoformat()}")
    return divmod(completed_months(born, on), 12)


def months_reached_on(start: datetime.date, months: int) -> datetime.date:
    """The first day on which `months` whole months from `start` are
    complete (completed_months): add_months, or the day after it when the
    month lacks start's day (born 29/02/2008: 216 months on 01/03/2026)."""
    day = add_months(start, months)
    if completed_months(start, day) < months:
        day += datetime.timedelta(days=1)
    return day


# The dates a person may type anywhere (a birth, a decision, a vote): the
# rules add months and working days to them, so a year like 9990 is refused
# at the door instead of overflowing later.
EARLIEST = datetime.date(1900, 1, 1)
LATEST = datetime.date(2100, 12, 31)


def in_range(day: datetime.date) -> bool:
    """Whether `day` lies between EARLIEST and LATEST (inclusive)."""
    return EARLIEST <= day <= LATEST
