"""Classes, nominations, attendance, results and certificates; each write
one transaction with its audit rows. Certificates reach the admission case:
an awareness certificate is the case's E5 certificate, a new-member one its
P2 document."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.admissions.choices import DocumentCode, Stage
from apps.admissions.models import Case
from apps.audit.models import AuditAction
from apps.audit.services import Actor, created, record
from apps.members.choices import MemberStatus
from apps.members.models import Member
from apps.organizations.models import Organization

from .choices import ClassStatus, CourseCategory, EnrolmentStatus, Result
from .models import Attendance, ClassSession, CourseKind, Enrolment, Provider, TrainingClass

POOL_STAGES = (Stage.CANDIDATE, Stage.TRAINED, Stage.DOSSIER)


@transaction.atomic
def create_class(
    *,
    by: Actor,
    kind: CourseKind,
    provider: Provider,
    title: str,
    capacity: int,
    units: Sequence[Organization],
    days: Sequence[datetime.date],
    place: str = "",
    teachers: str = "",
) -> TrainingClass:
    if capacity < 1:
        raise ValidationError({"capacity": _("The capacity must be at least 1.")})
    if not days:
        raise ValidationError({"days": _("Give at least one day of the class.")})
    klass = TrainingClass.objects.create(
        kind=kind,
        provider=provider,
        title=" ".join(title.split()),
        capacity=capacity,
        place=place,
        teachers=teachers,
        status=ClassStatus.OPEN,
    )
    klass.units.set(units)
    ClassSession.objects.bulk_create(
        [ClassSession(training_class=klass, date=day) for day in sorted(set(days))]
    )
    record(
        by,
        AuditAction.CREATE,
        klass,
        created(klass, ["kind", "provider", "title", "capacity", "place"]),
    )
    return klass


def _serves(klass: TrainingClass, unit: Organization) -> bool:
    return any(unit.path.startswith(u.path) for u in klass.units.all())


@transaction.atomic
def nominate(klass: TrainingClass, *, by: Actor, case: Case, unit: Organization) -> Enrolment:
    """A cell or committee nominates a person: for an awareness class, a
    candidate in its pool; for a new-member class, a probationary member."""
    klass = TrainingClass.objects.select_for_update().select_related("kind").get(pk=klass.pk)
    errors: dict[str, str] = {}
    if klass.status not in (ClassStatus.PLANNED, ClassStatus.OPEN):
        errors["training_class"] = _("The class no longer takes nominations.")
    if not case.organization.path.startswith(unit.path):
        errors["case"] = _("A unit nominates only people of its own cells.")
    if not _serves(klass, case.organization):
        errors["training_class"] = _("This class does not serve the person's unit.")
    category = klass.kind.category
    if category == CourseCategory.AWARENESS and case.stage not in POOL_STAGES:
        errors["case"] = _(
            "An awareness class is for candidates in the pool, before the cell's vote."
        )
    if category == CourseCategory.NEW_MEMBER and (
        case.member is None or case.member.status != MemberStatus.PROBATIONARY
    ):
        errors["case"] = _("A new-member class is for probationary members.")
    if Enrolment.objects.filter(training_class=klass, person=case.person).exists():
        errors["case"] = _("This person is already nominated to this class.")
    if errors:
        raise ValidationError(errors)
    enrolment = Enrolment.objects.create(
        training_class=klass, person=case.person, case=case, nominated_by=unit
    )
    record(
        by,
        AuditAction.CREATE,
        enrolment,
        {"person": [None, case.person.full_name], "training_class": [None, klass.title]},
    )
    return enrolment


ACTIVE = (ClassStatus.PLANNED, ClassStatus.OPEN, ClassStatus.RUNNING)


def _require_active(klass: TrainingClass) -> None:
    if klass.status not in ACTIVE:
        raise ValidationError(
            {
                "training_class": _("The class is {status}: nothing more can be recorded.").format(
                    status=str(ClassStatus(klass.status).label).lower()
                )
            }
        )


@transaction.atomic
def set_status(klass: TrainingClass, *, by: Actor, status: str) -> TrainingClass:
    """Start a class (finishing is issuing its certificates; cancelling is
    `cancel`, with a reason)."""
    klass = TrainingClass.objects.select_for_update().get(pk=klass.pk)
    # cancelling needs a reason (cancel) and can be undone (reopen)
    allowed = {ClassStatus.RUNNING: (ClassStatus.PLANNED, ClassStatus.OPEN)}
    if status not in allowed or klass.status not in allowed[ClassStatus(status)]:
        raise ValidationError({"status": _("This change of status is not possible.")})
    old = klass.status
    klass.status = status
    klass.save(update_fields=["status"])
    record(by, AuditAction.UPDATE, klass, {"status": [old, status]})
    return klass


@transaction.atomic
def cancel(klass: TrainingClass, *, by: Actor, reason: str) -> TrainingClass:
    """Cancel a planned, open or running class, for a stated reason (kept on
    the class and in the audit row). Nothing more can be recorded for it
    until it is reopened; its participants keep their nominations.
    Raises ValidationError {"reason": …} without a reason, {"status": …}
    when the class is finished or already cancelled."""
    klass = TrainingClass.objects.select_for_update().get(pk=klass.pk)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Say why the class is cancelled (for example: too few participants, "
                    "the teacher cannot come): the reason is kept with the class."
                )
            }
        )
    if klass.status not in ACTIVE:
        raise ValidationError(
            {
                "status": _(
                    "The class is {status}: only a planned, open or running class can be cancelled."
                ).format(status=str(ClassStatus(klass.status).label).lower())
            }
        )
    old = klass.status
    klass.status, klass.cancelled_from, klass.cancel_reason = ClassStatus.CANCELLED, old, reason
    klass.save(update_fields=["status", "cancelled_from", "cancel_reason"])
    record(
        by,
        AuditAction.UPDATE,
        klass,
        {"status": [old, ClassStatus.CANCELLED], "cancel_reason": ["", reason]},
        note=reason,
    )
    return klass


def last_day(klass: TrainingClass) -> datetime.date | None:
    """The date of the class's last session, None before any is planned."""
    return klass.sessions.order_by("-date").values_list("date", flat=True).first()


