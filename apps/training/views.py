from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.accounts.scope import path_q, restrict, scope_paths
from apps.admissions import evaluation
from apps.admissions.choices import DocumentCode, Stage
from apps.admissions.models import Case
from apps.audit.access import record_access
from apps.audit.models import AccessKind
from apps.common.clock import today
from apps.common.forms import apply_errors
from apps.common.http import AuthedRequest
from apps.common.ids import parse_id, parse_ids
from apps.common.xlsx import xlsx_response
from apps.members.choices import ACTIVE_STATUSES
from apps.members.models import Member
from apps.organizations.models import Organization
from domain.dates import add_months
from domain.roles import Perm

from . import services
from .choices import ClassStatus, CourseCategory, EnrolmentStatus, Result
from .forms import CancelForm, CertificateForm, ClassForm, ProviderForm
from .models import Attendance, ClassSession, Enrolment, Provider, TrainingClass
from .selectors import classes_in_scope, nominable_cases, participants, runs_class


def _class(request: AuthedRequest, pk: int) -> TrainingClass:
    klass = (
        classes_in_scope(request.user)
        .select_related("kind", "provider__organization")
        .filter(pk=pk)
        .first()
    )
    if klass is None:
        raise Http404
    return klass


def _can_manage(request: AuthedRequest, klass: TrainingClass) -> bool:
    return runs_class(request.user, klass)


@login_required
def class_list(request: AuthedRequest) -> HttpResponse:
    classes = (
        classes_in_scope(request.user)
        .select_related("kind", "provider")
        .annotate(
            nominated=Count("enrolments"),
            accepted=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACCEPTED)),
            certified=Count("enrolments", filter=Q(enrolments__certificate_on__isnull=False)),
        )
        .order_by("-id")
    )
    status = request.GET.get("status", "")
    if status == "upcoming":
        classes = classes.filter(
            status__in=[ClassStatus.PLANNED, ClassStatus.OPEN], sessions__date__gte=today()
        ).distinct()
    elif status in ClassStatus.values:
        classes = classes.filter(status=status)
    if request.GET.get("format") == "xlsx":
        header = [
            _("No."),
            _("Class"),
            _("Course"),
            _("Provider"),
            _("Status"),
            _("Capacity"),
            _("Nominated"),
            _("Accepted"),
            _("Certificates"),
        ]
        rows = [
            [
                i,
                c.title,
                c.kind.name,
                c.provider.name,
                c.get_status_display(),
                c.capacity,
                c.nominated,
                c.accepted,
                c.certified,
            ]
            for i, c in enumerate(classes, start=1)
        ]
        return xlsx_response("lop-hoc", _("Classes"), header, rows)
    manage_units = restrict(
        Organization.objects.filter(valid_to__isnull=True), request.user, Perm.MANAGE_TRAINING
    )
    return render(
        request,
        "training/class_list.html",
        {
            "classes": classes,
            "status": status,
            "statuses": ClassStatus.choices,
            "can_create": manage_units.exists(),
            "provider_form": ProviderForm(units=manage_units.order_by("path"))
            if manage_units.exists()
            else None,
        },
    )


@login_required
@require_POST
def provider_create(request: AuthedRequest) -> HttpResponse:
    units = restrict(
        Organization.objects.filter(valid_to__isnull=True), request.user, Perm.MANAGE_TRAINING
    )
    if not units.exists():
        raise PermissionDenied
    form = ProviderForm(request.POST, units=units)
    if form.is_valid():
        with transaction.atomic():
            provider = Provider.objects.create(**form.cleaned_data)
            from apps.audit.models import AuditAction
            from apps.audit.services import created, record

            record(
                request.user,
                AuditAction.CREATE,
                provider,
                created(provider, ["name", "organization"]),
            )
        messages.success(request, _("Saved."))
    else:
        for field, errors in form.errors.items():
            for error in errors:
                messages.error(
                    request,
                    f"{form.fields[field].label}: {error}" if field in form.fields else str(error),
                )
    return redirect("training:list")


