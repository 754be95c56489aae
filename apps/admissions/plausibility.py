"""The plausibility checks of domain/plausibility.py with today's date, the
settings and the policy in force, and their failures in words: each names
the field, the value read, the rule and what to do. Used by the import rows
and the person, candidate and member pages."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.common import clock
from domain import plausibility as p

T = TypeVar("T")
LABELS = {
    "date_of_birth": gettext_lazy("Date of birth"),
    "opened_on": gettext_lazy("Entered the pool on"),
    "admitted_on": gettext_lazy("Admission decision date"),
    "ceremony_on": gettext_lazy("Admission ceremony date"),
    "full_on": gettext_lazy("Full membership date"),
    "certificate_on": gettext_lazy("Certificate date"),
    "dossier_on": gettext_lazy("Dossier started on"),
    "cell_resolution_on": gettext_lazy("Cell resolution date"),
    "appraisal_on": gettext_lazy("Appraisal date"),
    "committee_resolution_on": gettext_lazy("Committee resolution date"),
    "decision_on": gettext_lazy("Admission decision date"),
}


def min_pool_age_years() -> int:
    """The youngest age, in completed years, at which a person may enter
    the candidate pool (setting CANDIDATE_MIN_AGE_YEARS, 16 by default)."""
    return int(getattr(settings, "CANDIDATE_MIN_AGE_YEARS", 16))


def _day(value: object) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, datetime.date) else str(value)


def message(failure: p.Failure) -> str:
    """A failure in Vietnamese: the field, the value read, the rule, what to do."""
    field = str(LABELS.get(failure.field, failure.field))
    value = _day(failure.value)
    params = failure.params
    if failure.rule == p.BIRTH_RANGE:
        return _(
            "{field} “{value}” cannot be right: a date of birth is between {earliest} and "
            "today ({today}). Check it in the records."
        ).format(
            field=field,
            value=value,
            earliest=_day(params["earliest"]),
            today=_day(params["today"]),
        )
    if failure.rule == p.FUTURE:
        return _(
            "{field} “{value}” is after today ({today}): an event that has happened cannot "
            "be dated in the future. Check the date (the year especially)."
        ).format(field=field, value=value, today=_day(params["today"]))
    if failure.rule == p.ORDER:
        other = str(LABELS.get(str(params["before"]), params["before"]))
        return _(
            "{field} “{value}” is before the {other} ({other_value}): it must come after it. "
            "Check both dates in the records."
        ).format(field=field, value=value, other=other.lower(), other_value=_day(params["other"]))
    if failure.rule == p.POOL_AGE:
        return _(
            "{field} “{value}”: born {born}, the person was {age} then; the candidate pool "
            "takes people from {min} years of age. Check both dates."
        ).format(
            field=field,
            value=value,
            born=_day(params["born"]),
            age=params["age"],
            min=params["min_years"],
        )
    if failure.rule == p.ADMISSION_AGE:
        return _(
            "{field} “{value}”: born {born}, the member was {age} then; a person is admitted "
            "from {min} years of age (rule E2). Check both dates."
        ).format(
            field=field,
            value=value,
            born=_day(params["born"]),
            age=params["age"],
            min=params["min_years"],
        )
    if failure.rule == p.PROBATION:
        return _(
            "{field} “{value}” is before the end of probation ({ends}, {months} months from "
            "{start}): a member is full from the day probation ends (rule T3). Check the date "
            "in the records."
        ).format(
            field=field,
            value=value,
            ends=_day(params["ends"]),
            months=params["months"],
            start=_day(params["start"]),
        )
    return f"{field} “{value}”"


def as_dict(failures: Sequence[p.Failure]) -> dict[str, list[str]]:
    """Failures as {field: [messages]}, for a ValidationError or a row."""
    out: dict[str, list[str]] = {}
    for failure in failures:
        out.setdefault(failure.field, []).append(message(failure))
    return out


def raise_if(failures: Sequence[p.Failure]) -> None:
    """Raise a ValidationError by field when there is any failure."""
    if failures:
        raise ValidationError(as_dict(failures))


def save_if_plausible(failures: Sequence[p.Failure], save: Callable[[], T]) -> T:
    """Run `save` (a service) in a transaction kept only when there is no
    failure, so a page shows every error at once: the service's own, and
    the failures on the other fields. Raises a ValidationError by field."""
    with transaction.atomic():
        try:
            result = save()
        except ValidationError as exc:
            errors = (
                exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
            )
            for key, messages in as_dict(failures).items():
                errors.setdefault(key, messages)
            raise ValidationError(errors) from exc
        raise_if(failures)
    return result


def candidate(
    born: datetime.date | None,
    opened_on: datetime.date | None,
    steps: Sequence[tuple[str, datetime.date | None]] = (),
) -> list[p.Failure]:
    """A person entering the pool (and, for a case kept on paper, its
    steps' dates in order), checked against today and the setting."""
    today = clock.today()
    failures = p.check_candidate(
        born=born, opened_on=opened_on, today=today, min_pool_age_years=min_pool_age_years()
    )
    if steps:
        failures += [
            f for f in p.check_case_steps(born, opened_on, steps, today) if f not in failures
        ]
    return failures


def member(
    born: datetime.date | None,
    admitted_on: datetime.date | None,
    ceremony_on: datetime.date | None,
    full_on: datetime.date | None,
) -> list[p.Failure]:
    """A membership's dates, with the admission age and the probation of
    the policy in force on the admission decision (RULES E2, T3)."""
    from apps.admissions.evaluation import policy_for

    policy = policy_for(admitted_on or clock.today())
    return p.check_member(
        born=born,
        admitted_on=admitted_on,
        ceremony_on=ceremony_on,
        full_on=full_on,
        today=clock.today(),
        min_age_months=policy.min_age_months,
        probation_months=policy.probation_months,
    )


def birth(born: datetime.date | None) -> list[p.Failure]:
    """A person's birth date alone (the person forms)."""
    return p.check_birth(born, clock.today())
