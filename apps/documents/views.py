"""The dossier papers of a case (each due form, or all as a ZIP) and the
template versions of each form."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.accounts.scope import access, scope_paths
from apps.admissions.models import Case, PolicyVersion
from apps.audit.access import record_access
from apps.audit.models import AccessKind
from apps.common.clock import today
from apps.common.forms import apply_errors
from apps.common.http import AuthedRequest
from apps.common.uploads import check_size
from domain.roles import Perm

from . import services
from .catalogue import BY_CODE, CONTEXT_NAMES, FORMS, GUIDE, due_forms
from .models import FormTemplate, GeneratedDocument

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _case(request: AuthedRequest, pk: int) -> Case:
    # The papers carry personal data: the right to see it is needed.
    return access(
        Case.objects.select_related("person", "organization__parent"),
        request.user,
        Perm.VIEW_PERSONAL,
        path_field="organization__path",
        pk=pk,
    )


@login_required
def case_papers(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    due = due_forms(case, today())
    return render(
        request,
        "documents/case_papers.html",
        {
            "case": case,
            "due": [(f, i, day, services.file_name(case, f, i)) for f, i, day in due],
            "generated": GeneratedDocument.objects.filter(case=case).select_related("generated_by")[
                :30
            ],
        },
    )


@login_required
def case_paper(request: AuthedRequest, pk: int, code: str, item: int) -> HttpResponse:
    case = _case(request, pk)
    found = next(
        ((f, i, day) for f, i, day in due_forms(case, today()) if f.code == code and i == item),
        None,
    )
    if found is None:
        raise Http404
    try:
        name, content = services.render(case, *found, by=request.user)
    except ValidationError as exc:  # a stored template refused at print
        return _refused(request, case, exc)
    record_access(
        request.user,
        kind=AccessKind.EXPORT,
        what=_("Dossier paper {code} (Word)").format(code=code),
        target=case,
        filters={"form": code, "item": str(item)},
    )
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


@login_required
def case_bundle(request: AuthedRequest, pk: int) -> HttpResponse:
    case = _case(request, pk)
    due = due_forms(case, today())
    if not due:
        raise Http404
    try:
        content = services.bundle(case, due, by=request.user)
    except ValidationError as exc:
        return _refused(request, case, exc)
    record_access(
        request.user,
        kind=AccessKind.EXPORT,
        what=_("Dossier papers (ZIP)"),
        target=case,
        rows=len(due),
    )
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="ho-so-{case.pk}.zip"'
    return response


def _refused(request: AuthedRequest, case: Case, exc: ValidationError) -> HttpResponse:
    for message in exc.messages:
        messages.error(request, message)
    return redirect("documents:case", pk=case.pk)


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


class TemplateForm(forms.Form):
    code = forms.ChoiceField(label=gettext_lazy("Form"))
    policy_code = forms.ChoiceField(label=gettext_lazy("For policy version"), required=False)
    file = forms.FileField(label=gettext_lazy("Template (.docx)"))
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=300)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["code"].choices = [(f.code, f"{f.code} — {f.title}") for f in FORMS]  # type: ignore[attr-defined]
        self.fields["policy_code"].choices = [("", _("Every version"))] + [  # type: ignore[attr-defined]
            (p.code, p.code) for p in PolicyVersion.objects.order_by("effective_from")
        ]


@login_required
def templates(request: AuthedRequest) -> HttpResponse:
    if not scope_paths(request.user):
        raise PermissionDenied
    can_upload = bool(scope_paths(request.user, Perm.MANAGE_RULES))
    form = TemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check_size(upload, services.template_max_bytes())  # before the file is read
                template = services.upload_template(
                    by=request.user,
                    code=form.cleaned_data["code"],
                    policy_code=form.cleaned_data["policy_code"],
                    data=upload.read(),
                    file_name=upload.name,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    apply_errors(form, exc)
                else:
                    form.add_error("file", exc)
            else:
                messages.success(request, _("Template {label} saved.").format(label=template.label))
                return redirect("documents:templates")
    uploaded: dict[str, list[FormTemplate]] = {}
    for t in FormTemplate.objects.select_related("uploaded_by"):
        uploaded.setdefault(t.code, []).append(t)
    return render(
        request,
        "documents/templates.html",
        {
            "forms": [(f, uploaded.get(f.code, [])) for f in FORMS],
            "guide": GUIDE,
            "form": form,
            "can_upload": can_upload,
            "placeholders": sorted(CONTEXT_NAMES),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def builtin_template(request: AuthedRequest, code: str) -> HttpResponse:
    if code not in BY_CODE or not scope_paths(request.user):
        raise Http404
    response = HttpResponse(services.builtin(code), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(code)}-mau.docx"
    return response
