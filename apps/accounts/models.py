from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.organizations.models import Organization
from domain.roles import Role as DomainRole


class Role(models.TextChoices):
    CELL_SECRETARY = DomainRole.CELL_SECRETARY.value, _("Cell secretary / cell committee")
    COMMITTEE_STAFF = DomainRole.COMMITTEE_STAFF.value, _("Grassroots committee staff")
    ORG_COMMITTEE = DomainRole.ORG_COMMITTEE.value, _("Organisation committee officer")
    TRAINING_CENTRE = DomainRole.TRAINING_CENTRE.value, _("Training centre staff")
    AUDITOR = DomainRole.AUDITOR.value, _("Auditor (read-only)")
    ADMINISTRATOR = DomainRole.ADMINISTRATOR.value, _("System administrator")


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    # Set when an administrator resets the password: the user must choose a
    # new one before doing anything else.
    must_change_password = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """A role granted at one unit; it covers that unit and its subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    organization = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        related_name="role_assignments",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="unique_grant")
        ]
        ordering = ["organization__path", "role"]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.organization}"


class LoginThrottle(models.Model):
    """Consecutive failed logins per username; kept in the database so that
    several application servers share it."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.username}: {self.failures}"
