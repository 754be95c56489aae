"""Deadline settings per unit, each user's digest and calendar-feed choices,
the digest rows that make it idempotent, and in-app notifications."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.organizations.models import Organization


class DeadlineSettings(models.Model):
    """How a unit's deadlines are watched. A unit without its own row uses
    its nearest ancestor's, then the defaults of the fields."""

    organization = models.OneToOneField(
        Organization,
        on_delete=models.PROTECT,
        related_name="deadline_settings",
        verbose_name=_("unit"),
    )
    warn_days = models.PositiveSmallIntegerField(
        _("warn this many days before a deadline"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
    )
    escalate_after_wd = models.PositiveSmallIntegerField(
        _("escalate to the level above after this many working days overdue"),
        default=5,
        validators=[MinValueValidator(0), MaxValueValidator(250)],
    )

    class Meta:
        verbose_name = _("deadline settings")

    def __str__(self) -> str:
        return str(self.organization)


class UserDeadlinePreference(models.Model):
    """One user's choices: the daily e-mail digest on or off, and the hash
    of their calendar-feed token (the token itself is shown once)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="deadline_preference"
    )
    digest = models.BooleanField(_("send me the daily e-mail digest"), default=True)
    feed_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    feed_created_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("deadline preference")

    def __str__(self) -> str:
        return str(self.user)


class DigestEntry(models.Model):
    """One item sent in one user's digest of one day: the uniqueness makes
    the digest command safe to run twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    item_key = models.CharField(max_length=80)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "day", "item_key"], name="digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.item_key}"


class NotificationKind(models.TextChoices):
    CASE_RETURNED = "case_returned", _("Case returned")
    DECISION_WAITING = "decision_waiting", _("Decision waiting")
    NOMINATION_ACCEPTED = "nomination_accepted", _("Nomination accepted")
    IMPORT_FINISHED = "import_finished", _("Import finished")
    IMPORT_FAILED = "import_failed", _("Import failed")


class Notification(models.Model):
    """Something assigned to a user, shown under the bell until read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=NotificationKind.choices)
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text
