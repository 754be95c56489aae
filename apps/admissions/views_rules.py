"""Administration of the rules as data: policy versions and the calendar."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.scope import scope_paths
from apps.audit.models import AuditAction
from apps.audit.services import created, record
from apps.common.http import AuthedRequest
from domain.roles import Perm

from .forms import CalendarOverrideForm, PolicyVersionForm
from .models import CalendarOverride, PolicyVersion


def _require(request: AuthedRequest) -> None:
    if not scope_paths(request.user, Perm.MANAGE_RULES):
        raise PermissionDenied


@login_required
def policy_list(request: AuthedRequest) -> HttpResponse:
    if not scope_paths(request.user):
        raise PermissionDenied
    return render(
        request,
        "admissions/policies.html",
        {
            "versions": PolicyVersion.objects.all(),
            "fields": [PolicyVersion._meta.get_field(n) for n in PolicyVersion.PARAMETERS],
            "can_manage": bool(scope_paths(request.user, Perm.MANAGE_RULES)),
        },
    )


@login_required
def policy_create(request: AuthedRequest) -> HttpResponse:
    """A new regulation: its parameters start from the latest version."""
    _require(request)
    latest = PolicyVersion.objects.first()
    initial = (
        {n: getattr(latest, n) for n in ("documents", *PolicyVersion.PARAMETERS)} if latest else {}
    )
    form = PolicyVersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            version = form.save(commit=False)
            version.references = dict(latest.references) if latest else {}
            version.save()
            record(
                request.user,
                AuditAction.CREATE,
                version,
                created(
                    version, ["code", "effective_from", "documents", *PolicyVersion.PARAMETERS]
                ),
            )
        messages.success(request, _("Policy version {code} added.").format(code=version.code))
        return redirect("admissions:policies")
    return render(
        request,
        "admissions/policy_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def calendar_list(request: AuthedRequest) -> HttpResponse:
    if not scope_paths(request.user):
        raise PermissionDenied
    can_manage = bool(scope_paths(request.user, Perm.MANAGE_RULES))
    form = CalendarOverrideForm(request.POST or None)
    if request.method == "POST":
        _require(request)
        if form.is_valid():
            with transaction.atomic():
                row = form.save()
                record(
                    request.user, AuditAction.CREATE, row, created(row, ["date", "kind", "note"])
                )
            messages.success(request, _("Calendar updated."))
            return redirect("admissions:calendar")
    return render(
        request,
        "admissions/calendar.html",
        {
            "rows": CalendarOverride.objects.all(),
            "form": form,
            "can_manage": can_manage,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def calendar_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    _require(request)
    row = get_object_or_404(CalendarOverride, pk=pk)
    with transaction.atomic():
        record(request.user, AuditAction.DELETE, row, {"date": [row.date.isoformat(), None]})
        row.delete()
    messages.success(request, _("Calendar updated."))
    return redirect("admissions:calendar")