def reopen_refusal(klass: TrainingClass, on: datetime.date) -> str:
    """Why a class cannot be reopened on `on` ("" when it can): only a
    cancelled class whose last planned day is not past — a class whose days
    are over is planned anew, so that its attendance stays true."""
    if klass.status != ClassStatus.CANCELLED:
        return _("Only a cancelled class can be reopened.")
    end = last_day(klass)
    if end is not None and end < on:
        return _(
            "The class's last day ({day}) has passed: it cannot be reopened. Plan a new class "
            "and nominate the participants again."
        ).format(day=end.strftime("%d/%m/%Y"))
    return ""


@transaction.atomic
def reopen(klass: TrainingClass, *, by: Actor, on: datetime.date) -> TrainingClass:
    """Undo a cancellation: the class goes back to the status it had when
    it was cancelled (planned if unknown). Raises ValidationError
    {"status": …} with `reopen_refusal`'s reason."""
    klass = TrainingClass.objects.select_for_update().get(pk=klass.pk)
    refusal = reopen_refusal(klass, on)
    if refusal:
        raise ValidationError({"status": refusal})
    back = klass.cancelled_from or ClassStatus.PLANNED
    old_reason = klass.cancel_reason
    klass.status, klass.cancelled_from, klass.cancel_reason = back, "", ""
    klass.save(update_fields=["status", "cancelled_from", "cancel_reason"])
    record(
        by,
        AuditAction.UPDATE,
        klass,
        {"status": [ClassStatus.CANCELLED, back], "cancel_reason": [old_reason, ""]},
    )
    return klass


@transaction.atomic
def accept(enrolments: Iterable[Enrolment], *, by: Actor) -> list[Enrolment]:
    """The provider accepts nominations in order, within the capacity; the
    rest go on the waiting list."""
    result = []
    for enrolment in enrolments:
        klass = TrainingClass.objects.select_for_update().get(pk=enrolment.training_class_id)
        _require_active(klass)
        taken = klass.enrolments.filter(status=EnrolmentStatus.ACCEPTED).count()
        status = EnrolmentStatus.ACCEPTED if taken < klass.capacity else EnrolmentStatus.WAITLISTED
        Enrolment.objects.filter(pk=enrolment.pk).update(status=status)
        enrolment.status = status
        record(by, AuditAction.UPDATE, enrolment, {"status": [EnrolmentStatus.NOMINATED, status]})
        if status == EnrolmentStatus.ACCEPTED:
            from apps.deadlines import notify

            notify.nomination_accepted(enrolment)
        result.append(enrolment)
    return result


