from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.accounts.scope import access, has_perm_at, may_set_competence, scope_paths
from apps.audit.presenters import present
from apps.audit.services import history
from apps.common.forms import apply_errors
from apps.common.http import AuthedRequest
from apps.members.choices import ACTIVE_STATUSES
from apps.members.models import Member
from apps.members.selectors import (
    active_member_counts,
    member_counts_as_of,
    members_per_child,
)
from domain.roles import Perm
from domain.vietnamese import collation_key

from . import services
from .choices import CellCategory, DecisionBody, DecisionThreshold, OrgKind
from .forms import (
    AsOfForm,
    DissolveForm,
    MergeForm,
    MoveForm,
    OrganizationCreateForm,
    OrganizationEditForm,
    RenameForm,
    SplitForm,
)
from .models import Organization
from .selectors import ancestors, units_in_scope


def _unit(request: AuthedRequest, pk: int, perm: Perm = Perm.VIEW) -> Organization:
    return access(Organization.objects.select_related("parent"), request.user, perm, pk=pk)


def _category_rows(counts: dict[str, int]) -> list[tuple[str, int]]:
    labels = dict(CellCategory.choices)
    return [(str(labels.get(k, _("Committee members"))), v) for k, v in sorted(counts.items())]


@login_required
def unit_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _unit(request, pk)
    show_closed = request.GET.get("closed") == "1"
    children_qs = Organization.objects.filter(parent=org)
    if not show_closed:
        children_qs = children_qs.filter(valid_to__isnull=True)
    children = sorted(children_qs, key=lambda c: (c.kind == OrgKind.CELL, collation_key(c.name)))
    counts = members_per_child(org, children)
    visible = scope_paths(request.user)
    crumbs = [(a, any(a.path.startswith(p) for p in visible)) for a in ancestors(org)]
    as_of_form = AsOfForm(request.GET or None)
    as_of = as_of_form.cleaned_data.get("as_of") if as_of_form.is_valid() else None
    by_category = member_counts_as_of(org, as_of) if as_of else active_member_counts(org)
    body, threshold = services.effective_decision(org)
    return render(
        request,
        "organizations/unit_detail.html",
        {
            "org": org,
            "crumbs": crumbs,
            "children": [(c, counts.get(c.pk, 0)) for c in children],
            "show_closed": show_closed,
            "own_members": Member.objects.filter(
                organization=org, status__in=ACTIVE_STATUSES
            ).count(),
            "by_category": _category_rows(by_category),
            "total_members": sum(by_category.values()),
            "current_members": sum(by_category.values())
            if as_of is None
            else sum(active_member_counts(org).values()),
            "as_of_form": as_of_form,
            "as_of": as_of,
            "decision_body": dict(DecisionBody.choices).get(body, body),
            "decision_threshold": dict(DecisionThreshold.choices).get(threshold, threshold),
            "events": org.events.all()[:50],
            "history": present(list(history(org)[:50])),
            "can_change": has_perm_at(request.user, org.path, Perm.CHANGE_TREE),
            "can_set_competence": may_set_competence(request.user, org),
        },
    )


def _form_page(
    request: AuthedRequest,
    org: Organization,
    form: Any,
    title: str,
    template: str = "organizations/unit_form.html",
    **extra: Any,
) -> HttpResponse:
    status = 400 if request.method == "POST" else 200
    return render(
        request, template, {"org": org, "form": form, "title": title, **extra}, status=status
    )


