from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from apps.accounts.scope import access, has_perm_at, scope_paths
from apps.admissions import plausibility
from apps.audit.access import record_access
from apps.audit.models import AccessKind
from apps.audit.presenters import present
from apps.audit.services import history
from apps.common.forms import apply_errors, apply_errors_to
from apps.common.http import AuthedRequest
from apps.common.ids import parse_id
from apps.common.xlsx import xlsx_response
from apps.organizations.models import Organization
from apps.organizations.selectors import active_cells_in_scope
from domain.roles import Perm

from . import services
from .choices import ACTIVE_STATUSES
from .forms import MemberFilterForm, MemberForm, PersonForm, TransferForm
from .models import PERSONAL_FIELDS, Member
from .selectors import members_in_scope, search_members

MASK = "•••"


def _member(request: AuthedRequest, pk: int, perm: Perm = Perm.VIEW) -> Member:
    return access(
        Member.objects.select_related("person", "organization", "residence_cell"),
        request.user,
        perm,
        path_field="organization__path",
        pk=pk,
    )


@login_required
def member_list(request: AuthedRequest) -> HttpResponse:
    qs = members_in_scope(request.user).select_related("person", "organization")
    unit = None
    if unit_id := request.GET.get("unit"):
        unit = access(
            Organization.objects.all(),
            request.user,
            Perm.VIEW,
            pk=parse_id(unit_id) or 0,
        )
        qs = qs.filter(organization__path__startswith=unit.path)
    form = MemberFilterForm(request.GET or None)
    status = ""
    if form.is_valid():
        qs = search_members(qs, form.cleaned_data["q"], request.user)
        status = form.cleaned_data["status"]
    if status == "":
        qs = qs.filter(status__in=ACTIVE_STATUSES)
    elif status != "all":
        qs = qs.filter(status=status)
    if request.GET.get("format") == "xlsx":
        ordered = qs.order_by("person__sort_key", "id")
        record_access(
            request.user,
            kind=AccessKind.EXPORT,
            what=_("Member list (Excel)"),
            target=Member,
            unit=unit,
            filters=request.GET,
            rows=ordered.count(),
        )
        return _members_xlsx(request, ordered)
    page = Paginator(qs.order_by("person__sort_key", "id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "form": form,
        "unit": unit,
        "query": query.urlencode(),
        "can_search_id": bool(scope_paths(request.user, Perm.VIEW_PERSONAL)),
        "can_add": unit is not None
        and unit.is_cell
        and has_perm_at(request.user, unit.path, Perm.CHANGE_MEMBERS),
    }
    template = "members/member_list.html#results" if request.htmx else "members/member_list.html"
    return render(request, template, context)


def _members_xlsx(request: AuthedRequest, qs: Any) -> HttpResponse:
    """The filtered list as shown, every page of it; citizen IDs only for
    those who may see personal data."""
    personal = scope_paths(request.user, Perm.VIEW_PERSONAL)
    header = [
        _("No."),
        _("Full name"),
        _("Date of birth"),
        _("Gender"),
        _("Citizen ID (CCCD)"),
        _("Cell"),
        _("Status"),
        _("Admission decision date"),
        _("Full membership date"),
        _("Party card number"),
    ]
    rows = (
        [
            i,
            m.person.full_name,
            m.person.date_of_birth,
            m.person.get_gender_display(),
            m.person.citizen_id if any(m.organization.path.startswith(p) for p in personal) else "",
            m.organization.name,
            m.get_status_display(),
            m.admitted_on,
            m.full_on,
            m.card_number or "",
        ]
        for i, m in enumerate(qs.iterator(chunk_size=2000), start=1)
    )
    return xlsx_response("dang-vien", _("Members"), header, rows)


@login_required
def member_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    member = _member(request, pk)
    personal = has_perm_at(request.user, member.organization.path, Perm.VIEW_PERSONAL)
    # Every view of a member's record is itself recorded (Law 91/2025/QH15).
    record_access(request.user, kind=AccessKind.PAGE, what=_("Member record"), target=member)
    entries = list(history(member.person)[:50]) + list(history(member)[:50])
    entries.sort(key=lambda e: e.at, reverse=True)
    return render(
        request,
        "members/member_detail.html",
        {
            "member": member,
            "person": member.person,
            "personal": personal,
            "mask": MASK,
            "can_change": has_perm_at(request.user, member.organization.path, Perm.CHANGE_MEMBERS),
            "placements": member.placements.select_related("organization"),
            "history": present(
                entries, masked=frozenset() if personal else frozenset(PERSONAL_FIELDS)
            ),
        },
    )


def _cells(request: AuthedRequest) -> Any:
    return active_cells_in_scope(request.user, Perm.CHANGE_MEMBERS)


@login_required
def member_create(request: AuthedRequest) -> HttpResponse:
    unit_id = request.GET.get("unit", "")
    unit = access(
        Organization.objects.all(),
        request.user,
        Perm.CHANGE_MEMBERS,
        pk=int(unit_id) if unit_id.isdigit() else 0,
    )
    person_form = PersonForm(request.POST or None, prefix="p", user=request.user)
    member_form = MemberForm(
        request.POST or None, prefix="m", cells=_cells(request), initial={"organization": unit.pk}
    )
    if request.method == "POST" and person_form.is_valid() and member_form.is_valid():
        try:
            person, new = person_form.save(commit=False), member_form.save(commit=False)
            member = plausibility.save_if_plausible(
                plausibility.member(
                    person.date_of_birth, new.admitted_on, new.ceremony_on, new.full_on
                ),
                lambda: services.create_member(by=request.user, person=person, member=new),
            )
        except ValidationError as exc:
            apply_errors_to([person_form, member_form], exc)
        else:
            messages.success(
                request, _("Member {name} recorded.").format(name=member.person.full_name)
            )
            return redirect("members:detail", pk=member.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "members/member_form.html",
        {
            "person_form": person_form,
            "member_form": member_form,
            "unit": unit,
            "title": _("New member in {name}").format(name=unit.name),
        },
        status=status,
    )


@login_required
def member_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, Perm.CHANGE_MEMBERS)
    person_form = PersonForm(
        request.POST or None, prefix="p", instance=member.person, user=request.user
    )
    member_form = MemberForm(
        request.POST or None, prefix="m", instance=member, cells=_cells(request), editing=True
    )
    if request.method == "POST" and person_form.is_valid() and member_form.is_valid():
        person_changes = {
            f: person_form.cleaned_data[f] for f in person_form.changed_data if f != "version"
        }
        member_changes = {
            f: member_form.cleaned_data[f] for f in member_form.changed_data if f != "version"
        }
        member.refresh_from_db()
        member.person.refresh_from_db()
        after = {**{k: getattr(member, k) for k in ("admitted_on", "ceremony_on", "full_on")}}
        after.update({k: v for k, v in member_changes.items() if k in after})
        born = person_changes.get("date_of_birth", member.person.date_of_birth)
        try:
            plausibility.save_if_plausible(
                plausibility.member(
                    born, after["admitted_on"], after["ceremony_on"], after["full_on"]
                ),
                lambda: services.update_member(
                    member,
                    by=request.user,
                    person_changes=person_changes,
                    member_changes=member_changes,
                    versions=(
                        person_form.cleaned_data.get("version"),
                        member_form.cleaned_data.get("version"),
                    ),
                ),
            )
        except ValidationError as exc:
            apply_errors_to([person_form, member_form], exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("members:detail", pk=member.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "members/member_form.html",
        {
            "person_form": person_form,
            "member_form": member_form,
            "unit": member.organization,
            "title": _("Edit {name}").format(name=member.person.full_name),
            "member": member,
        },
        status=status,
    )


@login_required
def member_transfer(request: AuthedRequest, pk: int) -> HttpResponse:
    member = _member(request, pk, Perm.CHANGE_MEMBERS)
    form = TransferForm(
        request.POST or None, cells=_cells(request).exclude(pk=member.organization_id)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.transfer_member(member, by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Member transferred."))
            return redirect("members:detail", pk=member.pk)
    status = 400 if request.method == "POST" else 200
    context: dict[str, Any] = {
        "form": form,
        "member": member,
        "title": _("Transfer {name}").format(name=member.person.full_name),
    }
    return render(request, "members/member_transfer.html", context, status=status)
