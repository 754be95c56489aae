"""Every change to the organisation tree: one transaction each, audited, with
a dated OrganizationEvent and placement history so that the tree as it was on
any past date can be read back (selectors.subtree_as_of)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.scope import may_set_competence
from apps.audit.models import AuditAction
from apps.audit.services import Actor, created, diff, record, snapshot

from .choices import DecisionBody, DecisionThreshold, OrgEventKind, OrgKind
from .models import Organization, OrganizationEvent, OrganizationPlacement

AUDITED_FIELDS = (
    "code",
    "name",
    "kind",
    "category",
    "parent",
    "admin_code",
    "valid_from",
    "valid_to",
    "decision_body",
    "decision_threshold",
)


def _check_parent(kind: str, category: str, parent: Organization | None, on: datetime.date) -> None:
    errors: dict[str, str] = {}
    if kind == OrgKind.PROVINCE:
        if parent is not None:
            errors["parent"] = _(
                "A province committee is the top of the tree and has no parent unit."
            )
    elif parent is None:
        errors["parent"] = _("Choose the parent unit: only a province committee stands at the top.")
    elif parent.kind == OrgKind.CELL:
        errors["parent"] = _("A party cell cannot have units under it.")
    elif not parent.active_on(on):
        errors["parent"] = _("The parent unit “{name}” is not active on {date}.").format(
            name=parent.name, date=on.strftime("%d/%m/%Y")
        )
    if kind == OrgKind.CELL and not category:
        errors["category"] = _("A party cell needs its category (residential, school, agency …).")
    if kind != OrgKind.CELL and category:
        errors["category"] = _("Only a party cell has a cell category.")
    if errors:
        raise ValidationError(errors)


def _open_placement(org: Organization, on: datetime.date) -> OrganizationPlacement:
    return OrganizationPlacement.objects.create(
        organization=org, parent=org.parent, path=org.path, valid_from=on
    )


def _event(
    kind: OrgEventKind,
    org: Organization,
    on: datetime.date,
    description: str,
    document: str = "",
    related: Iterable[Organization] = (),
) -> OrganizationEvent:
    event = OrganizationEvent.objects.create(
        kind=kind, organization=org, date=on, description=description[:500], document=document
    )
    if related:
        event.related.set(list(related))
    return event


@transaction.atomic
def create_organization(
    *,
    by: Actor,
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    valid_from: datetime.date,
    category: str = "",
    admin_code: str = "",
    decision_body: str = "",
    decision_threshold: str = "",
    document: str = "",
) -> Organization:
    code = code.strip()
    name = " ".join(name.split())
    _check_parent(kind, category, parent, valid_from)
    if Organization.objects.filter(code=code).exists():
        raise ValidationError(
            {"code": _("The code “{code}” is already used by another unit.").format(code=code)}
        )
    org = Organization(
        code=code,
        name=name,
        kind=kind,
        category=category,
        parent=parent,
        admin_code=admin_code,
        valid_from=valid_from,
        decision_body=decision_body,
        decision_threshold=decision_threshold,
        path=f"/new-{code}/",
    )
    org.save()
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.depth = parent.depth + 1 if parent else 0
    org.save(update_fields=["path", "depth"])
    _open_placement(org, valid_from)
    _event(OrgEventKind.CREATE, org, valid_from, "", document)
    record(by, AuditAction.CREATE, org, created(org, AUDITED_FIELDS))
    return org


@transaction.atomic
def update_organization(org: Organization, *, by: Actor, **changes: Any) -> Organization:
    """Change the unit's settings (code, category, administrative code, the
    competent decision body of RULES V5). Renames and moves have their own
    actions because they are dated events."""
    allowed = {"code", "category", "admin_code", "decision_body", "decision_threshold"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    org = Organization.objects.select_for_update().get(pk=org.pk)
    competence = {"decision_body", "decision_threshold"}
    if (
        not isinstance(by, str)
        and any(k in changes and changes[k] != getattr(org, k) for k in competence)
        and not may_set_competence(by, org)
    ):
        # RULES V5: a unit's competent body is set by the level above.
        raise PermissionDenied
    before = snapshot(org, AUDITED_FIELDS)
    for key, value in changes.items():
        setattr(org, key, value.strip() if isinstance(value, str) else value)
    if org.kind == OrgKind.CELL and not org.category:
        raise ValidationError(
            {"category": _("A party cell needs its category (residential, school, agency …).")}
        )
    if org.kind != OrgKind.CELL and org.category:
        raise ValidationError({"category": _("Only a party cell has a cell category.")})
    if Organization.objects.filter(code=org.code).exclude(pk=org.pk).exists():
        raise ValidationError(
            {"code": _("The code “{code}” is already used by another unit.").format(code=org.code)}
        )
    org.save()
    changed = diff(before, org)
    if changed:
        record(by, AuditAction.UPDATE, org, changed)
    return org


def _require_active(org: Organization, on: datetime.date, field_name: str = "date") -> None:
    if org.valid_to is not None:
        raise ValidationError(
            {
                field_name: _("The unit “{name}” was closed on {date}.").format(
                    name=org.name, date=org.valid_to.strftime("%d/%m/%Y")
                )
            }
        )
    if on < org.valid_from:
        raise ValidationError(
            {
                field_name: _(
                    "The date must not be before the unit was established ({date})."
                ).format(date=org.valid_from.strftime("%d/%m/%Y"))
            }
        )


@transaction.atomic
def rename_organization(
    org: Organization, *, by: Actor, name: str, on: datetime.date, document: str = ""
) -> Organization:
    org = Organization.objects.select_for_update().get(pk=org.pk)
    _require_active(org, on)
    name = " ".join(name.split())
    if not name:
        raise ValidationError({"name": _("Enter the new name.")})
    old = org.name
    if name == old:
        raise ValidationError({"name": _("The new name is the same as the current one.")})
    before = snapshot(org, AUDITED_FIELDS)
    org.name = name
    org.save(update_fields=["name"])
    _event(
        OrgEventKind.RENAME,
        org,
        on,
        _("Renamed from “{old}” to “{new}”.").format(old=old, new=name),
        document,
    )
    record(by, AuditAction.UPDATE, org, diff(before, org), note=document)
    return org


def _replace_placements(root: Organization, new_parent: Organization, on: datetime.date) -> None:
    """Re-path `root` and its active subtree under `new_parent` from `on`,
    closing the old placements so the past keeps the old paths."""
    old_prefix = root.path
    new_prefix = f"{new_parent.path}{root.pk}/"
    depth_shift = new_parent.depth + 1 - root.depth
    subtree = list(Organization.objects.select_for_update().filter(path__startswith=old_prefix))
    ids = [o.pk for o in subtree]
    current = OrganizationPlacement.objects.filter(organization_id__in=ids, valid_to__isnull=True)
    same_day = [p.pk for p in current if p.valid_from >= on]
    # A placement opened the same day is simply corrected, not closed empty.
    OrganizationPlacement.objects.filter(pk__in=same_day).delete()
    current.exclude(pk__in=same_day).update(valid_to=on)
    new_rows = []
    for o in subtree:
        o.path = new_prefix + o.path[len(old_prefix) :]
        o.depth += depth_shift
        if o.pk == root.pk:
            o.parent = new_parent
        if o.valid_to is None:
            new_rows.append(
                OrganizationPlacement(
                    organization=o, parent_id=o.parent_id, path=o.path, valid_from=on
                )
            )
    Organization.objects.bulk_update(subtree, ["path", "depth", "parent"], batch_size=1000)
    OrganizationPlacement.objects.bulk_create(new_rows, batch_size=1000)
    root.path, root.depth, root.parent = new_prefix, root.depth + depth_shift, new_parent


def _check_new_parent(
    org: Organization, new_parent: Organization, on: datetime.date, field_name: str = "parent"
) -> None:
    if new_parent.path.startswith(org.path):
        raise ValidationError(
            {field_name: _("A unit cannot be moved under itself or under one of its own units.")}
        )
    _check_parent(org.kind, org.category, new_parent, on)


@transaction.atomic
def move_organization(
    org: Organization, *, by: Actor, new_parent: Organization, on: datetime.date, document: str = ""
) -> Organization:
    org = Organization.objects.select_for_update().get(pk=org.pk)
    _require_active(org, on)
    if org.parent_id == new_parent.pk:
        raise ValidationError(
            {"parent": _("The unit is already under “{name}”.").format(name=new_parent.name)}
        )
    _check_new_parent(org, new_parent, on)
    old_parent = org.parent
    before = snapshot(org, AUDITED_FIELDS)
    _replace_placements(org, new_parent, on)
    _event(
        OrgEventKind.MOVE,
        org,
        on,
        _("Moved from “{old}” to “{new}”.").format(
            old=old_parent.name if old_parent else "—", new=new_parent.name
        ),
        document,
        [new_parent],
    )
    record(by, AuditAction.MOVE, org, diff(before, org), note=document)
    return org


def _move_members(
    source: Organization,
    target: Organization,
    on: datetime.date,
    by: Actor,
    member_ids: Sequence[int] | None = None,
) -> int:
    from apps.members.services import move_members_between_cells

    return move_members_between_cells(source, target, on=on, by=by, member_ids=member_ids)


def _close(org: Organization, on: datetime.date) -> None:
    org.valid_to = on
    org.save(update_fields=["valid_to"])
    OrganizationPlacement.objects.filter(organization=org, valid_to__isnull=True).update(
        valid_to=on
    )


@transaction.atomic
def merge_organizations(
    sources: Sequence[Organization],
    *,
    by: Actor,
    into: Organization,
    on: datetime.date,
    document: str = "",
) -> Organization:
    """Merge `sources` into `into` on `on`: their units and members move to the
    receiving unit, the sources close. The receiving unit keeps its identity
    (as the 2025 commune mergers did with a new or an existing name)."""
    if not sources:
        raise ValidationError({"sources": _("Choose at least one unit to merge.")})
    into = Organization.objects.select_for_update().get(pk=into.pk)
    _require_active(into, on, "into")
    locked = list(Organization.objects.select_for_update().filter(pk__in=[s.pk for s in sources]))
    for source in locked:
        if source.pk == into.pk:
            raise ValidationError({"sources": _("A unit cannot be merged into itself.")})
        _require_active(source, on, "sources")
        if (source.kind == OrgKind.CELL) != (into.kind == OrgKind.CELL):
            raise ValidationError(
                {
                    "into": _(
                        "A party cell merges only with a party cell, a committee only with a committee."
                    )
                }
            )
        if into.path.startswith(source.path):
            raise ValidationError(
                {"into": _("The receiving unit is inside “{name}”.").format(name=source.name)}
            )
    for source in locked:
        before = snapshot(source, AUDITED_FIELDS)
        for child in list(Organization.objects.filter(parent=source, valid_to__isnull=True)):
            child_before = snapshot(child, AUDITED_FIELDS)
            _replace_placements(child, into, on)
            record(by, AuditAction.MOVE, child, diff(child_before, child), note=document)
        moved = _move_members(source, into, on, by)
        _close(source, on)
        _event(
            OrgEventKind.MERGE,
            source,
            on,
            _("Merged into “{name}”; {count} members moved.").format(name=into.name, count=moved),
            document,
            [into],
        )
        record(by, AuditAction.MERGE, source, diff(before, source), note=document)
    _event(
        OrgEventKind.MERGE,
        into,
        on,
        _("Received: {names}.").format(names=", ".join(s.name for s in locked)),
        document,
        locked,
    )
    record(
        by,
        AuditAction.MERGE,
        into,
        {},
        note=_("Received: {names}.").format(names=", ".join(s.name for s in locked)),
    )
    return into


@dataclass
class SplitPart:
    code: str
    name: str
    category: str = ""
    child_ids: list[int] = field(default_factory=list)
    member_ids: list[int] = field(default_factory=list)


@transaction.atomic
def split_organization(
    org: Organization,
    *,
    by: Actor,
    parts: Sequence[SplitPart],
    on: datetime.date,
    document: str = "",
) -> list[Organization]:
    """Split `org` into new units under the same parent. Every active unit and
    member of `org` must go to exactly one part; then `org` closes."""
    from apps.members.choices import ACTIVE_STATUSES
    from apps.members.models import Member

    org = Organization.objects.select_for_update().get(pk=org.pk)
    _require_active(org, on)
    if len(parts) < 2:
        raise ValidationError({"parts": _("A split needs at least two new units.")})
    children = set(
        Organization.objects.filter(parent=org, valid_to__isnull=True).values_list("pk", flat=True)
    )
    members = set(
        Member.objects.filter(organization=org, status__in=ACTIVE_STATUSES).values_list(
            "pk", flat=True
        )
    )
    given_children = [c for p in parts for c in p.child_ids]
    given_members = [m for p in parts for m in p.member_ids]
    if sorted(given_children) != sorted(children) or sorted(given_members) != sorted(members):
        raise ValidationError(
            {
                "parts": _(
                    "Every unit and every member of “{name}” must go to exactly one of the new units."
                ).format(name=org.name)
            }
        )
    new_units = []
    for part in parts:
        unit = create_organization(
            by=by,
            code=part.code,
            name=part.name,
            kind=org.kind,
            category=part.category or org.category,
            parent=org.parent,
            valid_from=on,
            admin_code="",
            decision_body=org.decision_body,
            decision_threshold=org.decision_threshold,
            document=document,
        )
        for child in Organization.objects.filter(pk__in=part.child_ids):
            child_before = snapshot(child, AUDITED_FIELDS)
            _replace_placements(child, unit, on)
            record(by, AuditAction.MOVE, child, diff(child_before, child), note=document)
        if part.member_ids:
            _move_members(org, unit, on, by, member_ids=part.member_ids)
        new_units.append(unit)
    before = snapshot(org, AUDITED_FIELDS)
    _close(org, on)
    _event(
        OrgEventKind.SPLIT,
        org,
        on,
        _("Split into: {names}.").format(names=", ".join(u.name for u in new_units)),
        document,
        new_units,
    )
    record(by, AuditAction.SPLIT, org, diff(before, org), note=document)
    return new_units


@transaction.atomic
def dissolve_organization(
    org: Organization, *, by: Actor, on: datetime.date, document: str = ""
) -> Organization:
    from apps.members.choices import ACTIVE_STATUSES
    from apps.members.models import Member

    org = Organization.objects.select_for_update().get(pk=org.pk)
    _require_active(org, on)
    if Organization.objects.filter(parent=org, valid_to__isnull=True).exists():
        raise ValidationError(
            {
                "date": _("“{name}” still has units under it: move or merge them first.").format(
                    name=org.name
                )
            }
        )
    if Member.objects.filter(organization=org, status__in=ACTIVE_STATUSES).exists():
        raise ValidationError(
            {"date": _("“{name}” still has members: transfer them first.").format(name=org.name)}
        )
    before = snapshot(org, AUDITED_FIELDS)
    _close(org, on)
    _event(OrgEventKind.DISSOLVE, org, on, "", document)
    record(by, AuditAction.DISSOLVE, org, diff(before, org), note=document)
    return org


def effective_decision(org: Organization) -> tuple[str, str]:
    """The competent body and threshold for `org` (RULES V5): its own setting
    or the nearest ancestor's."""
    body, threshold = org.decision_body, org.decision_threshold
    if body and threshold:
        return body, threshold
    ancestors = {o.pk: o for o in Organization.objects.filter(pk__in=org.ancestor_ids())}
    for pk in reversed(org.ancestor_ids()):
        anc = ancestors.get(pk)
        if anc is None:
            continue
        body = body or anc.decision_body
        threshold = threshold or anc.decision_threshold
        if body and threshold:
            break
    return body or DecisionBody.GRASSROOTS_STANDING, threshold or DecisionThreshold.MAJORITY


@transaction.atomic
def bulk_create_units(
    *, by: Actor, parent: Organization, units: Sequence[Organization], batch_size: int = 2000
) -> list[Organization]:
    """Create many units under one parent at once (synthetic data): the same
    rows, placements and audit entries as create_organization, in bulk."""
    from apps.audit.services import record_many

    for unit in units:
        _check_parent(unit.kind, unit.category, parent, unit.valid_from)
        unit.parent = parent
        unit.depth = parent.depth + 1
        unit.path = f"/new-{unit.code}/"
    Organization.objects.bulk_create(units, batch_size=batch_size)
    for unit in units:
        unit.path = f"{parent.path}{unit.pk}/"
    Organization.objects.bulk_update(units, ["path"], batch_size=batch_size)
    OrganizationPlacement.objects.bulk_create(
        [
            OrganizationPlacement(
                organization=u, parent=parent, path=u.path, valid_from=u.valid_from
            )
            for u in units
        ],
        batch_size=batch_size,
    )
    record_many(by, AuditAction.CREATE, [(u, created(u, AUDITED_FIELDS)) for u in units])
    return list(units)
