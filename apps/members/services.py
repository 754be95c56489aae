"""Writes to people and members, each in one transaction with its audit rows."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.models import AuditAction
from apps.audit.services import Actor, created, diff, record, record_many, snapshot
from apps.common import clock
from apps.organizations.choices import OrgKind
from apps.organizations.models import Organization
from domain.vietnamese import normalize_name, normalize_text

from .choices import ACTIVE_STATUSES, MemberStatus
from .models import PERSON_FIELDS, Member, MemberPlacement, Person

MEMBER_FIELDS = (
    "organization",
    "status",
    "admitted_on",
    "ceremony_on",
    "full_on",
    "card_number",
    "residence_cell",
    "left_on",
)


def _clean_person(person: Person) -> None:
    person.full_name = normalize_name(person.full_name)
    for name in ("hometown", "residence", "occupation", "workplace"):
        setattr(person, name, normalize_text(getattr(person, name)))
    person.citizen_id = (person.citizen_id or "").strip() or None
    person.phone = normalize_text(person.phone)
    try:
        person.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc


def _check_member(member: Member) -> None:
    errors: dict[str, str] = {}
    org = member.organization
    if org.kind != OrgKind.CELL:
        errors["organization"] = _("A member belongs to a party cell, not to “{name}”.").format(
            name=org.name
        )
    elif org.valid_to is not None:
        errors["organization"] = _("The cell “{name}” is closed.").format(name=org.name)
    if member.ceremony_on and member.ceremony_on < member.admitted_on:
        errors["ceremony_on"] = _("The ceremony cannot be before the admission decision.")
    if member.full_on and member.ceremony_on and member.full_on < member.ceremony_on:
        errors["full_on"] = _("Full membership cannot start before the ceremony.")
    if member.status == MemberStatus.FULL and not member.full_on:
        errors["full_on"] = _("A full member needs the date full membership began.")
    if member.status == MemberStatus.PROBATIONARY and member.full_on:
        errors["full_on"] = _("A probationary member has no full membership date yet.")
    if member.person.date_of_birth and member.admitted_on <= member.person.date_of_birth:
        errors["admitted_on"] = _("The admission decision cannot be before the date of birth.")
    member.card_number = (member.card_number or "").strip() or None
    if (
        member.card_number
        and Member.objects.filter(card_number=member.card_number).exclude(pk=member.pk).exists()
    ):
        errors["card_number"] = _("This party card number is already recorded for another member.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_person(*, by: Actor, person: Person) -> Person:
    """Record a person (a candidate, or a member's personal details)."""
    _clean_person(person)
    person.save()
    record(by, AuditAction.CREATE, person, created(person, PERSON_FIELDS))
    return person


@transaction.atomic
def create_member(*, by: Actor, person: Person, member: Member) -> Member:
    """Record a party member with their person: a new person (a member from
    paper records), or one already recorded (a candidate at the ceremony)."""
    if person.pk is None:
        create_person(by=by, person=person)
    member.person = person
    _check_member(member)
    member.save()
    MemberPlacement.objects.create(
        member=member, organization=member.organization, valid_from=member.admitted_on
    )
    record(by, AuditAction.CREATE, member, created(member, MEMBER_FIELDS))
    return member


@transaction.atomic
def update_member(
    member: Member,
    *,
    by: Actor,
    person_changes: dict[str, Any],
    member_changes: dict[str, Any],
    versions: tuple[int | None, int | None] | None = None,
) -> Member:
    """Correct a member's record. Moving to another cell is a transfer
    (transfer_member), not an edit, because it is dated. `versions`: the
    (person, member) versions an edit form or API write was read at; when
    either record has changed since, the write is refused (StaleRecord, a
    ValidationError naming who changed what, and when) instead of silently
    reverting the other person's change."""
    if "organization" in member_changes:
        raise ValueError("use transfer_member to change the cell")
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("person", "organization")
        .get(pk=member.pk)
    )
    person = Person.objects.select_for_update().get(pk=member.person_id)
    member.person = person
    if versions is not None:
        for obj, seen in ((person, versions[0]), (member, versions[1])):
            if seen is not None and seen != obj.version:
                raise StaleRecord(obj)
    person_before = snapshot(person, PERSON_FIELDS)
    member_before = snapshot(member, MEMBER_FIELDS)
    for key, value in person_changes.items():
        setattr(person, key, value)
    for key, value in member_changes.items():
        setattr(member, key, value)
    _clean_person(person)
    _check_member(member)
    person.save()
    member.save()
    if member_before["status"] in ACTIVE_STATUSES and member.status not in ACTIVE_STATUSES:
        # Leaving the party ends the member's place in the cell on that day.
        left = member.left_on or clock.today()
        MemberPlacement.objects.filter(member=member, valid_to__isnull=True).update(valid_to=left)
    if changes := diff(person_before, person):
        record(by, AuditAction.UPDATE, person, changes)
    if changes := diff(member_before, member):
        record(by, AuditAction.UPDATE, member, changes)
    return member


