"""Targets (chỉ tiêu) a level sets for the units directly below it, per
year or per committee term (nhiệm kỳ), and the monitoring settings of a
level (carry-over, end-of-year rush threshold, idle cells)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.organizations.models import Organization

from .choices import Measure


class TargetKind(models.Model):
    """A kind of target (data): admissions, people in the pool, people
    trained in awareness classes…; `measure` says what is counted."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=200)
    measure = models.CharField(_("counts"), max_length=30, choices=Measure.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("target kind")

    def __str__(self) -> str:
        return self.name


class Term(models.Model):
    """A committee term, from the day after one congress to the next."""

    name = models.CharField(_("term"), max_length=20, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("term")

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """The target of one unit for one kind and one period (a year or a term):
    a head count, or a share of the unit's members at the start of the year
    (from `share_min` to `share_max` percent)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="targets", verbose_name=_("unit")
    )
    kind = models.ForeignKey(
        TargetKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("target kind")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    term = models.ForeignKey(
        Term, null=True, blank=True, on_delete=models.PROTECT, verbose_name=_("term")
    )
    value = models.PositiveIntegerField(_("target"), null=True, blank=True)
    share_min = models.DecimalField(
        _("share of members from (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    share_max = models.DecimalField(
        _("share of members to (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("target")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "year"],
                condition=models.Q(year__isnull=False),
                name="one_year_target_per_kind",
            ),
            models.UniqueConstraint(
                fields=["organization", "kind", "term"],
                condition=models.Q(term__isnull=False),
                name="one_term_target_per_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(year__isnull=False, term__isnull=True)
                | models.Q(year__isnull=True, term__isnull=False),
                name="target_year_or_term",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=False, share_min__isnull=True)
                | models.Q(value__isnull=True, share_min__isnull=False, year__isnull=False),
                name="target_value_or_yearly_share",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} · {self.kind} · {self.period_label}"

    @property
    def period_label(self) -> str:
        return str(self.year) if self.year else str(self.term)


class MonitoringSettings(models.Model):
    """How a level watches the units directly below it. A unit without its
    own row uses its nearest ancestor's, then the defaults of the fields."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.PROTECT,
        related_name="monitoring_settings",
        verbose_name=_("unit"),
    )
    carry_over = models.BooleanField(
        _("carry unmet admissions into next year's target"),
        default=False,
        help_text=_("Adds each unit's unmet yearly admissions to its target for the next year."),
    )
    q4_threshold = models.PositiveSmallIntegerField(
        _("end-of-year rush threshold (percent of the year's admissions made in Q4)"),
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    idle_years = models.PositiveSmallIntegerField(
        _("flag cells with no admission for (years)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    min_official_members = models.PositiveSmallIntegerField(
        _("flag cells with fewer official members than"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("monitoring settings")

    def __str__(self) -> str:
        return str(self.organization)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