@login_required
def unit_create(request: AuthedRequest, pk: int) -> HttpResponse:
    parent = _unit(request, pk, Perm.CHANGE_TREE)
    initial = {"kind": OrgKind.CELL} if parent.kind in (OrgKind.COMMUNE, OrgKind.WARD) else {}
    form = OrganizationCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            child = services.create_organization(by=request.user, parent=parent, **data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Unit “{name}” created.").format(name=child.name))
            return redirect("organizations:detail", pk=child.pk)
    return _form_page(request, parent, form, _("New unit under {name}").format(name=parent.name))


@login_required
def unit_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The unit's settings. The competent decision body and threshold (RULES
    V5) are set by the level above: for the unit's own staff and
    administrator they are shown, not editable, and a POST that tries to
    change them is refused (403) without saving anything."""
    org = _unit(request, pk, Perm.CHANGE_TREE)
    competence = may_set_competence(request.user, org)
    form = OrganizationEditForm(
        request.POST or None,
        initial={
            f: getattr(org, f)
            for f in ("code", "category", "admin_code", "decision_body", "decision_threshold")
        },
        competence=competence,
    )
    if request.method == "POST" and not competence:
        for name in ("decision_body", "decision_threshold"):
            if name in request.POST and request.POST[name] != getattr(org, name):
                raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            services.update_organization(org, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("organizations:detail", pk=org.pk)
    body, threshold = services.effective_decision(org)
    return _form_page(
        request,
        org,
        form,
        _("Settings of {name}").format(name=org.name),
        competence_fixed=None
        if competence
        else {
            "body": dict(DecisionBody.choices).get(body, body),
            "threshold": dict(DecisionThreshold.choices).get(threshold, threshold),
        },
    )


@login_required
def unit_rename(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _unit(request, pk, Perm.CHANGE_TREE)
    form = RenameForm(request.POST or None, initial={"name": org.name})
    if request.method == "POST" and form.is_valid():
        try:
            services.rename_organization(org, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Unit renamed."))
            return redirect("organizations:detail", pk=org.pk)
    return _form_page(request, org, form, _("Rename {name}").format(name=org.name))


def _targets(request: AuthedRequest, org: Organization) -> QuerySet[Organization]:
    """Active units in the user's change scope, outside `org`'s subtree."""
    return (
        units_in_scope(request.user, Perm.CHANGE_TREE)
        .filter(valid_to__isnull=True)
        .exclude(path__startswith=org.path)
        .order_by("path")
    )


@login_required
def unit_move(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _unit(request, pk, Perm.CHANGE_TREE)
    form = MoveForm(request.POST or None, targets=_targets(request, org).exclude(kind=OrgKind.CELL))
    if request.method == "POST" and form.is_valid():
        try:
            services.move_organization(org, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Unit moved."))
            return redirect("organizations:detail", pk=org.pk)
    return _form_page(request, org, form, _("Move {name}").format(name=org.name))


@login_required
def unit_merge(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _unit(request, pk, Perm.CHANGE_TREE)
    targets = _targets(request, org)
    targets = (
        targets.filter(kind=OrgKind.CELL) if org.is_cell else targets.exclude(kind=OrgKind.CELL)
    )
    form = MergeForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            into = services.merge_organizations(
                [org], by=request.user, into=data["into"], on=data["on"], document=data["document"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("“{name}” merged into “{into}”.").format(name=org.name, into=into.name)
            )
            return redirect("organizations:detail", pk=into.pk)
    return _form_page(request, org, form, _("Merge {name} into another unit").format(name=org.name))


@login_required
def unit_split(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _unit(request, pk, Perm.CHANGE_TREE)
    try:
        parts = min(max(int(request.GET.get("parts", "2")), 2), 6)
    except ValueError:
        parts = 2
    children = list(Organization.objects.filter(parent=org, valid_to__isnull=True).order_by("name"))
    members = list(
        Member.objects.filter(organization=org, status__in=ACTIVE_STATUSES).select_related("person")
    )
    form = SplitForm(request.POST or None, parts=parts, children=children, members=members)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        split_parts = [
            services.SplitPart(
                code=data[f"part{i}_code"],
                name=data[f"part{i}_name"],
                child_ids=[c.pk for c in children if data[f"child_{c.pk}"] == str(i)],
                member_ids=[m.pk for m in members if data[f"member_{m.pk}"] == str(i)],
            )
            for i in range(1, parts + 1)
        ]
        try:
            services.split_organization(
                org, by=request.user, parts=split_parts, on=data["on"], document=data["document"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("“{name}” split.").format(name=org.name))
            return redirect("organizations:detail", pk=org.parent_id or org.pk)
    return _form_page(
        request,
        org,
        form,
        _("Split {name}").format(name=org.name),
        template="organizations/unit_split.html",
        parts=parts,
    )


@login_required
def unit_dissolve(request: AuthedRequest, pk: int) -> HttpResponse:
    org = _unit(request, pk, Perm.CHANGE_TREE)
    form = DissolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.dissolve_organization(org, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("“{name}” dissolved.").format(name=org.name))
            return redirect("organizations:detail", pk=org.pk)
    return _form_page(request, org, form, _("Dissolve {name}").format(name=org.name))
