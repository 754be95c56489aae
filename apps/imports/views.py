"""Upload a roster, read the dry run, answer the questions, commit; the
template and the errors as Excel files."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.scope import scope_paths
from apps.common.http import AuthedRequest
from apps.common.uploads import check_size
from domain.roles import Perm

from . import services
from .columns import kinds
from .models import ImportJob, ImportMode, ImportStatus

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("The file holds"))
    file = forms.FileField(label=gettext_lazy("File (.xlsx or .csv)"))

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["kind"].choices = [(k.code, k.title) for k in kinds().values()]  # type: ignore[attr-defined]


def _may_import(request: AuthedRequest) -> bool:
    return bool(scope_paths(request.user, Perm.CHANGE_MEMBERS))


def _job(request: AuthedRequest, pk: int) -> ImportJob:
    job = ImportJob.objects.filter(pk=pk, created_by=request.user).first()
    if job is None:
        raise Http404
    return job


@login_required
def import_list(request: AuthedRequest) -> HttpResponse:
    if not _may_import(request):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload, settings.IMPORT_MAX_BYTES)  # before the file is read
            job = services.upload(
                by=request.user,
                kind=form.cleaned_data["kind"],
                file_name=upload.name,
                data=upload.read(),
            )
        except ValidationError as exc:
            form.add_error(None if hasattr(exc, "error_dict") else "file", exc)
        else:
            return redirect("imports:detail", pk=job.pk)
    return render(
        request,
        "imports/list.html",
        {
            "form": form,
            "jobs": ImportJob.objects.filter(created_by=request.user)[:30],
            "kinds": list(kinds().values()),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def import_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    errors: list[str] = []
    if request.method == "POST":
        decisions = {
            key.removeprefix("row-"): str(value)
            for key, value in request.POST.items()
            if key.startswith("row-")
        }
        try:
            job = services.commit(
                job, by=request.user, mode=request.POST.get("mode", ""), decisions=decisions
            )
        except ValidationError as exc:
            errors = exc.messages
        else:
            if job.status == ImportStatus.DONE:
                messages.success(request, _("Import finished."))
            return redirect("imports:detail", pk=job.pk)
    done, total = services.progress(job.pk)
    show = request.GET.get("show", "")
    rows = sorted([*job.problems, *job.preview], key=lambda r: r["row"])
    if show in ("error", "ask"):
        rows = [r for r in rows if r["action"] == show]
    elif show == "ok":
        rows = [r for r in rows if r["action"] not in ("error", "ask")]
    context = {
        "job": job,
        "kind": kinds()[job.kind],
        "errors": errors,
        "done": done,
        "total": total or job.rows_total,
        "modes": ImportMode.choices,
        "error_rows": [p for p in job.problems if p["action"] == "error"][:500],
        "ask_rows": [p for p in job.problems if p["action"] == "ask"],
        "rows": rows[:500],
        "show": show,
        "shows": [
            ("", _("All rows")),
            ("error", _("With errors")),
            ("ask", _("Questions")),
            ("ok", _("Without errors")),
        ],
    }
    if request.htmx and request.GET.get("poll"):
        if job.busy:
            return render(request, "imports/detail.html#progress", context)
        response = HttpResponse()
        response["HX-Refresh"] = "true"
        return response
    return render(request, "imports/detail.html", context, status=400 if errors else 200)


@login_required
def import_errors(request: AuthedRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if not job.problems or not job.file:  # the file is deleted after IMPORT_KEEP_DAYS
        raise Http404
    response = HttpResponse(services.errors_workbook(job), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="loi-{job.pk}.xlsx"'
    return response


@login_required
def template(request: AuthedRequest, kind: str) -> HttpResponse:
    if kind not in kinds():
        raise Http404
    response = HttpResponse(services.template_workbook(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{kind}.xlsx"'
    return response
