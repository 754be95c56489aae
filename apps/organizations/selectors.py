from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.accounts.scope import restrict
from domain.roles import Perm

from .choices import OrgKind
from .models import Organization


def units_in_scope(user: Any, perm: Perm = Perm.VIEW) -> QuerySet[Organization]:
    return restrict(Organization.objects.all(), user, perm)


def active_cells_in_scope(user: Any, perm: Perm = Perm.VIEW) -> QuerySet[Organization]:
    return (
        units_in_scope(user, perm).filter(kind=OrgKind.CELL, valid_to__isnull=True).order_by("name")
    )


def ancestors(org: Organization) -> list[Organization]:
    ids = org.ancestor_ids()
    by_id = Organization.objects.in_bulk(ids)
    return [by_id[i] for i in ids if i in by_id]
