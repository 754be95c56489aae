from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from apps.organizations.models import Organization
from domain.roles import Role as DomainRole


class Role(models.TextChoices):
    CELL_SECRETARY = DomainRole.CELL_SECRETARY.value, _("Cell secretary / cell committee")
    COMMITTEE_STAFF = DomainRole.COMMITTEE_STAFF.value, _("Grassroots committee staff")
    ORG_COMMITTEE = DomainRole.ORG_COMMITTEE.value, _("Organisation committee officer")
    TRAINING_CENTRE = DomainRole.TRAINING_CENTRE.value, _("Training centre staff")
    AUDITOR = DomainRole.AUDITOR.value, _("Auditor (read-only)")
    ADMINISTRATOR = DomainRole.ADMINISTRATOR.value, _("System administrator")


class User(AbstractUser):  # type: ignore[django-manager-missing]
    full_name = models.CharField(_("full name"), max_length=120, blank=True)
    # Set when an administrator resets the password: the user must choose a
    # new one before doing anything else.
    must_change_password = models.BooleanField(default=False)
    # Who created the account: until it has a role, only they (or an
    # administrator at a root unit) may manage it (apps.accounts.scope).
    created_by = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    if TYPE_CHECKING:  # the API tokens' model derives from an untyped library
        from django.db.models.fields.related_descriptors import RelatedManager

        api_tokens: RelatedManager[ApiToken]

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


class ApiToken(AbstractAuthToken):
    """A personal API token (django-rest-knox's token, see decision 0005).

    Only the SHA-512 digest of the token is stored (`digest`); `token_key`
    holds its first 15 characters, which find the row and are shown in the
    list so the owner can tell tokens apart. A token acts exactly as its
    user: same grants, same scope. It is refused after `expiry` and once
    revoked (`revoked_at`); revoked and expired rows stay so the list and
    the audit keep their history.
    """

    id: models.BigAutoField[int, int] = models.BigAutoField(primary_key=True)
    # The library makes the digest the primary key; ours is a plain id so a
    # token can be named in URLs and audit rows without any of its secret.
    digest: models.CharField[str, str] = models.CharField(max_length=128, unique=True)
    user: models.ForeignKey[User, User] = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user")
    )
    name: models.CharField[str, str] = models.CharField(_("name"), max_length=80)
    expiry: models.DateTimeField[datetime.datetime, datetime.datetime] = models.DateTimeField(
        _("expires at")
    )
    last_used_at: models.DateTimeField[datetime.datetime | None, datetime.datetime | None] = (
        models.DateTimeField(_("last used at"), null=True, blank=True)
    )
    last_used_ip: models.GenericIPAddressField[str | None, str | None] = (
        models.GenericIPAddressField(_("last used from"), null=True, blank=True)
    )
    revoked_at: models.DateTimeField[datetime.datetime | None, datetime.datetime | None] = (
        models.DateTimeField(_("revoked at"), null=True, blank=True)
    )

    # A plain manager: tokens are made by services.create_api_token, which
    # dates the expiry with PTĐV's clock (the library's manager reads its own).
    objects: models.Manager[ApiToken] = models.Manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.token_key}…)"