class StaleRecord(ValidationError):
    """A write made from a stale read: the record changed since. The
    message names who changed it, when (hh:mm), and the fields changed."""

    def __init__(self, obj: Member | Person) -> None:
        from apps.audit.models import AuditEntry
        from apps.audit.presenters import change_lines

        entry = (
            AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(type(obj)), object_id=str(obj.pk)
            )
            .select_related("actor", "content_type")
            .order_by("-at", "-id")
            .first()
        )
        who = (str(entry.actor) if entry.actor else entry.actor_label) if entry else ""
        when = timezone.localtime(entry.at).strftime("%H:%M %d/%m/%Y") if entry else "?"
        changed = (
            "; ".join(f"{line.label}: {line.old} → {line.new}" for line in change_lines(entry))
            if entry
            else ""
        )
        super().__init__(
            _(
                "The record was updated by {who} at {time}; reload the page. Changed: {changed}."
            ).format(who=who or _("someone else"), time=when, changed=changed or "—"),
            code="stale",
        )


def move_members_between_cells(
    source: Organization,
    target: Organization,
    *,
    on: datetime.date,
    by: Actor,
    member_ids: Sequence[int] | None = None,
) -> int:
    """Move the active members of `source` (or those listed) to `target` from
    `on`; used by transfers, merges and splits inside their transaction."""
    qs = Member.objects.select_for_update(of=("self",)).filter(
        organization=source, status__in=ACTIVE_STATUSES
    )
    if member_ids is not None:
        qs = qs.filter(pk__in=member_ids)
    members = list(qs.select_related("person"))
    if not members:
        return 0
    ids = [m.pk for m in members]
    open_rows = MemberPlacement.objects.filter(member_id__in=ids, valid_to__isnull=True)
    open_rows.filter(valid_from__gte=on).delete()
    open_rows.update(valid_to=on)
    MemberPlacement.objects.bulk_create(
        [MemberPlacement(member_id=pk, organization=target, valid_from=on) for pk in ids],
        batch_size=2000,
    )
    Member.objects.filter(pk__in=ids).update(organization=target)
    record_many(
        by,
        AuditAction.MOVE,
        [(m, {"organization": [source.pk, target.pk]}) for m in members],
        note=_("From “{old}” to “{new}”.").format(old=source.name, new=target.name),
    )
    return len(ids)


@transaction.atomic
def transfer_member(member: Member, *, by: Actor, to: Organization, on: datetime.date) -> Member:
    """Permanent transfer of party activity to another cell (RULES T7)."""
    member = (
        Member.objects.select_for_update(of=("self",))
        .select_related("organization")
        .get(pk=member.pk)
    )
    errors = {}
    if not member.is_active:
        errors["organization"] = _("Only an active member can be transferred.")
    elif to.pk == member.organization_id:
        errors["organization"] = _("The member is already in “{name}”.").format(name=to.name)
    elif to.kind != OrgKind.CELL or to.valid_to is not None:
        errors["organization"] = _("Choose an active party cell to transfer to.")
    current = member.placements.filter(valid_to__isnull=True).first()
    if not errors and current and on < current.valid_from:
        errors["date"] = _(
            "The transfer date cannot be before the member joined the current cell ({date})."
        ).format(date=current.valid_from.strftime("%d/%m/%Y"))
    if errors:
        raise ValidationError(errors)
    move_members_between_cells(member.organization, to, on=on, by=by, member_ids=[member.pk])
    member.refresh_from_db()
    return member


@transaction.atomic
def bulk_create_members(
    *, by: Actor, rows: Sequence[tuple[Person, Member]], batch_size: int = 2000
) -> int:
    """Create many people and members at once (demo and synthetic data),
    with their placements and one audit row per created object. Each row
    must already be valid: this path skips per-row checks for speed."""
    people = [person for person, _member in rows]
    for person in people:
        person.full_name = normalize_name(person.full_name)
        person.refresh_search_fields()
    Person.objects.bulk_create(people, batch_size=batch_size)
    members = []
    for person, member in rows:
        member.person = person
        members.append(member)
    Member.objects.bulk_create(members, batch_size=batch_size)
    MemberPlacement.objects.bulk_create(
        [
            MemberPlacement(
                member=m,
                organization_id=m.organization_id,
                valid_from=m.admitted_on,
                valid_to=m.left_on if m.status not in ACTIVE_STATUSES else None,
            )
            for m in members
        ],
        batch_size=batch_size,
    )
    record_many(by, AuditAction.CREATE, [(p, created(p, PERSON_FIELDS)) for p in people])
    record_many(by, AuditAction.CREATE, [(m, created(m, MEMBER_FIELDS)) for m in members])
    return len(members)


@transaction.atomic
def readmit_member(
    member: Member,
    *,
    by: Actor,
    cell: Organization,
    admitted_on: datetime.date,
    ceremony_on: datetime.date,
) -> Member:
    """A former member admitted again (RULES T6): the same record becomes
    probationary again, in the new cell, with the new dates."""
    member = (
        Member.objects.select_for_update(of=("self",)).select_related("person").get(pk=member.pk)
    )
    if member.is_active:
        raise ValidationError({"person": _("This person is an active party member.")})
    before = snapshot(member, MEMBER_FIELDS)
    member.organization = cell
    member.status = MemberStatus.PROBATIONARY
    member.admitted_on, member.ceremony_on = admitted_on, ceremony_on
    member.full_on = member.left_on = None
    _check_member(member)
    member.save()
    MemberPlacement.objects.create(member=member, organization=cell, valid_from=admitted_on)
    record(by, AuditAction.UPDATE, member, diff(before, member), note="re-admission")
    return member