@transaction.atomic
def record_attendance(session: ClassSession, *, by: Actor, present_ids: Iterable[int]) -> int:
    _require_active(session.training_class)
    present = set(present_ids)
    accepted = list(session.training_class.enrolments.filter(status=EnrolmentStatus.ACCEPTED))
    Attendance.objects.filter(session=session).delete()
    Attendance.objects.bulk_create(
        [Attendance(session=session, enrolment=e, present=e.pk in present) for e in accepted]
    )
    record(
        by,
        AuditAction.UPDATE,
        session,
        {"present": [None, len(present & {e.pk for e in accepted})]},
    )
    return len(accepted)


@transaction.atomic
def record_result(
    enrolment: Enrolment, *, by: Actor, result: str, mark: float | None = None
) -> Enrolment:
    _require_active(enrolment.training_class)
    if enrolment.status != EnrolmentStatus.ACCEPTED:
        raise ValidationError({"result": _("Only an accepted participant gets a result.")})
    if mark is not None and not 0 <= mark <= 10:
        raise ValidationError({"mark": _("The mark is between 0 and 10.")})
    old = enrolment.result
    Enrolment.objects.filter(pk=enrolment.pk).update(result=result, mark=mark)
    enrolment.result, enrolment.mark = result, mark
    record(by, AuditAction.UPDATE, enrolment, {"result": [old or None, result]})
    return enrolment


@transaction.atomic
def issue_certificates(
    klass: TrainingClass,
    *,
    by: Actor,
    on: datetime.date,
    first_number: int,
    suffix: str,
    issuer: str,
) -> list[Enrolment]:
    """Certificates for everyone who passed and has none yet, numbered in
    name order; each reaches the person's admission case."""
    from apps.admissions import services as case_services
    from apps.admissions import steps

    klass = TrainingClass.objects.select_for_update().select_related("kind").get(pk=klass.pk)
    _require_active(klass)
    end = last_day(klass)
    if end and on < end:
        raise ValidationError(
            {
                "on": _(
                    "The certificate date {on} is before the class's last day, {end}: "
                    "certificates are issued once the class is over. Date them {end} or later."
                ).format(on=on.strftime("%d/%m/%Y"), end=end.strftime("%d/%m/%Y"))
            }
        )
    due = list(
        klass.enrolments.filter(
            status=EnrolmentStatus.ACCEPTED, result=Result.PASSED, certificate_on__isnull=True
        ).select_related("case", "person")
    )
    for offset, enrolment in enumerate(due):
        number = f"{first_number + offset}{suffix}"
        Enrolment.objects.filter(pk=enrolment.pk).update(
            certificate_number=number, certificate_on=on, certificate_issuer=issuer
        )
        enrolment.certificate_number, enrolment.certificate_on = number, on
        record(by, AuditAction.UPDATE, enrolment, {"certificate_number": [None, number]})
        if enrolment.case is None:
            continue
        if klass.kind.category == CourseCategory.AWARENESS:
            steps.record_awareness_certificate(enrolment.case, by=by, on=on, number=number)
        elif klass.kind.category == CourseCategory.NEW_MEMBER:
            case_services.add_document(
                enrolment.case,
                by=by,
                code=DocumentCode.NEW_MEMBER_CERTIFICATE,
                received_on=on,
                number=number,
                issuer=issuer,
            )
    TrainingClass.objects.filter(pk=klass.pk).update(status=ClassStatus.FINISHED)
    return due


@transaction.atomic
def nominate_member(
    klass: TrainingClass, *, by: Actor, member: Member, unit: Organization
) -> Enrolment:
    """A committee sends one of its members to a cadre course (sơ cấp,
    trung cấp, cao cấp, committee training)."""
    klass = TrainingClass.objects.select_for_update().select_related("kind").get(pk=klass.pk)
    errors: dict[str, str] = {}
    if klass.kind.category != CourseCategory.CADRE:
        errors["training_class"] = _("Only a cadre course takes members directly.")
    if klass.status not in (ClassStatus.PLANNED, ClassStatus.OPEN):
        errors["training_class"] = _("The class no longer takes nominations.")
    if not member.is_active or not member.organization.path.startswith(unit.path):
        errors["member"] = _("A unit nominates only active members of its own cells.")
    if Enrolment.objects.filter(training_class=klass, person=member.person).exists():
        errors["member"] = _("This person is already nominated to this class.")
    if errors:
        raise ValidationError(errors)
    enrolment = Enrolment.objects.create(
        training_class=klass, person=member.person, nominated_by=unit
    )
    record(
        by,
        AuditAction.CREATE,
        enrolment,
        {"person": [None, member.person.full_name], "training_class": [None, klass.title]},
    )
    return enrolment
