from django.db import models
from django.utils.translation import gettext_lazy as _


class Measure(models.TextChoices):
    """What a target kind counts; each has one counting function in
    apps.reports.figures, so a new kind of target is data over these."""

    ADMISSIONS = "admissions", _("Admissions (decision date in the period)")
    POOL = "pool", _("People entering the candidate pool")
    AWARENESS_TRAINED = "awareness_trained", _("People certified by an awareness class")


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Year")
    TERM = "term", _("Term")
