"""Writes of targets and monitoring settings: one transaction each, audited."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.accounts.scope import has_perm_at
from apps.audit.models import AuditAction
from apps.audit.services import Actor, created, diff, record, snapshot
from apps.organizations.models import Organization
from domain.roles import Perm

from .models import MonitoringSettings, Target, TargetKind, Term

TARGET_FIELDS = ["organization", "kind", "year", "term", "value", "share_min", "share_max"]
SETTINGS_FIELDS = ["carry_over", "q4_threshold", "idle_years", "min_official_members"]


@dataclass(frozen=True)
class TargetInput:
    """What a user typed for one unit: a head count, or a share range of the
    members (yearly targets only). All empty means "no target"."""

    value: int | None = None
    share_min: Decimal | None = None
    share_max: Decimal | None = None

    @property
    def empty(self) -> bool:
        return self.value is None and self.share_min is None and self.share_max is None


def can_set_target(user: Actor, unit: Organization) -> bool:
    """A level sets the targets of the units directly below it; a root unit's
    own target is set at the root."""
    where = unit.parent.path if unit.parent_id and unit.parent else unit.path
    return has_perm_at(user, where, Perm.SET_TARGETS)


def _check(unit: Organization, data: TargetInput, year: int | None) -> None:
    errors: dict[str, list[str]] = {}
    name = unit.name
    if data.value is not None and (data.share_min is not None or data.share_max is not None):
        errors.setdefault("value", []).append(
            _("{unit}: enter either a number or a share of the members, not both.").format(
                unit=name
            )
        )
    if data.value is not None and data.value < 0:
        errors.setdefault("value", []).append(
            _("{unit}: the target cannot be negative.").format(unit=name)
        )
    if data.share_max is not None and data.share_min is None:
        errors.setdefault("share_min", []).append(
            _("{unit}: a share target needs its lower bound (from %).").format(unit=name)
        )
    if data.share_min is not None:
        if year is None:
            errors.setdefault("share_min", []).append(
                _(
                    "{unit}: a term target is a number; a share of the members is only "
                    "for a yearly target (members at the start of the year)."
                ).format(unit=name)
            )
        low, high = data.share_min, data.share_max
        for value in (low, high):
            if value is not None and not (Decimal("0") < value <= Decimal(100)):
                errors.setdefault("share_min", []).append(
                    _("{unit}: a share must be above 0% and at most 100%.").format(unit=name)
                )
                break
        if high is not None and high < low:
            errors.setdefault("share_max", []).append(
                _(
                    "{unit}: the upper bound of the share ({high}%) is below its lower bound ({low}%)."
                ).format(unit=name, high=high, low=low)
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def set_targets(
    *,
    by: Actor,
    kind: TargetKind,
    year: int | None = None,
    term: Term | None = None,
    values: dict[Organization, TargetInput],
) -> int:
    """Set (or clear) the targets of several units for one kind and period.
    Every unit must be one the user may set targets for; any error leaves
    every target as it was. Returns the number of targets changed."""
    if (year is None) == (term is None):
        raise ValidationError(_("Choose a year or a term for the targets."))
    errors: list[ValidationError] = []
    for unit, data in values.items():
        if not isinstance(by, str) and not can_set_target(by, unit):
            errors.append(
                ValidationError(
                    _("{unit}: you may not set this unit's targets.").format(unit=unit.name)
                )
            )
            continue
        try:
            _check(unit, data, year)
        except ValidationError as exc:
            errors.append(exc)
    if errors:
        raise ValidationError(errors)
    existing = {
        t.organization_id: t
        for t in Target.objects.select_for_update().filter(
            organization__in=list(values), kind=kind, year=year, term=term
        )
    }
    changed = 0
    for unit, data in values.items():
        current = existing.get(unit.pk)
        if data.empty:
            if current is not None:
                record(by, AuditAction.DELETE, current, snapshot(current, TARGET_FIELDS))
                current.delete()
                changed += 1
            continue
        if current is None:
            target = Target.objects.create(
                organization=unit,
                kind=kind,
                year=year,
                term=term,
                value=data.value,
                share_min=data.share_min,
                share_max=data.share_max,
            )
            record(by, AuditAction.CREATE, target, created(target, TARGET_FIELDS))
            changed += 1
            continue
        before = snapshot(current, TARGET_FIELDS)
        current.value, current.share_min, current.share_max = (
            data.value,
            data.share_min,
            data.share_max,
        )
        changes = diff(before, current)
        if changes:
            current.save()
            record(by, AuditAction.UPDATE, current, changes)
            changed += 1
    return changed


@transaction.atomic
def save_settings(
    *,
    by: Actor,
    unit: Organization,
    carry_over: bool,
    q4_threshold: int,
    idle_years: int,
    min_official_members: int,
) -> MonitoringSettings:
    if not isinstance(by, str) and not has_perm_at(by, unit.path, Perm.SET_TARGETS):
        raise ValidationError(_("You may not change the monitoring settings of this unit."))
    errors = {}
    if not 1 <= q4_threshold <= 100:
        errors["q4_threshold"] = _("The end-of-year threshold is a percentage from 1 to 100.")
    if not 1 <= idle_years <= 20:
        errors["idle_years"] = _("The number of years without admission is from 1 to 20.")
    if not 1 <= min_official_members <= 100:
        errors["min_official_members"] = _("The minimum of official members is from 1 to 100.")
    if errors:
        raise ValidationError(errors)
    settings, made = MonitoringSettings.objects.select_for_update().get_or_create(organization=unit)
    before = snapshot(settings, SETTINGS_FIELDS)
    settings.carry_over = carry_over
    settings.q4_threshold = q4_threshold
    settings.idle_years = idle_years
    settings.min_official_members = min_official_members
    settings.save()
    changes = created(settings, SETTINGS_FIELDS) if made else diff(before, settings)
    record(by, AuditAction.CREATE if made else AuditAction.UPDATE, settings, changes)
    return settings


def settings_for(unit: Organization) -> MonitoringSettings:
    """The settings that apply to `unit`'s children: its own, else the nearest
    ancestor's, else the defaults (one query)."""
    ids = [*unit.ancestor_ids(), unit.pk]
    rows = {s.organization_id: s for s in MonitoringSettings.objects.filter(organization__in=ids)}
    for pk in reversed(ids):
        if pk in rows:
            return rows[pk]
    return MonitoringSettings(organization=unit)


@transaction.atomic
def create_term(*, by: Actor, name: str, starts_on: Any, ends_on: Any) -> Term:
    """A committee term: from the day after one congress to the next. Terms
    may not overlap, so a day belongs to one term."""
    name = name.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Name the term, e.g. 2030–2035.")
    elif Term.objects.filter(name=name).exists():
        errors["name"] = _("A term with this name already exists.")
    if ends_on <= starts_on:
        errors["ends_on"] = _("The term must end after it starts.")
    elif Term.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        clash = Term.objects.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
        errors["starts_on"] = _("The term overlaps the term {name}.").format(name=clash)
    if errors:
        raise ValidationError(errors)
    term = Term.objects.create(name=name, starts_on=starts_on, ends_on=ends_on)
    record(by, AuditAction.CREATE, term, created(term, ["name", "starts_on", "ends_on"]))
    return term
