"""The auditor's page: who viewed or exported whose personal data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from apps.accounts.scope import path_q, restrict, scope_paths
from apps.common.forms import VNDateField
from apps.common.http import AuthedRequest
from apps.organizations.forms import UnitChoiceField
from apps.organizations.models import Organization
from domain.roles import Perm

from .models import AccessEntry, AccessKind

PAGE = 50


class AccessFilterForm(forms.Form):
    user = forms.CharField(label=gettext_lazy("User"), required=False, max_length=150)
    unit = UnitChoiceField(
        label=gettext_lazy("Unit (with the units below it)"),
        queryset=Organization.objects.none(),
        required=False,
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("How"),
        required=False,
        choices=[("", gettext_lazy("Any")), *AccessKind.choices],
    )
    date_from = VNDateField(label=gettext_lazy("From"), required=False)
    date_to = VNDateField(label=gettext_lazy("To"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


def access_in_scope(user: Any) -> QuerySet[AccessEntry]:
    """The log rows about units in the user's audit scope."""
    return AccessEntry.objects.filter(
        path_q(scope_paths(user, Perm.VIEW_ACCESS_LOG), "organization__path")
    )


@login_required
def access_log(request: AuthedRequest) -> HttpResponse:
    """Who viewed a dossier or a member's record, read people through the
    API, or exported a list — in the auditor's scope, newest first, filtered
    by user, unit (and below), how and dates; 50 a page."""
    if not scope_paths(request.user, Perm.VIEW_ACCESS_LOG):
        raise PermissionDenied
    units = restrict(Organization.objects.all(), request.user, Perm.VIEW_ACCESS_LOG).order_by(
        "path"
    )
    form = AccessFilterForm(request.GET or None, units=units)
    rows = access_in_scope(request.user).select_related("actor", "organization", "content_type")
    if form.is_valid():
        data = form.cleaned_data
        if text := data["user"].strip():
            rows = rows.filter(
                Q(actor__username__iexact=text) | Q(actor__full_name__icontains=text)
            )
        if data["unit"] is not None:
            rows = rows.filter(organization__path__startswith=data["unit"].path)
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        if data["date_from"]:
            rows = rows.filter(at__date__gte=data["date_from"])
        if data["date_to"]:
            rows = rows.filter(at__date__lte=data["date_to"])
    page = Paginator(rows.order_by("-at", "-id"), PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/access_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=200 if form.is_valid() or not request.GET else 400,
    )
