"""Dashboard, the lists behind its figures, and the progress report (HTML,
XLSX, PDF), each for a unit in the user's scope and its subtree."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.scope import access, has_perm_at
from apps.admissions.choices import Stage as StageChoice
from apps.admissions.models import Case
from apps.audit.access import record_access
from apps.audit.models import AccessKind
from apps.common.clock import today
from apps.common.forms import VNDateField
from apps.common.http import AuthedRequest
from apps.common.xlsx import xlsx_response
from apps.members.models import Member
from apps.organizations.models import Organization
from apps.training.models import Enrolment
from domain.roles import Perm

from . import dashboard as dash_mod
from . import lists
from .labels import PROBATION_LABELS, QUALITY_LABELS
from .report import ReportPeriod, build_report, to_pdf, to_xlsx
from .tree import CLOSED, UnitMissing

PAGE = 100


class AsOfForm(forms.Form):
    as_of = VNDateField(label=gettext_lazy("As of"), required=False)
    year = forms.IntegerField(
        label=gettext_lazy("Target year"), required=False, min_value=1990, max_value=2100
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, year, now = data.get("as_of"), data.get("year"), today()
        if day and day > now:
            self.add_error("as_of", _("As of: the date cannot be in the future."))
        if year and year > now.year:
            self.add_error("year", _("Target year: the year cannot be in the future."))
        if day and year and year > day.year:
            self.add_error("year", _("Target year: the year cannot be after the “as of” date."))
        return data


def _params(request: AuthedRequest) -> tuple[AsOfForm, datetime.date, int | None]:
    form = AsOfForm(request.GET or None)
    day, year = today(), None
    if form.is_valid():
        day = form.cleaned_data.get("as_of") or day
        year = form.cleaned_data.get("year")
    return form, day, year


def _unit(request: AuthedRequest, pk: int) -> Organization:
    return access(Organization.objects.select_related("parent"), request.user, Perm.VIEW, pk=pk)


def _query(d: dash_mod.Dashboard, **extra: Any) -> str:
    params = {"as_of": d.day.strftime("%d/%m/%Y"), "year": d.year.start.year, **extra}
    return urlencode({k: v for k, v in params.items() if v is not None})


@login_required
def dashboard(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    form, day, year = _params(request)
    try:
        d = dash_mod.build(unit, day, today(), year)
    except UnitMissing:
        form.add_error(
            "as_of",
            _("As of: {unit} did not exist on {day}.").format(
                unit=unit.name, day=day.strftime("%d/%m/%Y")
            ),
        )
        return render(
            request, "reports/dashboard.html", {"unit": unit, "form": form, "d": None}, status=400
        )
    charts = _charts(d)
    return render(
        request,
        "reports/dashboard.html",
        {
            "unit": unit,
            "form": form,
            "d": d,
            "q": _query(d),
            "closed": CLOSED,
            "quality_labels": [(g.value, label) for g, label in QUALITY_LABELS.items()],
            "probation_labels": list(PROBATION_LABELS.items()),
            "charts": charts,
            # reversed once here: a province page links thousands of figures
            "list_url": reverse("reports:list", args=[unit.pk]),
            "row_urls": {
                r.id: reverse("reports:dashboard", args=[r.id]) for r in d.rows if r.id > 0
            },
            "month_rows": [
                (s["label"], list(zip(s["values"], s["links"], strict=True)))
                for s in charts["months"]["series"]
            ],
            "can_set_targets": has_perm_at(request.user, unit.path, Perm.SET_TARGETS),
            "report_periods": _report_periods(),
            # groups whose list of names is personal data: counted, not linked
            "unlinked": frozenset()
            if has_perm_at(request.user, unit.path, Perm.VIEW_PERSONAL)
            else frozenset(f.split(":", 1)[1] for f in SENSITIVE_FIGURES),
        },
    )


def _report_periods() -> list[tuple[str, str]]:
    months = [(str(m), _("Month {month}").format(month=m)) for m in range(1, 13)]
    quarters = [(f"q{q}", _("Quarter {q}").format(q=q)) for q in range(1, 5)]
    return [("year", _("Whole year")), *quarters, *months]


def _charts(d: dash_mod.Dashboard) -> dict[str, Any]:
    """Data for the vendored chart library; every bar carries the link of
    the list behind it."""
    base = reverse("reports:list", args=[d.unit.pk])
    months = {
        "labels": [f"{m:02d}" for m in range(1, 13)],
        "series": [
            {
                "label": str(y),
                "values": [d.total.months.get((y, m), 0) for m in range(1, 13)],
                "links": [f"{base}?{_query(d, figure=f'month:{y}:{m}')}" for m in range(1, 13)],
            }
            for y in d.years_shown
        ],
    }
    stages = [
        (s.value, s.label)
        for s in (StageChoice.CANDIDATE, StageChoice.TRAINED, StageChoice.DOSSIER)
    ]
    pipeline = {
        "labels": [r.name or _("Units merged or dissolved since") for r in d.rows],
        "series": [
            {
                "label": str(label),
                "values": [r.pipeline.get(code, 0) for r in d.rows],
                "links": [f"{base}?{_query(d, figure=f'stage:{code}', row=r.id)}" for r in d.rows],
            }
            for code, label in stages
        ],
    }
    return {"months": months, "pipeline": pipeline}


# Lists whose every name reveals sensitive personal data.
SENSITIVE_FIGURES = frozenset({"quality:ethnic_minority", "quality:religious"})


@login_required
def figure_list(request: AuthedRequest, pk: int) -> HttpResponse:
    unit = _unit(request, pk)
    _form, day, year = _params(request)
    figure = request.GET.get("figure", "")
    if figure in SENSITIVE_FIGURES and not has_perm_at(request.user, unit.path, Perm.VIEW_PERSONAL):
        # the count is a statistic; the names behind it tell each person's
        # ethnicity or religion (Law 91/2025/QH15)
        raise PermissionDenied
    row = request.GET.get("row")
    try:
        tree_day = datetime.date(year, 12, 31) if year and year < day.year else day
        tree = dash_mod.tree_on(unit, tree_day)
        bucket = int(row) if row else None
        if (
            bucket is not None
            and bucket not in (CLOSED, unit.pk)
            and bucket not in {c.id for c in tree.children}
        ):
            raise Http404
        found = lists.figure_list(tree, figure, year or day.year, today(), bucket)
    except (UnitMissing, lists.UnknownFigure, ValueError) as exc:
        raise Http404 from exc
    if request.GET.get("format") == "xlsx":
        record_access(
            request.user,
            kind=AccessKind.EXPORT,
            what=f"{found.title} (Excel)",
            unit=unit,
            filters=request.GET,
            rows=len(found.ids),
        )
        return _figure_xlsx(found, unit)
    page = Paginator(found.ids, PAGE).get_page(request.GET.get("page"))
    objects = _objects(found.kind, list(page.object_list))
    row_name = ""
    if bucket == CLOSED:
        row_name = _("Units merged or dissolved since")
    elif bucket is not None and bucket != unit.pk:
        row_name = tree.nodes[bucket].name
    return render(
        request,
        "reports/figure_list.html",
        {
            "unit": unit,
            "found": found,
            "page": page,
            "objects": objects,
            "row_name": row_name,
            "day": tree.day,
            "back": reverse("reports:dashboard", args=[unit.pk])
            + "?"
            + urlencode({"as_of": day.strftime("%d/%m/%Y"), "year": str(year or "")}),
            "keep": _keep(request, "page"),
        },
    )


def _keep(request: AuthedRequest, drop: str) -> str:
    """The query string without one parameter (to add it back changed)."""
    params = request.GET.copy()
    params.pop(drop, None)
    return params.urlencode()


def _figure_xlsx(found: lists.FigureList, unit: Organization) -> HttpResponse:
    """The list behind a figure, all of it, as a workbook."""
    objects = _objects(found.kind, found.ids)
    if found.kind == lists.CELL:
        header = [_("No."), _("Cell"), _("Parent unit")]
        rows = [[i, o.name, o.parent.name if o.parent else ""] for i, o in enumerate(objects, 1)]
    elif found.kind == lists.MEMBER:
        header = [_("No."), _("Full name"), _("Cell"), _("Admission decision date"), _("Status")]
        rows = [
            [i, o.person.full_name, o.organization.name, o.admitted_on, o.get_status_display()]
            for i, o in enumerate(objects, 1)
        ]
    elif found.kind == lists.CASE:
        header = [_("No."), _("Full name"), _("Cell"), _("Stage now"), _("Entered the pool on")]
        rows = [
            [i, o.person.full_name, o.organization.name, o.get_stage_display(), o.opened_on]
            for i, o in enumerate(objects, 1)
        ]
    else:
        header = [_("No."), _("Full name"), _("Cell"), _("Class"), _("Certificate date")]
        rows = [
            [
                i,
                o.person.full_name,
                o.case.organization.name if o.case else "",
                o.training_class.title,
                o.certificate_on,
            ]
            for i, o in enumerate(objects, 1)
        ]
    return xlsx_response(f"danh-sach-{unit.code}", found.title, header, rows)


def _objects(kind: str, ids: list[int]) -> list[Any]:
    if kind == lists.MEMBER:
        members = Member.objects.select_related("person", "organization").in_bulk(ids)
        return [members[i] for i in ids if i in members]
    if kind == lists.CASE:
        cases = Case.objects.select_related("person", "organization").in_bulk(ids)
        return [cases[i] for i in ids if i in cases]
    if kind == lists.ENROLMENT:
        rows = Enrolment.objects.select_related(
            "person", "case__organization", "training_class"
        ).in_bulk(ids)
        return [rows[i] for i in ids if i in rows]
    units = Organization.objects.select_related("parent").in_bulk(ids)
    return [units[i] for i in ids if i in units]


def _report(request: AuthedRequest, pk: int) -> tuple[Organization, Any, AsOfForm]:
    unit = _unit(request, pk)
    form, day, year = _params(request)
    year = year or day.year
    try:
        period = ReportPeriod.parse(year, request.GET.get("period", "year"))
    except ValueError as exc:
        raise Http404 from exc
    end = min(period.end, day)
    try:
        d = dash_mod.build(unit, end, today(), year)
    except UnitMissing as exc:
        raise Http404 from exc
    return unit, build_report(d, period, today()), form


@login_required
def report(request: AuthedRequest, pk: int) -> HttpResponse:
    unit, rep, form = _report(request, pk)
    fmt = request.GET.get("format", "")
    name = f"bao-cao-{unit.code}-{rep.period.year}-{rep.period.code}"
    if fmt in ("xlsx", "pdf"):
        record_access(
            request.user,
            kind=AccessKind.EXPORT,
            what=_("Progress report ({format})").format(format=fmt.upper()),
            unit=unit,
            filters=request.GET,
        )
    if fmt == "xlsx":
        response = HttpResponse(
            to_xlsx(rep),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    if fmt == "pdf":
        response = HttpResponse(to_pdf(rep), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{name}.pdf"'
        return response
    if fmt:
        raise Http404
    return render(
        request,
        "reports/report.html",
        {
            "unit": unit,
            "report": rep,
            "form": form,
            "periods": _report_periods(),
            "query": _keep(request, "format"),
        },
    )
