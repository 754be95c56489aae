"""An import: who uploaded which file (name, checksum, size), what the dry
run found, what the commit wrote. The rows themselves are written through
the members, admissions and organisations services, audited there."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    CHECKING = "checking", _("Checking the rows")
    CHECKED = "checked", _("Checked: waiting for your decision")
    REJECTED = "rejected", _("File refused")
    WRITING = "writing", _("Writing the rows")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Not imported: errors")


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all", _("All rows or none: nothing is written while any row has an error")
    VALID_ONLY = "valid", _("Only the valid rows; rows with errors are left out")


class ImportJob(models.Model):
    kind = models.CharField(_("what"), max_length=20)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file = models.FileField(upload_to="imports/%Y/%m/")
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    status = models.CharField(max_length=12, choices=ImportStatus.choices)
    mode = models.CharField(max_length=8, choices=ImportMode.choices, blank=True)
    rows_total = models.PositiveIntegerField(default=0)
    counts: models.JSONField[dict[str, int]] = models.JSONField(default=dict)
    # Rows with an error or a question, and file-level notes (unknown columns).
    problems: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    notes: models.JSONField[list[str]] = models.JSONField(default=list)
    # Rows without an error or a question as they will be saved (values read,
    # notes): the first IMPORT_PREVIEW_ROWS, and every row with a note.
    preview: models.JSONField[list[dict[str, Any]]] = models.JSONField(default=list)
    decisions: models.JSONField[dict[str, str]] = models.JSONField(default=dict)
    message = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.kind})"

    @property
    def busy(self) -> bool:
        return self.status in (ImportStatus.CHECKING, ImportStatus.WRITING)
