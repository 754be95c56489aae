"""Classes run by training providers: awareness classes before admission
(their certificate is read by RULES E5), theory classes for new members
(P2) and cadre courses; sessions, nominations, attendance, results and
certificates."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.members.models import Person
from apps.organizations.models import Organization

from .choices import ClassStatus, CourseCategory, EnrolmentStatus, Result


class Provider(models.Model):
    """A political school or centre, or a committee organising a class."""

    name = models.CharField(_("name"), max_length=200)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="providers", verbose_name=_("unit")
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CourseKind(models.Model):
    """A kind of course (data, not code): awareness, new-member theory,
    elementary / intermediate / advanced political theory, committee training."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=CourseCategory.choices)

    class Meta:
        ordering = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class TrainingClass(models.Model):
    kind = models.ForeignKey(
        CourseKind, on_delete=models.PROTECT, related_name="classes", verbose_name=_("course")
    )
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="classes", verbose_name=_("provider")
    )
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    teachers = models.CharField(_("teachers"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ClassStatus.choices, default=ClassStatus.PLANNED
    )
    units = models.ManyToManyField(
        Organization, related_name="training_classes", verbose_name=_("units served")
    )
    # why the class was cancelled, and the status it had then (a reopened
    # class goes back to it)
    cancel_reason = models.CharField(_("reason for the cancellation"), max_length=300, blank=True)
    cancelled_from = models.CharField(
        _("status before the cancellation"), max_length=12, choices=ClassStatus.choices, blank=True
    )

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.title


class ClassSession(models.Model):
    """One day of a class; days need not be consecutive (weekends, clusters)."""

    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="sessions"
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)

    class Meta:
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["training_class", "date"], name="one_session_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.training_class} {self.date:%d/%m/%Y}"


class Enrolment(models.Model):
    training_class = models.ForeignKey(
        TrainingClass, on_delete=models.CASCADE, related_name="enrolments"
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("person")
    )
    case = models.ForeignKey(
        "admissions.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    nominated_by = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("nominated by")
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=EnrolmentStatus.choices,
        default=EnrolmentStatus.NOMINATED,
    )
    mark = models.DecimalField(_("mark"), max_digits=4, decimal_places=2, null=True, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    certificate_on = models.DateField(_("certificate date"), null=True, blank=True)
    certificate_issuer = models.CharField(_("issued by"), max_length=200, blank=True)

    class Meta:
        ordering = ["person__sort_key", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["training_class", "person"], name="one_enrolment_a_class"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.training_class}"


class Attendance(models.Model):
    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    present = models.BooleanField(_("present"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "enrolment"], name="one_attendance_row")
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}@{self.session_id}: {self.present}"
