"""Reads shared by views, the API, exports and dashboards."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet

from apps.accounts.scope import restrict
from apps.organizations.models import Organization, OrganizationPlacement
from domain.roles import Perm
from domain.vietnamese import fold

from .choices import ACTIVE_STATUSES
from .models import Member, MemberPlacement


def members_in_scope(user: Any, perm: Perm = Perm.VIEW) -> QuerySet[Member]:
    return restrict(Member.objects.all(), user, perm, path_field="organization__path")


def search_members(qs: QuerySet[Member], text: str) -> QuerySet[Member]:
    """Every word must appear in the name (accents and case ignored), or the
    text is a citizen ID / card number prefix."""
    text = text.strip()
    if not text:
        return qs
    if text.isdigit():
        return qs.filter(Q(person__citizen_id__startswith=text) | Q(card_number__startswith=text))
    for word in fold(text).split():
        qs = qs.filter(person__search_name__contains=word)
    return qs


def active_member_counts(root: Organization) -> dict[str, int]:
    """Active members under `root` now, by cell category."""
    rows = (
        Member.objects.filter(status__in=ACTIVE_STATUSES, organization__path__startswith=root.path)
        .order_by()  # Member's default order would join people for nothing
        .values("organization__category")
        .annotate(n=Count("id"))
    )
    return {r["organization__category"]: r["n"] for r in rows}


def root_path_on(root: Organization, day: datetime.date) -> str | None:
    placement = (
        OrganizationPlacement.objects.filter(organization=root, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .first()
    )
    return placement.path if placement else None


def member_counts_as_of(root: Organization, day: datetime.date) -> dict[str, int]:
    """Members under `root` on `day`, by cell category, using the tree and
    the memberships as they were that day."""
    path = root_path_on(root, day)
    if path is None:
        return {}
    rows = (
        MemberPlacement.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .filter(
            Q(organization__placements__valid_to__isnull=True)
            | Q(organization__placements__valid_to__gt=day),
            organization__placements__valid_from__lte=day,
            organization__placements__path__startswith=path,
        )
        .order_by()  # Member's default order would join people for nothing
        .values("organization__category")
        .annotate(n=Count("id"))
    )
    return {r["organization__category"]: r["n"] for r in rows}


def members_per_child(unit: Organization, children: list[Organization]) -> dict[int, int]:
    """Active members in each child's subtree, in one query (rolled up by path)."""
    per_cell = (
        Member.objects.filter(status__in=ACTIVE_STATUSES, organization__path__startswith=unit.path)
        .order_by()
        .values("organization__path")
        .annotate(n=Count("id"))
    )
    totals = {c.pk: 0 for c in children}
    prefixes = [(c.path, c.pk) for c in children]
    for row in per_cell:
        for prefix, pk in prefixes:
            if row["organization__path"].startswith(prefix):
                totals[pk] += row["n"]
                break
    return totals
