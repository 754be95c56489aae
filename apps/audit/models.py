"""The append-only record of every write: who, when, which object, and each
changed field's old and new value. Rows are written by services in the same
transaction as the change they describe."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")
    MOVE = "move", _("moved")
    MERGE = "merge", _("merged")
    SPLIT = "split", _("split")
    DISSOLVE = "dissolve", _("dissolved")
    GRANT = "grant", _("role granted")
    REVOKE = "revoke", _("role revoked")
    PASSWORD = "password", _("password set")
    LOCK = "lock", _("locked after failed logins")
    VIEW = "view", _("personal data viewed")
    LOGIN = "login", _("logged in")
    LOGIN_FAILED = "login_failed", _("login refused")
    LOGOUT = "logout", _("logged out")
    TWO_FACTOR = "two_factor", _("two-factor authentication changed")
    TOKEN_CREATE = "token_create", _("API token created")
    TOKEN_REVOKE = "token_revoke", _("API token revoked")


class AppendOnlyError(Exception):
    pass


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    # Who acted when no user did: "manage.py load_demo", "system".
    actor_label = models.CharField(_("actor"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=300)
    changes: models.JSONField[dict[str, Any]] = models.JSONField(_("changes"), default=dict)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("audit entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("audit entries are never deleted")


class AccessKind(models.TextChoices):
    PAGE = "page", _("page viewed")
    API = "api", _("read through the API")
    EXPORT = "export", _("exported")
    FILE = "file", _("file downloaded")


class AccessEntry(models.Model):
    """Who read personal data, and how (Law 91/2025/QH15, RULES "Personal
    data"): every view of a dossier or member page, every API read of people
    and every export, one row per request, with the filter it used and the
    unit it concerned. Append-only, like AuditEntry (writes stay there)."""

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("how"), max_length=10, choices=AccessKind.choices)
    # What was read, in words a person understands ("Member list (Excel)").
    what = models.CharField(_("what"), max_length=200)
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    # The unit whose data was read: the object's cell, the unit filtered on,
    # or the unit covering the reader's whole scope. Auditors see the rows of
    # the units in their own scope.
    organization = models.ForeignKey(
        "organizations.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
    )
    filters: models.JSONField[dict[str, Any]] = models.JSONField(_("filter used"), default=dict)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["actor", "-at"])]
        verbose_name = _("access entry")
        verbose_name_plural = _("access entries")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("access entries are never changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("access entries are never deleted")
