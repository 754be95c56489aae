"""Admission cases, their dated steps, documents, votes and the policy
versions and calendar they are checked against."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.members.models import Member, Person
from apps.organizations.models import Organization
from domain.calendar import WorkingCalendar
from domain.policy import Policy

from .choices import (
    Action,
    Attendance,
    CaseKind,
    ConsentKind,
    DocumentCode,
    ExitReason,
    SourceOrg,
    Stage,
)


class PolicyVersion(models.Model):
    """One regulation version (RULES.md): its parameters are data, so the
    next regulation is added by an administrator without a code change."""

    code = models.CharField(_("version"), max_length=20, unique=True)
    effective_from = models.DateField(_("in force from"), unique=True)
    documents = models.CharField(_("regulation documents"), max_length=300)
    min_age_months = models.PositiveSmallIntegerField(
        _("minimum age (completed months, E2)"), default=216
    )
    max_age_months = models.PositiveSmallIntegerField(
        _("maximum age without consent (months, E3)"), default=720
    )
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("awareness certificate validity (months, E5)"), default=60
    )
    introducer_months = models.PositiveSmallIntegerField(
        _("introducer known the applicant for (months, D5)"), default=12
    )
    youth_max_age_years = models.PositiveSmallIntegerField(
        _("youth age up to (years, D6)"), default=30
    )
    vote_numerator = models.PositiveSmallIntegerField(_("vote fraction numerator (V1)"), default=2)
    vote_denominator = models.PositiveSmallIntegerField(
        _("vote fraction denominator (V1)"), default=3
    )
    min_official_members = models.PositiveSmallIntegerField(
        _("official members needed to vote (V3)"), default=3
    )
    min_official_members_blocks = models.BooleanField(
        _("too few members blocks the vote (V3)"), default=False
    )
    decision_wd = models.PositiveSmallIntegerField(
        _("admission decision within (working days, T1)"), default=60
    )
    decision_extension_wd = models.PositiveSmallIntegerField(
        _("admission decision extension (working days, T1)"), default=30
    )
    ceremony_wd = models.PositiveSmallIntegerField(
        _("ceremony within (working days, T2)"), default=30
    )
    ceremony_clock = models.CharField(
        _("ceremony deadline counts from (T2)"),
        max_length=10,
        default="received",
        choices=[
            ("received", _("the day the cell receives the decision")),
            ("issued", _("the decision date")),
        ],
    )
    probation_months = models.PositiveSmallIntegerField(_("probation (months, T3)"), default=12)
    recognition_consider_wd = models.PositiveSmallIntegerField(
        _("cell considers full membership within (working days, T4)"), default=30
    )
    recognition_decision_wd = models.PositiveSmallIntegerField(
        _("full membership decision within (working days, T5)"), default=30
    )
    recognition_extension_wd = models.PositiveSmallIntegerField(
        _("full membership decision extension (working days, T5)"), default=30
    )
    failed_vote_limit = models.PositiveSmallIntegerField(
        _("failed recognition votes before escalation (V6)"), default=3
    )
    readmission_months = models.PositiveSmallIntegerField(
        _("re-admission: months out of the Party (T6)"), default=36
    )
    readmission_after_conviction_months = models.PositiveSmallIntegerField(
        _("re-admission: months after an expunged conviction (T6)"), default=60
    )
    references: models.JSONField[dict[str, str]] = models.JSONField(
        _("regulation reference per rule"), default=dict
    )

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = _("policy version")

    def __str__(self) -> str:
        return f"{self.code} ({self.effective_from:%d/%m/%Y})"

    PARAMETERS = (
        "min_age_months",
        "max_age_months",
        "certificate_validity_months",
        "introducer_months",
        "youth_max_age_years",
        "vote_numerator",
        "vote_denominator",
        "min_official_members",
        "min_official_members_blocks",
        "decision_wd",
        "decision_extension_wd",
        "ceremony_wd",
        "ceremony_clock",
        "probation_months",
        "recognition_consider_wd",
        "recognition_decision_wd",
        "recognition_extension_wd",
        "failed_vote_limit",
        "readmission_months",
        "readmission_after_conviction_months",
    )

    def to_domain(self) -> Policy:
        return Policy(
            code=self.code,
            effective_from=self.effective_from,
            references=dict(self.references),
            **{name: getattr(self, name) for name in self.PARAMETERS},
        )


class CalendarOverride(models.Model):
    """An announced swap: a day off that is normally a working day, or a
    Saturday made a working day."""

    DAY_OFF = "day_off"
    WORKING_DAY = "working_day"
    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(
        _("kind"), max_length=12, choices=[(DAY_OFF, _("Day off")), (WORKING_DAY, _("Working day"))]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"

    @classmethod
    def calendar(cls) -> WorkingCalendar:
        rows = list(cls.objects.values_list("date", "kind"))
        return WorkingCalendar.with_overrides(
            days_off=[d for d, k in rows if k == cls.DAY_OFF],
            working_days=[d for d, k in rows if k == cls.WORKING_DAY],
        )


class LocalCriterion(models.Model):
    """An extra admission criterion a unit sets for the cells below it
    (RULES E6, e.g. "rated 'hoàn thành tốt nhiệm vụ' last year")."""

    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="local_criteria",
        verbose_name=_("unit"),
    )
    text = models.CharField(_("criterion"), max_length=300)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["organization__path", "id"]

    def __str__(self) -> str:
        return self.text


class Case(models.Model):
    """One person's way from the candidate pool to full membership in one cell."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="cases", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="cases", verbose_name=_("cell")
    )
    kind = models.CharField(
        _("kind"), max_length=12, choices=CaseKind.choices, default=CaseKind.ADMISSION
    )
    source = models.CharField(_("proposed by"), max_length=20, choices=SourceOrg.choices)
    stage = models.CharField(
        _("stage"), max_length=40, choices=Stage.choices, default=Stage.CANDIDATE
    )
    opened_on = models.DateField(_("entered the pool on"))
    on_hold = models.BooleanField(_("on hold"), default=False)
    hold_reason = models.CharField(_("reason for the hold"), max_length=300, blank=True)
    # Facts the eligibility rules read.
    is_citizen = models.BooleanField(_("Vietnamese citizen"), default=True)
    education_exception = models.BooleanField(_("education exception (E4)"), default=False)
    youth_union_exists = models.BooleanField(
        _("a Youth Union organisation exists where the applicant works or lives"), default=True
    )
    # Dates of the steps (also in CaseStep, with who and which policy).
    certificate_on = models.DateField(_("awareness certificate date"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    cell_resolution_on = models.DateField(_("cell resolution date"), null=True, blank=True)
    appraisal_on = models.DateField(_("appraisal date"), null=True, blank=True)
    committee_resolution_on = models.DateField(
        _("committee resolution date"), null=True, blank=True
    )
    decision_on = models.DateField(_("admission decision date"), null=True, blank=True)
    decision_number = models.CharField(_("admission decision number"), max_length=40, blank=True)
    decision_received_on = models.DateField(
        _("decision received by the cell on"), null=True, blank=True
    )
    ceremony_on = models.DateField(_("ceremony date"), null=True, blank=True)
    recognition_resolution_on = models.DateField(
        _("recognition resolution date"), null=True, blank=True
    )
    recognition_appraisal_on = models.DateField(
        _("recognition appraisal date"), null=True, blank=True
    )
    recognition_committee_on = models.DateField(
        _("recognition committee resolution date"), null=True, blank=True
    )
    recognition_decision_on = models.DateField(
        _("full membership decision date"), null=True, blank=True
    )
    recognition_decision_number = models.CharField(
        _("full membership decision number"), max_length=40, blank=True
    )
    failed_recognition_votes = models.PositiveSmallIntegerField(
        _("failed recognition votes"), default=0
    )
    # Re-admission (RULES T6): how and when the person left the Party.
    previous_left_on = models.DateField(_("left the Party on"), null=True, blank=True)
    exit_reason = models.CharField(
        _("how the person left"), max_length=30, choices=ExitReason.choices, blank=True
    )
    expunged_on = models.DateField(_("conviction expunged on"), null=True, blank=True)
    readmitted_before = models.BooleanField(_("already re-admitted once"), default=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason"), max_length=300, blank=True)
    member = models.OneToOneField(
        Member, null=True, blank=True, on_delete=models.PROTECT, related_name="case"
    )
    confirmed_criteria = models.ManyToManyField(
        LocalCriterion,
        blank=True,
        related_name="+",
        verbose_name=_("local criteria confirmed by the cell"),
    )

    class Meta:
        ordering = ["person__sort_key", "id"]
        indexes = [models.Index(fields=["organization", "stage"]), models.Index(fields=["stage"])]
        verbose_name = _("development case")

    def __str__(self) -> str:
        return self.person.full_name

    @property
    def is_closed(self) -> bool:
        return self.stage in (
            Stage.FULL_MEMBER,
            Stage.WITHDRAWN,
            Stage.REJECTED,
            Stage.REMOVED,
            Stage.DECEASED,
        )


class CaseStep(models.Model):
    """A dated step of a case, with the policy version it was checked against."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("step"), max_length=40, choices=Action.choices)
    stage_after = models.CharField(max_length=40, choices=Stage.choices)
    on = models.DateField(_("date"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_label = models.CharField(max_length=150, blank=True)
    policy_code = models.CharField(_("policy version"), max_length=20)
    note = models.CharField(_("note"), max_length=500, blank=True)
    outcomes: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y} {self.get_action_display()}"


class CaseDocument(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="documents")
    code = models.CharField(_("document"), max_length=30, choices=DocumentCode.choices)
    received_on = models.DateField(_("received on"))
    number = models.CharField(_("number"), max_length=60, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    file = models.FileField(_("scanned file"), upload_to="dossiers/%Y/", blank=True)

    class Meta:
        ordering = ["received_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "code"], name="one_document_per_code")
        ]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.received_on:%d/%m/%Y}"


class Consent(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="consents")
    kind = models.CharField(_("exception"), max_length=30, choices=ConsentKind.choices)
    document = models.CharField(_("document number"), max_length=80)
    date = models.DateField(_("date"))
    issuer = models.CharField(_("issued by"), max_length=200)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "kind"], name="one_consent_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.document}"


class Introducer(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="introducers")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    together_since = models.DateField(_("worked or lived with the applicant since"))
    introduced_on = models.DateField(_("introduction date"))

    def __str__(self) -> str:
        return str(self.member)


class Verification(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="verifications")
    relation = models.CharField(_("relation"), max_length=60)
    full_name = models.CharField(_("full name"), max_length=120)
    concluded_on = models.DateField(_("verification concluded on"), null=True, blank=True)
    exempt = models.BooleanField(
        _("party member fully declared: no verification needed"), default=False
    )

    def __str__(self) -> str:
        return f"{self.relation}: {self.full_name}"


class Helper(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="helpers")
    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, related_name="+", verbose_name=_("member")
    )
    assigned_on = models.DateField(_("assigned on"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    def __str__(self) -> str:
        return str(self.member)


class Comment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="comments")
    on = models.DateField(_("cell meeting date"))
    text = models.TextField(_("comment"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.on:%d/%m/%Y}"


class Vote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="votes")
    action = models.CharField(max_length=40, choices=Action.choices)
    held_on = models.DateField(_("meeting date"))
    yes = models.PositiveSmallIntegerField(_("yes"))
    no = models.PositiveSmallIntegerField(_("no"))
    abstain = models.PositiveSmallIntegerField(_("abstain"), default=0)
    official_members = models.PositiveSmallIntegerField()
    denominator = models.PositiveSmallIntegerField()
    required = models.PositiveSmallIntegerField()
    passed = models.BooleanField()
    policy_code = models.CharField(max_length=20)

    class Meta:
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d/%m/%Y} {self.yes}/{self.denominator}"


class VoteAttendance(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=Attendance.choices)

    def __str__(self) -> str:
        return f"{self.member_id}: {self.status}"


class DecisionCounter(models.Model):
    """The last decision number an issuing body used in a year: the row is
    locked (SELECT … FOR UPDATE) while a decision takes its number, so two
    people approving at once never get the same one."""

    body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "year"], name="decision_counter_body_year")
        ]

    def __str__(self) -> str:
        return f"{self.body_id}/{self.year}: {self.last}"


class DecisionNumber(models.Model):
    """A decision number issued by a body (admission or full membership):
    unique per issuing body and calendar year, enforced by the database."""

    body = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    number = models.CharField(_("decision number"), max_length=40)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="decision_numbers")
    action = models.CharField(max_length=40, choices=Action.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="decision_number_unique_per_body_year"
            )
        ]

    def __str__(self) -> str:
        return self.number
