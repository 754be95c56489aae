"""Decision numbers (admission and full membership): unique per issuing
body and calendar year — a database constraint on DecisionNumber — and
allocated inside the decision's transaction from a counter row locked per
body and year (DecisionCounter), so two people approving at once, or a
retry after a crash, never reuse a number."""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from apps.organizations.choices import DecisionBody, OrgKind
from apps.organizations.models import Organization
from apps.organizations.services import effective_decision

from .models import Case, DecisionCounter, DecisionNumber

# The kinds of unit whose committee is the body of each V5 setting.
BODY_KINDS = {
    DecisionBody.PROVINCE_STANDING: {OrgKind.PROVINCE},
    DecisionBody.DISTRICT_STANDING: {OrgKind.DISTRICT, OrgKind.AGENCY_BLOC},
}
NOT_GRASSROOTS = {
    OrgKind.CELL,
    OrgKind.INTERMEDIATE,
    OrgKind.PROVINCE,
    OrgKind.DISTRICT,
    OrgKind.AGENCY_BLOC,
}


def issuing_body(cell: Organization) -> Organization:
    """The unit whose committee signs the cell's decisions (RULES V5): the
    nearest unit above the cell of the competent body's level (the
    grassroots committee by default); the cell's parent if none is found."""
    body, _threshold = effective_decision(cell)
    ancestors = sorted(
        Organization.objects.filter(pk__in=cell.ancestor_ids()),
        key=lambda o: o.depth,
        reverse=True,
    )
    kinds = BODY_KINDS.get(DecisionBody(body)) if body in BODY_KINDS else None
    for unit in ancestors:
        if (kinds is not None and unit.kind in kinds) or (
            kinds is None and unit.kind not in NOT_GRASSROOTS
        ):
            return unit
    return ancestors[0] if ancestors else cell


def normalize(number: str) -> str:
    """The number as stored and compared: spaces removed, upper case
    ("125 - qđ/đu" and "125-QĐ/ĐU" are the same number)."""
    return "".join(number.split()).upper()


def _serial(number: str) -> int | None:
    found = re.match(r"\d+", number)
    return int(found.group()) if found else None


def _counter(body: Organization, year: int) -> DecisionCounter:
    """The body's counter for the year, locked until the transaction ends."""
    DecisionCounter.objects.get_or_create(body=body, year=year)
    return DecisionCounter.objects.select_for_update().get(body=body, year=year)


def next_free(body: Organization, year: int) -> int:
    """The serial the next allocated decision would get (for display)."""
    row = DecisionCounter.objects.filter(body=body, year=year).first()
    return (row.last if row else 0) + 1


def allocate(body: Organization, year: int, at_least: int | None = None) -> int:
    """Take the next serial of `body` in `year` (at least `at_least`),
    inside the caller's transaction: the counter row stays locked until it
    commits, and a rollback gives the serial back."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("allocate runs inside the decision's transaction")
    row = _counter(body, year)
    serial = max(row.last + 1, at_least or 0)
    row.last = serial
    row.save(update_fields=["last"])
    return serial


def register(case: Case, action: str, number: str, on: datetime.date) -> str:
    """Record that `case`'s decision of `action` on `on` uses `number`;
    ValidationError on the number field if the issuing body already used it
    that year. Returns the number as stored (normalize)."""
    body = issuing_body(case.organization)
    value = normalize(number)
    taken = (
        DecisionNumber.objects.filter(body=body, year=on.year, number=value)
        .select_related("case__person")
        .first()
    )
    if taken is None:
        try:
            with transaction.atomic():
                DecisionNumber.objects.create(
                    body=body, year=on.year, number=value, case=case, action=action
                )
        except IntegrityError:
            taken = DecisionNumber.objects.select_related("case__person").get(
                body=body, year=on.year, number=value
            )
    if taken is not None:
        raise ValidationError(
            {
                "number": _(
                    "Decision number {number} was already used by {body} in {year} (for "
                    "{name}); use another number (next free: {free})."
                ).format(
                    number=value,
                    body=body.name,
                    year=on.year,
                    name=taken.case.person.full_name,
                    free=next_free(body, on.year),
                )
            }
        )
    serial = _serial(value)
    if serial is not None:
        row = _counter(body, on.year)
        if serial > row.last:
            row.last = serial
            row.save(update_fields=["last"])
    return value
