"""The deadline engine's pure part: which legal or local dates a case, a
class or a target is working towards, how many days are left, in which
bucket of the to-do list each falls, and when an overdue item escalates.

Sources of the dates (RULES.md):

- T1, T2, T4, T5: the working-day limits of `domain.admission.deadlines`,
  each under the policy version in force on the step that starts its clock;
- T3: the end of probation (12 months from the ceremony, calendar months);
- P2: the new-member course certificate, needed before the recognition vote,
  so due by the end of probation;
- E5: the awareness certificate, valid N months: the cell's vote must come
  before it expires;
- CLASS: a session of a training class (the provider runs it);
- TARGET: a yearly admissions target behind its pro-rata share at the end
  of a quarter (a local deadline: the quarter's progress meeting).

Transfers (T7/T8), members working away (M3) and removal triggers (M1)
need the member registry's dated records, which do not exist yet.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from .admission import PROBATION_PATH, Stage, Timeline, certificate_valid_until, probation_end
from .admission import deadlines as case_deadlines
from .calendar import WorkingCalendar
from .policy import Policy


class Counting(StrEnum):
    """How a rule counts its days: working days (wd) or calendar days."""

    WORKING_DAYS = "wd"
    DAYS = "days"


class Actor(StrEnum):
    """Who takes the step: the cell, the committee above it, or the
    training provider."""

    CELL = "cell"
    COMMITTEE = "committee"
    INTERMEDIATE = "intermediate"
    TRAINING = "training"


class Bucket(StrEnum):
    """Where an item sits in the to-do list on a given day."""

    OVERDUE = "overdue"
    WEEK = "week"  # due within the next 7 days, today included
    MONTH = "month"  # due in 8 to 31 days
    LATER = "later"  # further, but inside the unit's warning window


WEEK_DAYS = 7
MONTH_DAYS = 31


@dataclass(frozen=True)
class Due:
    """One date something must happen by.

    `rule`: the rule id (T1…T5, P2, E5, CLASS, TARGET); `due`: the last
    allowed day; `counting`: how its days are counted; `actor`: who acts;
    `informative`: a date that is reached, never missed (the end of
    probation): it leaves the list once passed instead of turning overdue."""

    rule: str
    due: datetime.date
    counting: Counting
    actor: Actor
    start: datetime.date | None = None
    policy: str = ""
    informative: bool = False


def days_left(
    due: datetime.date, today: datetime.date, counting: Counting, cal: WorkingCalendar
) -> int:
    """Days from `today` to `due` (negative once overdue): working days for
    a working-day rule, else calendar days."""
    if counting == Counting.WORKING_DAYS:
        return cal.working_days_between(today, due)
    return (due - today).days


def is_overdue(due: datetime.date, today: datetime.date) -> bool:
    """Overdue from the day after the last allowed day."""
    return today > due


def bucket(due: datetime.date, today: datetime.date, warn_days: int) -> Bucket | None:
    """The bucket of an open item on `today`, or None while it is further
    away than `warn_days` calendar days (it appears `warn_days` days before
    its date)."""
    if is_overdue(due, today):
        return Bucket.OVERDUE
    ahead = (due - today).days
    if ahead > warn_days:
        return None
    if ahead < WEEK_DAYS:
        return Bucket.WEEK
    if ahead < MONTH_DAYS:
        return Bucket.MONTH
    return Bucket.LATER


def overdue_working_days(due: datetime.date, today: datetime.date, cal: WorkingCalendar) -> int:
    """Working days since the last allowed day (0 while not overdue)."""
    return max(0, cal.working_days_between(due, today))


def escalates(
    due: datetime.date, today: datetime.date, after_wd: int, cal: WorkingCalendar
) -> bool:
    """Whether an item overdue by more than `after_wd` working days is also
    shown to the level above (the unit's escalation setting)."""
    return overdue_working_days(due, today, cal) > after_wd


@dataclass(frozen=True)
class CaseFacts:
    """What the engine reads of one open case."""

    stage: Stage
    timeline: Timeline
    on_hold: bool = False
    has_intermediate: bool = False
    awareness_certificate_on: datetime.date | None = None
    has_new_member_certificate: bool = False


# The open deadline of each rule and who acts on it while it runs.
_ACTOR_OF = {"T1": Actor.COMMITTEE, "T2": Actor.CELL, "T4": Actor.CELL, "T5": Actor.COMMITTEE}
_PRE_VOTE = frozenset({Stage.CANDIDATE, Stage.TRAINED, Stage.DOSSIER})
_APPRAISAL = frozenset({Stage.CELL_RESOLVED, Stage.RECOGNITION_CELL_RESOLVED})


def case_dues(
    case: CaseFacts, policy_for: Callable[[datetime.date], Policy], cal: WorkingCalendar
) -> list[Due]:
    """Every open date of one case.

    `policy_for(day)` answers the version in force on `day`; each limit
    comes from the version in force on the step that starts its clock. A
    committee step waits at the intermediate committee while the case needs
    its appraisal (V4). A proposed removal has no legal limit: no item."""
    out: list[Due] = []
    tl = case.timeline
    triggers = {
        "T1": tl.cell_resolution_on,
        "T2": tl.decision_on,
        "T4": tl.ceremony_on,
        "T5": tl.recognition_resolution_on,
    }
    main_path = case.stage in PROBATION_PATH or case.stage in {
        Stage.CELL_RESOLVED,
        Stage.APPRAISED,
        Stage.COMMITTEE_RESOLVED,
        Stage.ADMITTED,
    }
    if main_path:
        for rule, trigger in triggers.items():
            if trigger is None:
                continue
            policy = policy_for(trigger)
            found = next((x for x in case_deadlines(tl, policy, cal) if x.rule == rule), None)
            if found is None or found.done_on is not None:
                continue
            actor = _ACTOR_OF[rule]
            if actor == Actor.COMMITTEE and case.has_intermediate and case.stage in _APPRAISAL:
                actor = Actor.INTERMEDIATE
            out.append(Due(rule, found.due, Counting.WORKING_DAYS, actor, found.start, policy.code))
    if case.stage == Stage.PROBATIONARY and tl.ceremony_on is not None:
        policy = policy_for(tl.ceremony_on)
        end = probation_end(tl.ceremony_on, policy)
        out.append(
            Due("T3", end, Counting.DAYS, Actor.CELL, tl.ceremony_on, policy.code, informative=True)
        )
        if not case.has_new_member_certificate:
            out.append(Due("P2", end, Counting.DAYS, Actor.CELL, tl.ceremony_on, policy.code))
    if case.stage in _PRE_VOTE and case.awareness_certificate_on is not None:
        policy = policy_for(case.awareness_certificate_on)
        until = certificate_valid_until(case.awareness_certificate_on, policy)
        out.append(
            Due("E5", until, Counting.DAYS, Actor.CELL, case.awareness_certificate_on, policy.code)
        )
    return out


def visible(item: Due, today: datetime.date, warn_days: int) -> Bucket | None:
    """The item's bucket on `today`, or None when it is not shown: too far
    ahead, or an informative date already reached."""
    if item.informative and is_overdue(item.due, today):
        return None
    return bucket(item.due, today, warn_days)


# ------------------------------------------------------------ targets


def quarter_end(day: datetime.date) -> datetime.date:
    """The last day of the quarter holding `day`."""
    month = ((day.month - 1) // 3 + 1) * 3
    following = datetime.date(day.year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def expected_by_quarter(target: int, quarter: int) -> int:
    """A yearly target's pro-rata share due by the end of quarter 1–4,
    rounded up (10 a year: 3, 5, 8, 10)."""
    if not 1 <= quarter <= 4:
        raise ValueError("quarter must be 1 to 4")
    return -(-target * quarter // 4)


def target_due(
    target: int, achieved: int, today: datetime.date
) -> tuple[datetime.date, int] | None:
    """A yearly target behind its pro-rata share at the current quarter's
    end: (that day, the number still needed by it), else None."""
    end = quarter_end(today)
    needed = expected_by_quarter(target, (end.month) // 3) - achieved
    return (end, needed) if needed > 0 else None
