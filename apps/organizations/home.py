"""The home page: the units of the user's roles with their sizes (moved out
of `common`, which imports no other app)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import render

from apps.accounts.models import RoleAssignment
from apps.common.http import AuthedRequest
from apps.members.choices import ACTIVE_STATUSES
from apps.members.models import Member
from apps.organizations.choices import OrgKind
from apps.organizations.models import Organization


@login_required
def home(request: AuthedRequest) -> HttpResponse:
    """The user's to-do list (Việc cần làm) and their scope: each unit a
    role is granted at, with its size."""
    grants = (
        RoleAssignment.objects.filter(user=request.user)
        .select_related("organization")
        .order_by("organization__path")
    )
    units = []
    for grant in grants:
        org = grant.organization
        stats = Organization.objects.filter(
            path__startswith=org.path, valid_to__isnull=True
        ).aggregate(
            cells=Count("id", filter=Q(kind=OrgKind.CELL)),
            units=Count("id"),
        )
        stats["members"] = Member.objects.filter(
            organization__path__startswith=org.path, status__in=ACTIVE_STATUSES
        ).count()
        units.append({"grant": grant, "org": org, **stats})
    return render(request, "home.html", {"units": units, **todo_context(request.user)})


def todo_context(user: Any) -> dict[str, Any]:
    """Việc cần làm on the home page: the user's counts by bucket and, for
    a user above the cells, the units below with the most overdue items.
    Each count links to a list of exactly that many items."""
    from apps.accounts.scope import scope_paths
    from apps.common.clock import today
    from apps.deadlines.engine import Engine, summarise, worst_units

    engine = Engine(today())
    mine = engine.for_user(user)
    return {
        "todo": summarise(mine),
        "worst_units": worst_units(user, engine.items(scope_paths(user))),
    }
