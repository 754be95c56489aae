"""The organisation tree, with its history.

Each unit keeps its current materialised path (``path``, e.g. "/1/7/42/"): a
subtree is ``path LIKE '/1/7/%'`` on an indexed column, which costs the size
of the subtree, not of the tree (docs/decisions/0001-tree-paths.md). Where a
unit sat in the tree in the past is kept in ``OrganizationPlacement`` rows
with half-open validity [valid_from, valid_to), so a count "as of" a past date
reads the tree as it was then.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import (
    CellCategory,
    DecisionBody,
    DecisionThreshold,
    OrgEventKind,
    OrgKind,
)


class Organization(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=OrgKind.choices)
    category = models.CharField(
        _("cell category"), max_length=30, choices=CellCategory.choices, blank=True
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    # Official administrative code (vietnam-provinces) of a province or commune.
    admin_code = models.CharField(_("administrative code"), max_length=10, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    decision_body = models.CharField(
        _("admission decided by"), max_length=30, choices=DecisionBody.choices, blank=True
    )
    decision_threshold = models.CharField(
        _("decision threshold"), max_length=20, choices=DecisionThreshold.choices, blank=True
    )

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["parent", "valid_to"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.valid_to is None

    @property
    def is_cell(self) -> bool:
        return self.kind == OrgKind.CELL

    def ancestor_ids(self) -> list[int]:
        """Ids from the root down to the parent, read from the path."""
        return [int(p) for p in self.path.strip("/").split("/")[:-1]]

    def active_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class OrganizationPlacement(models.Model):
    """Where a unit sat in the tree during [valid_from, valid_to)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="placements"
    )
    parent = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    path = models.CharField(max_length=255, db_index=True)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["organization", "valid_from"]
        indexes = [models.Index(fields=["organization", "valid_from"])]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.path} [{self.valid_from}, {self.valid_to})"


class OrganizationEvent(models.Model):
    """A dated change of the tree, as officials describe it ("merged into ...")."""

    kind = models.CharField(_("event"), max_length=20, choices=OrgEventKind.choices)
    date = models.DateField(_("date"))
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="events", verbose_name=_("unit")
    )
    related = models.ManyToManyField(Organization, blank=True, related_name="+")
    description = models.CharField(_("description"), max_length=500, blank=True)
    document = models.CharField(_("decision document"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.organization}"
