"""Dossier form templates as data (per form code and policy version, with
numbered versions), and the record of every document generated from one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FormTemplate(models.Model):
    """An uploaded docxtpl template. A form without an uploaded template
    uses the built-in one (apps.documents.catalogue)."""

    code = models.CharField(_("form"), max_length=20)
    policy_code = models.CharField(
        _("policy version"),
        max_length=20,
        blank=True,
        help_text=_("Empty: for every policy version without a template of its own."),
    )
    version = models.PositiveSmallIntegerField(_("template version"))
    file = models.FileField(upload_to="form-templates/")
    note = models.CharField(_("note"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "policy_code", "version"], name="one_template_version"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        scope = self.policy_code or "*"
        return f"{self.code} · {scope} · v{self.version}"


class GeneratedDocument(models.Model):
    case = models.ForeignKey(
        "admissions.Case", on_delete=models.CASCADE, related_name="generated_documents"
    )
    code = models.CharField(max_length=20)
    template = models.ForeignKey(
        FormTemplate, null=True, on_delete=models.PROTECT, related_name="+"
    )
    template_label = models.CharField(max_length=80)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField(auto_now_add=True)
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["-generated_at"]

    def __str__(self) -> str:
        return f"{self.code} ({self.template_label})"
