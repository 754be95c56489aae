"""Audit rows as people read them: field labels instead of column names,
choice labels instead of codes, dates as dd/mm/yyyy."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models

from .models import AuditEntry


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str
    new: str


def _display(field: models.Field[Any, Any] | None, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return str(value)


def change_lines(
    entry: AuditEntry, masked: frozenset[str] = frozenset(), mask: str = "•••"
) -> list[ChangeLine]:
    model = entry.content_type.model_class()
    lines = []
    for name, pair in entry.changes.items():
        field: models.Field[Any, Any] | None = None
        label = name
        if model is not None:
            try:
                found = model._meta.get_field(name)
            except FieldDoesNotExist:
                found = None
            if isinstance(found, models.Field):
                field = found
                label = str(found.verbose_name)
        if name in masked:
            lines.append(ChangeLine(label, mask, mask))
        else:
            old, new = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
            lines.append(ChangeLine(label, _display(field, old), _display(field, new)))
    return lines


def present(
    entries: list[AuditEntry], masked: frozenset[str] = frozenset()
) -> list[tuple[AuditEntry, list[ChangeLine]]]:
    return [(e, change_lines(e, masked)) for e in entries]
