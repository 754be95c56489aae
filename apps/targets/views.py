"""Setting the targets of the units directly below a level, and the level's
monitoring settings."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.scope import access, has_perm_at, scope_paths
from apps.common.clock import today
from apps.common.forms import VNDateField, apply_errors
from apps.common.http import AuthedRequest
from apps.common.xlsx import xlsx_response
from apps.organizations.models import Organization
from apps.reports.dashboard import members_at_start
from apps.reports.tree import tree_on
from domain import statistics as st
from domain.roles import Perm

from . import services
from .models import Target, TargetKind, Term


class TargetRowForm(forms.Form):
    value = forms.IntegerField(label=gettext_lazy("Target"), required=False, min_value=0)
    share_min = forms.DecimalField(
        label=gettext_lazy("Share of members from (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
    )
    share_max = forms.DecimalField(
        label=gettext_lazy("Share of members to (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
    )

    def __init__(self, *args: Any, unit: Organization, editable: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.editable = editable
        for f in self.fields.values():
            f.localize = True
            f.widget.is_localized = True
            f.widget.attrs["aria-label"] = f"{unit.name}: {f.label}"
            if not editable:
                f.disabled = True

    def to_input(self) -> services.TargetInput:
        data = self.cleaned_data
        return services.TargetInput(data.get("value"), data.get("share_min"), data.get("share_max"))


@dataclass
class TargetRow:
    unit: Organization
    form: TargetRowForm
    target: Target | None
    own: bool
    members: int | None = None
    share_range: tuple[int, int] | None = None

    @property
    def number(self) -> int | None:
        """The head count the target means (a share's lower bound)."""
        if self.target is not None and self.target.value is not None:
            return self.target.value
        return self.share_range[0] if self.share_range else None


class SettingsForm(forms.Form):
    carry_over = forms.BooleanField(
        label=gettext_lazy("Carry unmet admissions into next year's target"), required=False
    )
    q4_threshold = forms.IntegerField(
        label=gettext_lazy(
            "End-of-year rush threshold (percent of the year's admissions made in Q4)"
        ),
        min_value=1,
        max_value=100,
    )
    idle_years = forms.IntegerField(
        label=gettext_lazy("Flag cells with no admission for (years)"), min_value=1, max_value=20
    )
    min_official_members = forms.IntegerField(
        label=gettext_lazy("Flag cells with fewer official members than"),
        min_value=1,
        max_value=100,
    )


def _period(request: AuthedRequest) -> tuple[int | None, Term | None, str]:
    """?period=2026 (a year) or ?period=t<id> (a term); default this year."""
    raw = request.GET.get("period") or str(today().year)
    if raw.startswith("t") and raw[1:].isdigit():
        term = Term.objects.filter(pk=int(raw[1:])).first()
        if term is not None:
            return None, term, raw
    if raw.isdigit() and 1990 <= int(raw) <= 2100:
        return int(raw), None, raw
    return today().year, None, str(today().year)


@login_required
def targets_page(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = access(Organization.objects.select_related("parent"), request.user, Perm.VIEW, pk=pk)
    kinds = list(TargetKind.objects.all())
    kind = next((k for k in kinds if k.code == request.GET.get("kind")), kinds[0])
    year, term, period_code = _period(request)
    day = min(today(), datetime.date(year, 12, 31)) if year else today()
    tree = tree_on(unit, day) if unit.valid_to is None else None
    order = {n.id: i for i, n in enumerate(tree.children)} if tree else {}
    children = sorted(Organization.objects.filter(pk__in=order), key=lambda c: order[c.pk])
    units = [unit, *children]
    existing = {
        t.organization_id: t
        for t in Target.objects.filter(organization__in=units, kind=kind, year=year, term=term)
    }
    can_children = has_perm_at(request.user, unit.path, Perm.SET_TARGETS)
    rows: list[TargetRow] = []
    for u in units:
        t = existing.get(u.pk)
        editable = services.can_set_target(request.user, u) if u == unit else can_children
        initial = (
            {"value": t.value, "share_min": t.share_min, "share_max": t.share_max} if t else {}
        )
        form = TargetRowForm(
            request.POST if request.method == "POST" else None,
            prefix=f"u{u.pk}",
            initial=initial,
            unit=u,
            editable=editable,
        )
        rows.append(TargetRow(u, form, t, u == unit))
    page_errors: list[str] = []
    if request.method == "POST":
        if not any(r.form.editable for r in rows):
            raise PermissionDenied
        if all(r.form.is_valid() for r in rows):
            values = {r.unit: r.form.to_input() for r in rows if r.form.editable}
            try:
                changed = services.set_targets(
                    by=request.user, kind=kind, year=year, term=term, values=values
                )
            except ValidationError as exc:
                page_errors = exc.messages
            else:
                messages.success(request, _("Targets saved ({n} changed).").format(n=changed))
                return redirect(
                    reverse("targets:unit", args=[unit.pk])
                    + f"?kind={kind.code}&period={period_code}"
                )
    starts: dict[int, int] = {}
    if year and tree and any(t.share_min is not None for t in existing.values()):
        starts = members_at_start(tree, year)
    for r in rows:
        t = r.target
        if t is not None and t.share_min is not None:
            r.members = sum(starts.values()) if r.own else starts.get(r.unit.pk, 0)
            r.share_range = st.share_target(r.members, t.share_min, t.share_max)
    if request.GET.get("format") == "xlsx":
        header = [
            _("Unit"),
            _("Target"),
            _("Share of members from (%)"),
            _("Share of members to (%)"),
            _("Members on 1 January"),
            _("Means"),
        ]
        return xlsx_response(
            f"chi-tieu-{unit.code}-{period_code}",
            _("Targets"),
            header,
            [
                [
                    r.unit.name,
                    r.target.value if r.target else None,
                    float(r.target.share_min)
                    if r.target and r.target.share_min is not None
                    else None,
                    float(r.target.share_max)
                    if r.target and r.target.share_max is not None
                    else None,
                    r.members,
                    r.number,
                ]
                for r in rows
            ],
        )
    child_numbers = [n for r in rows[1:] if (n := r.number) is not None]
    own_number = rows[0].number
    return render(
        request,
        "targets/targets.html",
        {
            "unit": unit,
            "kinds": kinds,
            "kind": kind,
            "year": year,
            "term": term,
            "period_code": period_code,
            "years": list(range(today().year + 1, today().year - 6, -1)),
            "terms": Term.objects.all(),
            "rows": rows,
            "page_errors": page_errors,
            "can_edit": any(r.form.editable for r in rows),
            "children_sum": sum(child_numbers) if child_numbers else None,
            "own_number": own_number,
            "mismatch": bool(child_numbers)
            and own_number is not None
            and sum(child_numbers) != own_number,
            "settings": services.settings_for(unit),
            "can_settings": has_perm_at(request.user, unit.path, Perm.SET_TARGETS),
        },
        status=400 if request.method == "POST" else 200,
    )


class TermForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Term"), max_length=20)
    starts_on = VNDateField(label=gettext_lazy("Starts on"))
    ends_on = VNDateField(label=gettext_lazy("Ends on"))


@login_required
def terms_page(request: AuthedRequest) -> HttpResponse:
    """The committee terms (data); administrators add the next one."""
    if not scope_paths(request.user):
        raise PermissionDenied
    can_add = bool(scope_paths(request.user, Perm.MANAGE_RULES))
    form = TermForm(request.POST or None)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.create_term(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Term saved."))
                return redirect("targets:terms")
    return render(
        request,
        "targets/terms.html",
        {"terms": Term.objects.all(), "form": form, "can_add": can_add},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def settings_page(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = access(
        Organization.objects.select_related("parent"), request.user, Perm.SET_TARGETS, pk=pk
    )
    current = services.settings_for(unit)
    form = SettingsForm(
        request.POST or None,
        initial={
            "carry_over": current.carry_over,
            "q4_threshold": current.q4_threshold,
            "idle_years": current.idle_years,
            "min_official_members": current.min_official_members,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(by=request.user, unit=unit, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Monitoring settings saved."))
            return redirect("targets:unit", pk=unit.pk)
    inherited = current.pk is not None and current.organization_id != unit.pk
    return render(
        request,
        "targets/settings.html",
        {"unit": unit, "form": form, "inherited_from": current.organization if inherited else None},
        status=400 if request.method == "POST" else 200,
    )
