"""Audit rows as people read them: field labels instead of column names,
choice labels instead of codes, dates as dd/mm/yyyy."""

from __future__ import annotations

import datetime
from collections.abc import Callable
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


# Labels for audit keys that name what they are about ("document:cell_comment",
# "consent:late_ceremony"): the app that writes such keys registers, for the
# part before the first colon, a function from the rest to the words shown.
KEY_LABELS: dict[str, Callable[[str], str]] = {}


def register_key_label(prefix: str, label: Callable[[str], str]) -> None:
    """Show audit keys "prefix:rest" as label(rest) instead of the raw key."""
    KEY_LABELS[prefix] = label


def _key_label(name: str) -> str:
    base, _sep, rest = name.partition(":")
    if rest and base in KEY_LABELS:
        return KEY_LABELS[base](rest)
    return name


def change_lines(
    entry: AuditEntry,
    masked: frozenset[str] = frozenset(),
    mask: str = "•••",
    names: dict[tuple[type[models.Model], Any], str] | None = None,
) -> list[ChangeLine]:
    model = entry.content_type.model_class()
    lines = []
    for name, pair in entry.changes.items():
        field: models.Field[Any, Any] | None = None
        label = _key_label(name)
        base = name.split(":", 1)[0]
        if base != name and base in masked:
            # a key that names what it is about ("verification:cha"): hide the name too
            lines.append(ChangeLine(base, mask, mask))
            continue
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
            if isinstance(field, models.ForeignKey) and names is not None:
                related = field.related_model
                old = names.get((related, old), old)  # type: ignore[arg-type]
                new = names.get((related, new), new)  # type: ignore[arg-type]
                field = None
            lines.append(ChangeLine(label, _display(field, old), _display(field, new)))
    return lines


def _fk_names(entries: list[AuditEntry]) -> dict[tuple[type[models.Model], Any], str]:
    """Names of the objects foreign keys in these entries point to, in one
    query per related model."""
    wanted: dict[type[models.Model], set[Any]] = {}
    for entry in entries:
        model = entry.content_type.model_class()
        if model is None:
            continue
        for name, pair in entry.changes.items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            related = getattr(field, "related_model", None)
            if (
                isinstance(field, models.ForeignKey)
                and isinstance(related, type)
                and issubclass(related, models.Model)
                and isinstance(pair, list)
            ):
                wanted.setdefault(related, set()).update(v for v in pair if v is not None)
    names = {}
    for model, pks in wanted.items():
        for pk, obj in model._default_manager.in_bulk(list(pks)).items():
            names[(model, pk)] = str(obj)
    return names


def present(
    entries: list[AuditEntry], masked: frozenset[str] = frozenset()
) -> list[tuple[AuditEntry, list[ChangeLine]]]:
    names = _fk_names(entries)
    return [(e, change_lines(e, masked, names=names)) for e in entries]
