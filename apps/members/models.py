"""People and party members.

A Person is anyone the system tracks (a candidate, a member); a Member is a
person's party membership. ``MemberPlacement`` rows keep which cell a member
belonged to during [valid_from, valid_to), so counts "as of" a past date
survive transfers and merges.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.organizations.models import Organization
from domain.vietnamese import fold, name_sort_key, split_name

from .choices import (
    ACTIVE_STATUSES,
    ETHNICITIES,
    KINH,
    Gender,
    GeneralEducation,
    MemberStatus,
    OccupationGroup,
    PoliticalTheory,
    Qualification,
    Religion,
)

citizen_id_validator = RegexValidator(
    r"^\d{12}$", _("The citizen ID (CCCD) must be exactly 12 digits."), code="E_CCCD"
)
phone_validator = RegexValidator(
    r"^\+?\d[\d ]{8,14}$", _("Enter a phone number of 9 to 15 digits."), code="E_PHONE"
)

# Fields holding personal data that only roles with VIEW_PERSONAL may see:
# sensitive data under Law 91/2025/QH15 (ethnicity, religion) and the
# identifying and contact details. Relatives and family background (the
# case's history verifications) are guarded the same way.
PERSONAL_FIELDS = ("citizen_id", "phone", "residence", "hometown", "ethnicity", "religion")
# What people fill in about a person: the forms, the API and the audit use this list.
PERSON_FIELDS = (
    "full_name",
    "gender",
    "date_of_birth",
    "ethnicity",
    "religion",
    "citizen_id",
    "hometown",
    "residence",
    "general_education",
    "qualification",
    "political_theory",
    "occupation",
    "occupation_group",
    "workplace",
    "youth_union",
    "trade_union",
    "demobilised_soldier",
    "phone",
)


class Person(models.Model):
    full_name = models.CharField(_("full name"), max_length=120)
    # Derived from full_name for search and Vietnamese ordering (a search
    # index, kept in step in save(); see domain.vietnamese).
    given_name = models.CharField(max_length=40, editable=False)
    search_name = models.CharField(max_length=120, editable=False, db_index=True)
    sort_key = models.CharField(max_length=400, editable=False, db_index=True)
    # optimistic locking: each save adds one (see Member.version)
    version = models.PositiveIntegerField(default=1, editable=False)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices)
    date_of_birth = models.DateField(_("date of birth"))
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=ETHNICITIES, default=KINH)
    religion = models.CharField(
        _("religion"), max_length=20, choices=Religion.choices, default=Religion.NONE
    )
    citizen_id = models.CharField(
        _("citizen ID (CCCD)"),
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        validators=[citizen_id_validator],
    )
    hometown = models.CharField(_("hometown"), max_length=200, blank=True)
    residence = models.CharField(_("residence"), max_length=200, blank=True)
    general_education = models.CharField(
        _("general education"),
        max_length=5,
        choices=GeneralEducation.choices,
        default=GeneralEducation.UPPER_SECONDARY,
    )
    qualification = models.CharField(
        _("professional qualification"),
        max_length=20,
        choices=Qualification.choices,
        default=Qualification.NONE,
    )
    political_theory = models.CharField(
        _("political theory"),
        max_length=20,
        choices=PoliticalTheory.choices,
        default=PoliticalTheory.NONE,
    )
    occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    occupation_group = models.CharField(
        _("occupation group"),
        max_length=20,
        choices=OccupationGroup.choices,
        default=OccupationGroup.OTHER,
    )
    workplace = models.CharField(_("workplace"), max_length=200, blank=True)
    youth_union = models.BooleanField(_("Youth Union member"), default=False)
    trade_union = models.BooleanField(_("trade union member"), default=False)
    demobilised_soldier = models.BooleanField(_("demobilised soldier"), default=False)
    phone = models.CharField(_("phone"), max_length=16, blank=True, validators=[phone_validator])

    class Meta:
        ordering = ["sort_key", "id"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.refresh_search_fields()
        if self.pk is not None:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    def refresh_search_fields(self) -> None:
        self.given_name = split_name(self.full_name).given
        self.search_name = fold(self.full_name)
        self.sort_key = name_sort_key(self.full_name)


class Member(models.Model):
    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="membership", verbose_name=_("person")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="members", verbose_name=_("cell")
    )
    status = models.CharField(_("status"), max_length=20, choices=MemberStatus.choices)
    # Party age counts from the admission decision; probation from the
    # ceremony; full membership from the day probation ends (RULES, effective dates).
    admitted_on = models.DateField(_("admission decision date"))
    ceremony_on = models.DateField(_("admission ceremony date"), null=True, blank=True)
    full_on = models.DateField(_("full membership date"), null=True, blank=True)
    card_number = models.CharField(
        _("party card number"), max_length=20, unique=True, null=True, blank=True
    )
    residence_cell = models.ForeignKey(
        Organization,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("residence-area cell"),
    )
    left_on = models.DateField(_("date left"), null=True, blank=True)
    # optimistic locking: each save adds one; an edit form carries the
    # version it was read at and a stale one is refused (services.update_member)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["person__sort_key", "id"]
        verbose_name = _("party member")
        verbose_name_plural = _("party members")
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return self.person.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


class MemberPlacement(models.Model):
    """The cell a member belonged to during [valid_from, valid_to)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="placements")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["member", "valid_from"]
        indexes = [models.Index(fields=["organization", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.member_id}@{self.organization_id} [{self.valid_from}, {self.valid_to})"
