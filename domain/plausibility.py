"""Whether a person's and a membership's dates can be true.

One set of checks for every door data comes in by (the import rows, the
person, candidate and member forms): a birth date between 01/01/1900 and
today; the youngest age allowed in the candidate pool (a setting, 16 years
by default; the rules on age at the vote, E2/E3, still apply at the vote);
no date in the future for an event that has happened; the order of a life
and a membership (birth < pool entry < certificate < … < admission
decision ≤ ceremony); an admission at 18 or over (RULES E2, the policy's
min_age_months); full membership only once probation, counted from the
ceremony, has ended (RULES T3: "full from the day probation ends").

Each check returns a list of `Failure`s (field, value read, rule, and the
values the message needs); an empty list means plausible. The words are
the callers' (apps/admissions/plausibility.py renders them in Vietnamese).
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from domain.dates import add_months, completed_months

EARLIEST_BIRTH = datetime.date(1900, 1, 1)

# Rule codes.
BIRTH_RANGE = "birth_range"
FUTURE = "future"
ORDER = "order"
POOL_AGE = "pool_age"
ADMISSION_AGE = "admission_age"
PROBATION = "probation"


@dataclass(frozen=True)
class Failure:
    """One implausible value: `field` (the form or column key), `value`
    (the date read), `rule` (a code above) and `params` for the message
    (other dates, ages in years, months)."""

    field: str
    value: datetime.date
    rule: str
    params: dict[str, object] = dataclasses.field(default_factory=dict)


def check_birth(born: datetime.date | None, today: datetime.date) -> list[Failure]:
    """A birth date from 01/01/1900 to today."""
    if born is None or EARLIEST_BIRTH <= born <= today:
        return []
    return [
        Failure("date_of_birth", born, BIRTH_RANGE, {"earliest": EARLIEST_BIRTH, "today": today})
    ]


def check_not_future(
    dates: Sequence[tuple[str, datetime.date | None]], today: datetime.date
) -> list[Failure]:
    """Dates of events that have happened: none after today."""
    return [
        Failure(key, day, FUTURE, {"today": today})
        for key, day in dates
        if day is not None and day > today
    ]


def check_order(dates: Sequence[tuple[str, datetime.date | None]]) -> list[Failure]:
    """Events in the order given: each date present is on or after the
    latest one before it (the first, the birth, strictly before the rest).
    A failure names the later event and the earlier one it precedes."""
    failures: list[Failure] = []
    latest: tuple[str, datetime.date] | None = None
    for i, (key, day) in enumerate(dates):
        if day is None:
            continue
        if latest is not None:
            strict = latest[0] == dates[0][0] and i > 0
            if day < latest[1] or (strict and day == latest[1]):
                failures.append(Failure(key, day, ORDER, {"before": latest[0], "other": latest[1]}))
                continue
        latest = (key, day)
    return failures


def check_age_at(
    key: str,
    born: datetime.date | None,
    on: datetime.date | None,
    min_months: int,
    rule: str,
) -> list[Failure]:
    """At least `min_months` completed months of age on `on`."""
    if born is None or on is None or on <= born:
        return []  # the order check speaks for a date before birth
    if completed_months(born, on) >= min_months:
        return []
    return [
        Failure(
            key,
            on,
            rule,
            {"born": born, "age": completed_months(born, on) // 12, "min_years": min_months // 12},
        )
    ]


def check_candidate(
    *,
    born: datetime.date | None,
    opened_on: datetime.date | None,
    today: datetime.date,
    min_pool_age_years: int,
) -> list[Failure]:
    """A person entering the candidate pool: born 1900–today, the pool
    entry not in the future, after the birth, at `min_pool_age_years` or
    over."""
    failures = check_birth(born, today)
    failures += check_not_future([("opened_on", opened_on)], today)
    failures += check_order([("date_of_birth", born), ("opened_on", opened_on)])
    if not failures:
        failures += check_age_at("opened_on", born, opened_on, min_pool_age_years * 12, POOL_AGE)
    return failures


def check_member(
    *,
    born: datetime.date | None,
    admitted_on: datetime.date | None,
    ceremony_on: datetime.date | None,
    full_on: datetime.date | None,
    today: datetime.date,
    min_age_months: int,
    probation_months: int,
) -> list[Failure]:
    """A membership: born 1900–today; decision, ceremony and full
    membership not in the future and in that order after the birth; the
    decision at `min_age_months` of age or over (RULES E2); full membership
    not before probation (`probation_months` from the ceremony, RULES T3)
    has ended."""
    dates = [
        ("admitted_on", admitted_on),
        ("ceremony_on", ceremony_on),
        ("full_on", full_on),
    ]
    failures = check_birth(born, today)
    failures += check_not_future(dates, today)
    failures += check_order([("date_of_birth", born), *dates])
    if failures:
        return failures
    failures += check_age_at("admitted_on", born, admitted_on, min_age_months, ADMISSION_AGE)
    start = ceremony_on or admitted_on
    if full_on is not None and start is not None:
        ends = add_months(start, probation_months)
        if full_on < ends:
            failures.append(
                Failure(
                    "full_on",
                    full_on,
                    PROBATION,
                    {
                        "start": start,
                        "ends": ends,
                        "months": probation_months,
                        "from_ceremony": ceremony_on is not None,
                    },
                )
            )
    return failures


def check_case_steps(
    born: datetime.date | None,
    opened_on: datetime.date | None,
    steps: Sequence[tuple[str, datetime.date | None]],
    today: datetime.date,
) -> list[Failure]:
    """A case kept on paper: its steps' dates (in the workflow's order) not
    in the future, after the birth and the pool entry, in order."""
    failures = check_not_future(steps, today)
    failures += check_order([("date_of_birth", born), ("opened_on", opened_on), *steps])
    return failures