@login_required
def class_create(request: AuthedRequest) -> HttpResponse:
    manage_paths = scope_paths(request.user, Perm.MANAGE_TRAINING)
    if not manage_paths:
        raise PermissionDenied
    providers = Provider.objects.filter(path_q(manage_paths, "organization__path"))
    units = restrict(Organization.objects.filter(valid_to__isnull=True), request.user).order_by(
        "path"
    )
    form = ClassForm(request.POST or None, providers=providers, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            klass = services.create_class(by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Class “{title}” created.").format(title=klass.title))
            return redirect("training:detail", pk=klass.pk)
    return render(
        request,
        "training/class_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def nominable_members(user: Any, klass: TrainingClass) -> QuerySet[Member]:
    """Active members the user may send to a cadre course."""
    if klass.kind.category != CourseCategory.CADRE:
        return Member.objects.none()
    units = list(klass.units.all())
    return (
        restrict(
            Member.objects.filter(status__in=ACTIVE_STATUSES),
            user,
            Perm.CHANGE_MEMBERS,
            path_field="organization__path",
        )
        .filter(path_q([u.path for u in units], "organization__path"))
        .exclude(person__in=klass.enrolments.values("person"))
    )


@login_required
def class_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    klass = _class(request, pk)
    manage = _can_manage(request, klass)
    if request.method == "POST":
        _handle(request, klass, manage)
        return redirect("training:detail", pk=klass.pk)
    everyone = list(klass.enrolments.all())
    shown = participants(
        request.user,
        klass,
        klass.enrolments.select_related("person", "case__organization", "nominated_by"),
    )
    enrolments = list(shown.rows)
    sessions = list(klass.sessions.all())
    accepted = [e for e in enrolments if e.status == EnrolmentStatus.ACCEPTED]
    present = {
        (a.session_id, a.enrolment_id): a.present
        for a in Attendance.objects.filter(session__in=sessions)
    }
    nominable = nominable_cases(request.user, klass).select_related("person", "organization")[:300]
    return render(
        request,
        "training/class_detail.html",
        {
            "klass": klass,
            "manage": manage,
            "enrolments": enrolments,
            "sessions": sessions,
            "accepted": accepted,
            "attendance": [
                (s, [(e, present.get((s.pk, e.pk), False)) for e in accepted]) for s in sessions
            ],
            "nominable": nominable,
            "nominable_members": nominable_members(request.user, klass)
            .select_related("person", "organization")
            .order_by("person__sort_key")[:300],
            "active": klass.status in services.ACTIVE,
            "can_reopen": manage and not services.reopen_refusal(klass, today()),
            "results": Result.choices,
            "certificate_form": CertificateForm(
                initial={"on": today(), "issuer": klass.provider.name}
            ),
            "hidden": shown.hidden,
            # the class's totals: numbers, not names
            "counts": {
                "nominated": len(everyone),
                "accepted": sum(1 for e in everyone if e.status == EnrolmentStatus.ACCEPTED),
                "waitlisted": sum(1 for e in everyone if e.status == EnrolmentStatus.WAITLISTED),
                "certified": sum(1 for e in everyone if e.certificate_on),
            },
        },
    )


def _ids(request: AuthedRequest, name: str) -> list[int]:
    return parse_ids(request.POST.getlist(name))


def _handle(request: AuthedRequest, klass: TrainingClass, manage: bool) -> None:
    op = request.POST.get("op")
    try:
        if op == "nominate":
            chosen = list(
                nominable_cases(request.user, klass)
                .filter(pk__in=_ids(request, "case"))
                .select_related("organization")
            )
            for case in chosen:
                unit = next(
                    u for u in klass.units.all() if case.organization.path.startswith(u.path)
                )
                services.nominate(klass, by=request.user, case=case, unit=unit)
            messages.success(request, _("{n} people nominated.").format(n=len(chosen)))
            return
        if op == "nominate_members":
            picked = list(
                nominable_members(request.user, klass)
                .filter(pk__in=_ids(request, "member"))
                .select_related("organization", "person")
            )
            for member in picked:
                unit = next(
                    u for u in klass.units.all() if member.organization.path.startswith(u.path)
                )
                services.nominate_member(klass, by=request.user, member=member, unit=unit)
            messages.success(request, _("{n} people nominated.").format(n=len(picked)))
            return
        if not manage:
            raise PermissionDenied
        if op == "accept":
            rows = list(
                klass.enrolments.filter(
                    pk__in=_ids(request, "enrolment"),
                    status__in=[EnrolmentStatus.NOMINATED, EnrolmentStatus.WAITLISTED],
                ).order_by("id")
            )
            done = services.accept(rows, by=request.user)
            waiting = sum(1 for e in done if e.status == EnrolmentStatus.WAITLISTED)
            messages.success(
                request,
                _("{n} accepted, {w} on the waiting list.").format(
                    n=len(done) - waiting, w=waiting
                ),
            )
        elif op == "attendance":
            session = ClassSession.objects.get(
                training_class=klass, pk=parse_id(request.POST.get("session")) or 0
            )
            services.record_attendance(
                session, by=request.user, present_ids=_ids(request, "present")
            )
            messages.success(request, _("Saved."))
        elif op == "results":
            with transaction.atomic():
                for enrolment in klass.enrolments.filter(status=EnrolmentStatus.ACCEPTED):
                    result = request.POST.get(f"result_{enrolment.pk}", "")
                    raw = request.POST.get(f"mark_{enrolment.pk}", "").strip().replace(",", ".")
                    try:
                        mark = float(Decimal(raw)) if raw else None
                    except InvalidOperation:
                        raise ValidationError(
                            {
                                "mark": _("The mark of {name} is not a number.").format(
                                    name=enrolment.person.full_name
                                )
                            }
                        ) from None
                    if result in Result.values and (result or mark is not None):
                        services.record_result(enrolment, by=request.user, result=result, mark=mark)
            messages.success(request, _("Saved."))
        elif op == "certificates":
            form = CertificateForm(request.POST)
            if not form.is_valid():
                for field, errors in form.errors.items():
                    for error in errors:
                        messages.error(request, f"{form.fields[field].label}: {error}")
                return
            issued = services.issue_certificates(klass, by=request.user, **form.cleaned_data)
            messages.success(request, _("{n} certificates issued.").format(n=len(issued)))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    except ClassSession.DoesNotExist:
        raise Http404 from None


@login_required
def waiting(request: AuthedRequest) -> HttpResponse:
    """What a provider and a committee look at: who still needs a class, and
    whose certificate expires soon."""
    day = today()
    cases = restrict(
        Case.objects.all(), request.user, path_field="organization__path"
    ).select_related("person", "organization")
    open_classes = Enrolment.objects.filter(
        training_class__status__in=[ClassStatus.PLANNED, ClassStatus.OPEN, ClassStatus.RUNNING]
    )
    need_awareness = cases.filter(stage=Stage.CANDIDATE, on_hold=False).exclude(
        person__in=open_classes.filter(
            training_class__kind__category=CourseCategory.AWARENESS
        ).values("person")
    )
    need_new_member = cases.filter(stage=Stage.PROBATIONARY).exclude(
        documents__code=DocumentCode.NEW_MEMBER_CERTIFICATE
    )
    horizon = add_months(day, 6)
    validity = evaluation.policy_for(
        day
    ).certificate_validity_months  # RULES E5, from the policy version
    expiring = []
    for case in cases.filter(
        stage__in=[Stage.TRAINED, Stage.DOSSIER], certificate_on__isnull=False
    ):
        assert case.certificate_on is not None
        until = add_months(case.certificate_on, validity)
        if until <= horizon:
            expiring.append((case, until))
    enrolled = dict(
        open_classes.filter(case__in=need_new_member).values_list(
            "case_id", "training_class__title"
        )
    )
    return render(
        request,
        "training/waiting.html",
        {
            "need_awareness": need_awareness[:500],
            "need_awareness_count": need_awareness.count(),
            "need_new_member": [(c, enrolled.get(c.pk)) for c in need_new_member[:500]],
            "need_new_member_count": need_new_member.count(),
            "expiring": sorted(expiring, key=lambda row: row[1]),
            "today": day,
            "horizon": horizon,
        },
    )


@login_required
def class_export(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """The attendance sheet (XLSX), the class list or the certificate list (PDF)."""
    from . import exports

    klass = _class(request, pk)
    name = f"lop-{klass.pk}"
    labels = {
        "attendance.xlsx": _("Class attendance sheet (Excel)"),
        "list.pdf": _("Class list (PDF)"),
        "certificates.pdf": _("Certificates issued (PDF)"),
    }
    if fmt not in labels:
        raise Http404
    record_access(
        request.user,
        kind=AccessKind.EXPORT,
        what=f"{labels[fmt]}: {klass.title}",
        target=klass,
        filters={"class": str(klass.pk)},
    )
    if fmt == "attendance.xlsx":
        body = exports.attendance_xlsx(klass, request.user)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        filename = f"{name}-diem-danh.xlsx"
    elif fmt in ("list.pdf", "certificates.pdf"):
        body = exports.class_pdf(klass, request.user, certificates=fmt == "certificates.pdf")
        content_type = "application/pdf"
        filename = f"{name}-{fmt.replace('.pdf', '')}.pdf"
    else:
        raise Http404
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def class_status(request: AuthedRequest, pk: int) -> HttpResponse:
    klass = _class(request, pk)
    if request.method != "POST" or not _can_manage(request, klass):
        raise PermissionDenied
    try:
        services.set_status(klass, by=request.user, status=request.POST.get("status", ""))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return redirect("training:detail", pk=klass.pk)


def _review_numbers(klass: TrainingClass) -> dict[str, int]:
    everyone = list(klass.enrolments.all())
    return {
        "nominated": len(everyone),
        "accepted": sum(1 for e in everyone if e.status == EnrolmentStatus.ACCEPTED),
        "sessions": klass.sessions.count(),
    }


@login_required
def class_cancel(request: AuthedRequest, pk: int) -> HttpResponse:
    """Cancel a class: a review screen that says what cancelling does and
    asks why; the POST with the reason cancels (services.cancel)."""
    klass = _class(request, pk)
    if not _can_manage(request, klass):
        raise PermissionDenied
    if klass.status not in services.ACTIVE:
        messages.error(
            request, _("This class cannot be cancelled: it is not planned, open or running.")
        )
        return redirect("training:detail", pk=klass.pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel(klass, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The class {title} is cancelled. It can be reopened until its last day.").format(
                    title=klass.title
                ),
            )
            return redirect("training:detail", pk=klass.pk)
    return render(
        request,
        "training/class_cancel.html",
        {"klass": klass, "form": form, "numbers": _review_numbers(klass)},
    )


@login_required
def class_reopen(request: AuthedRequest, pk: int) -> HttpResponse:
    """Reopen a cancelled class: a review screen with the status it goes
    back to; the POST reopens it (services.reopen)."""
    klass = _class(request, pk)
    if not _can_manage(request, klass):
        raise PermissionDenied
    refusal = services.reopen_refusal(klass, today())
    if refusal:
        messages.error(request, refusal)
        return redirect("training:detail", pk=klass.pk)
    if request.method == "POST":
        services.reopen(klass, by=request.user, on=today())
        messages.success(request, _("The class {title} is open again.").format(title=klass.title))
        return redirect("training:detail", pk=klass.pk)
    back = ClassStatus(klass.cancelled_from or ClassStatus.PLANNED)
    return render(
        request,
        "training/class_reopen.html",
        {"klass": klass, "back": back.label, "numbers": _review_numbers(klass)},
    )
