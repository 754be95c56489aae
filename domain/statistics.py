"""Arithmetic of targets and progress reports (no database).

What the monthly progress meeting (giao ban) reads: a count against a
target, the share of the period that has elapsed, the unmet part of last
year's target carried into this year, a target set as a share of the
members at the start of the year, and the quality groups of new members.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from .dates import completed_months

# -------------------------------------------------------------- progress

TENTH = Decimal("0.1")


def percent(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """`part` / `whole` × 100 to one decimal, halves rounded up as officials
    and Excel round them (85/80 → 106.3, not the banker's 106.2).
    ZeroDivisionError (decimal.DivisionByZero) when `whole` is 0."""
    return (Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


def ratio(done: int, target: int | None) -> Decimal | None:
    """`done` as a percentage of `target`, one decimal rounded half up
    (171/170 → 100.6, 85/80 → 106.3); None without a target."""
    if not target:
        return None
    return percent(done, target)


def share(part: int, whole: int) -> Decimal | None:
    """`part` as a percentage of `whole`, one decimal; None when nothing to divide."""
    if whole <= 0:
        return None
    return percent(part, whole)


def elapsed(start: datetime.date, end: datetime.date, on: datetime.date) -> Decimal:
    """Share of the period [start, end] (both days included) that has passed
    by the end of `on`, from 0 to 100."""
    if on < start:
        return Decimal(0)
    if on >= end:
        return Decimal(100)
    days = (end - start).days + 1
    gone = (on - start).days + 1
    return percent(gone, days)


def behind(done: int, target: int | None, elapsed_pct: Decimal) -> bool:
    """A unit is behind schedule when its progress is below the share of
    the period that has elapsed (4 of 12 by mid-year is behind; 6 is not)."""
    if not target:
        return False
    return Decimal(done) * 100 < elapsed_pct * Decimal(target)


def schedule_gap(done: int, target: int | None, elapsed_pct: Decimal) -> Decimal:
    """Progress minus elapsed share, in percentage points: the most negative
    comes first on the dashboard."""
    if not target:
        return Decimal(10**6)
    return Decimal(done) * 100 / Decimal(target) - elapsed_pct


# -------------------------------------------------------------- targets


def share_target(members: int, low_pct: Decimal, high_pct: Decimal | None) -> tuple[int, int]:
    """The head counts a share target means for `members` at the start of the
    year: at least `low_pct` (rounded up: 3% of 1 234 is 38, since 37 would be
    below 3%) and at most `high_pct` (rounded down)."""
    low = math.ceil(Decimal(members) * low_pct / 100)
    high = math.floor(Decimal(members) * (high_pct if high_pct is not None else low_pct) / 100)
    return low, max(low, high)


def carried(
    year: int,
    base: dict[int, int],
    done: dict[int, int],
) -> int:
    """Unmet admissions carried into `year` from the years before it: last
    year's target (its own plus what it carried) minus last year's
    admissions, never below zero. `base` holds each year's own target; a year
    without a target breaks the chain."""
    previous = year - 1
    if previous not in base:
        return 0
    target = base[previous] + carried(previous, base, done)
    return max(0, target - done.get(previous, 0))


# -------------------------------------------------------------- new members


class Quality(StrEnum):
    """Groups of new members the committees report on (biểu 2, C.2/C.3)."""

    WOMEN = "women"
    ETHNIC_MINORITY = "ethnic_minority"
    RELIGIOUS = "religious"
    YOUTH_UNION = "youth_union"
    AGED_18_30 = "aged_18_30"
    UPPER_SECONDARY = "upper_secondary"
    COLLEGE_PLUS = "college_plus"
    STUDENT = "student"
    PRIVATE_WORKER = "private_worker"
    DEMOBILISED = "demobilised"
    RESIDENTIAL = "residential"


KINH = "01"
UPPER_SECONDARY = "12/12"
COLLEGE_PLUS = frozenset({"college", "university", "master", "doctor"})
RELIGION_NONE = "none"


@dataclass(frozen=True)
class NewMember:
    """What the quality groups read from one admission."""

    admitted_on: datetime.date
    date_of_birth: datetime.date
    gender: str
    ethnicity: str
    religion: str
    youth_union: bool
    general_education: str
    qualification: str
    occupation_group: str
    demobilised: bool
    residential_cell: bool


def age_years(born: datetime.date, on: datetime.date) -> int:
    """Whole years of age on `on` (29/02 births turn a year older on 01/03
    in common years, as completed months count it)."""
    return completed_months(born, on) // 12


def qualities(m: NewMember) -> frozenset[Quality]:
    groups = set()
    if m.gender == "female":
        groups.add(Quality.WOMEN)
    if m.ethnicity and m.ethnicity != KINH:
        groups.add(Quality.ETHNIC_MINORITY)
    if m.religion and m.religion != RELIGION_NONE:
        groups.add(Quality.RELIGIOUS)
    if m.youth_union:
        groups.add(Quality.YOUTH_UNION)
    if 18 <= age_years(m.date_of_birth, m.admitted_on) <= 30:
        groups.add(Quality.AGED_18_30)
    if m.general_education == UPPER_SECONDARY:
        groups.add(Quality.UPPER_SECONDARY)
    if m.qualification in COLLEGE_PLUS:
        groups.add(Quality.COLLEGE_PLUS)
    if m.occupation_group == "student":
        groups.add(Quality.STUDENT)
    if m.occupation_group == "private_worker":
        groups.add(Quality.PRIVATE_WORKER)
    if m.demobilised:
        groups.add(Quality.DEMOBILISED)
    if m.residential_cell:
        groups.add(Quality.RESIDENTIAL)
    return frozenset(groups)


def q4_share(by_month: dict[int, int]) -> Decimal | None:
    """Share of a year's admissions made in October–December."""
    total = sum(by_month.values())
    return share(sum(by_month.get(m, 0) for m in (10, 11, 12)), total)
