"""The to-do list behind the home page's counts, the digest and feed
settings, the calendar feed and the notifications."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from apps.accounts.scope import access
from apps.common.clock import today
from apps.common.http import AuthedRequest
from apps.organizations.models import Organization
from domain import deadlines as dd
from domain.roles import Perm

from .engine import Engine, Item


def _bucket(raw: str) -> dd.Bucket | None:
    try:
        return dd.Bucket(raw)
    except ValueError:
        return None


def listed(request: AuthedRequest) -> tuple[list[Item], Organization | None, dd.Bucket | None]:
    """The items the list page shows for its query: the user's own, or
    every item under `?unit=` (404 outside the scope), in `?bucket=`."""
    engine = Engine(today())
    unit = None
    if request.GET.get("unit", "").isdigit():
        unit = access(Organization.objects.all(), request.user, Perm.VIEW, pk=request.GET["unit"])
        items = engine.under(request.user, unit)
    else:
        items = engine.for_user(request.user)
    wanted = _bucket(request.GET.get("bucket", ""))
    if wanted is not None:
        items = [i for i in items if i.bucket == wanted]
    return items, unit, wanted


@login_required
def todo(request: AuthedRequest) -> HttpResponse:
    """Việc cần làm: the user's deadlines (or a unit's), most urgent first,
    each linking to the page where its step is taken."""
    items, unit, wanted = listed(request)
    return render(
        request,
        "deadlines/list.html",
        {"items": items, "unit": unit, "bucket": wanted, "buckets": list(dd.Bucket)},
    )
