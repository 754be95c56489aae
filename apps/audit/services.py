"""Writing audit rows. Every service calls `record` (or `record_many` for bulk
writes) inside its own transaction, so a change and its audit row commit or
roll back together."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Iterable, Iterator, Sequence
from contextvars import ContextVar
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import AuditAction, AuditEntry

Actor = Any  # a User, or a str label for commands ("manage.py load_demo")


def _json_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def snapshot(obj: models.Model, fields: Sequence[str]) -> dict[str, Any]:
    """The audited values of `obj`, for a later `diff`."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _json_value(getattr(obj, attname))
    return values


def diff(before: dict[str, Any], obj: models.Model) -> dict[str, list[Any]]:
    after = snapshot(obj, list(before))
    return {k: [before[k], after[k]] for k in before if before[k] != after[k]}


def created(obj: models.Model, fields: Sequence[str]) -> dict[str, list[Any]]:
    return {k: [None, v] for k, v in snapshot(obj, fields).items() if v not in (None, "")}


def _actor_fields(actor: Actor) -> dict[str, Any]:
    if isinstance(actor, str):
        return {"actor": None, "actor_label": actor}
    return {"actor": actor, "actor_label": ""}


def _entry(
    actor: Actor, action: AuditAction, obj: models.Model, changes: dict[str, Any] | None, note: str
) -> AuditEntry:
    return AuditEntry(
        **_actor_fields(actor),
        action=action,
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:300],
        changes=changes or {},
        note=note[:500],
    )


_DEFERRED: ContextVar[list[AuditEntry] | None] = ContextVar("ptdv_audit_deferred", default=None)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Within the block (itself inside one transaction), `record` collects
    its rows and writes them with one bulk insert when the block ends, still
    inside the transaction: for jobs that take thousands of steps at once
    (the demo province). A block that raises writes nothing, and its
    transaction rolls back with the changes."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.deferred must run inside the write's transaction")
    rows: list[AuditEntry] = []
    token = _DEFERRED.set(rows)
    try:
        yield
    finally:
        _DEFERRED.reset(token)
    AuditEntry.objects.bulk_create(rows, batch_size=2000)


def record(
    actor: Actor,
    action: AuditAction,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """One audit row for a change of `obj`, written in the caller's
    transaction (RuntimeError outside one)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must run inside the write's transaction")
    entry = _entry(actor, action, obj, changes, note)
    pending = _DEFERRED.get()
    if pending is not None:
        pending.append(entry)
    else:
        entry.save()
    return entry


def record_many(
    actor: Actor,
    action: AuditAction,
    items: Iterable[tuple[models.Model, dict[str, Any] | None]],
    note: str = "",
) -> int:
    entries = [_entry(actor, action, obj, changes, note) for obj, changes in items]
    AuditEntry.objects.bulk_create(entries, batch_size=2000)
    return len(entries)


def history(obj: models.Model) -> models.QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor", "content_type")
