"""The log of reads of personal data (AccessEntry): one row per request —
every view of a dossier or member page, every API read of people, every
export — with the filter used and the unit concerned, so that an auditor
can answer "who looked at whose data, and what left the system"
(Law 91/2025/QH15; RULES.md, "Personal data")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from apps.accounts.scope import scope_paths
from apps.common.ids import parse_id
from apps.organizations.models import Organization

from .models import AccessEntry, AccessKind

# Query parameters that say nothing about what was read.
NOT_FILTERS = frozenset({"page", "csrfmiddlewaretoken", "format"})


def scope_root(user: Any) -> Organization | None:
    """The lowest unit whose subtree holds everything `user` sees (their
    one grant's unit, or the common ancestor of several)."""
    paths = scope_paths(user)
    if not paths:
        return None
    parts = [p.strip("/").split("/") for p in paths]
    common: list[str] = []
    for column in zip(*parts, strict=False):
        if len(set(column)) != 1:
            break
        common.append(column[0])
    if not common:
        return None
    return Organization.objects.filter(pk=int(common[-1])).first()


def filters_of(params: Mapping[str, Any]) -> dict[str, str]:
    """The filter a list or export was asked with (query string or form),
    as text, without paging and tokens; long values are cut."""
    out: dict[str, str] = {}
    getlist = getattr(params, "getlist", None)
    for key in params:
        if key in NOT_FILTERS:
            continue
        values = getlist(key) if getlist else [params[key]]
        out[str(key)[:50]] = ", ".join(str(v) for v in values)[:200]
    return out


def record_access(
    user: Any,
    *,
    kind: AccessKind,
    what: str,
    target: models.Model | type[models.Model] | None = None,
    unit: Organization | None = None,
    filters: Mapping[str, Any] | None = None,
    rows: int | None = None,
) -> AccessEntry:
    """Record one read by `user` (called once per request by the view).

    `target` is the object read (a member, a case) or, for a list or an
    export, its model; `unit` the unit concerned — by default the object's
    cell, else the unit covering the user's scope. Runs in its own
    transaction: a read is logged even when nothing is written."""
    content_type = None
    object_id = object_repr = ""
    if isinstance(target, models.Model):
        content_type = ContentType.objects.get_for_model(target)
        object_id, object_repr = str(target.pk), str(target)[:300]
        unit = unit or getattr(target, "organization", None)
    elif target is not None:
        content_type = ContentType.objects.get_for_model(target)
    with transaction.atomic():
        return AccessEntry.objects.create(
            actor=user,
            kind=kind,
            what=what[:200],
            content_type=content_type,
            object_id=object_id,
            object_repr=object_repr,
            organization=unit or scope_root(user),
            filters=filters_of(filters or {}),
            rows=rows,
        )


class LoggedReadMixin:
    """For a read-only DRF viewset of people: every successful list or
    retrieve is recorded once (record_access, kind API) with the query
    used. Set `access_model` (what is read) and `access_label` (its name)."""

    access_model: type[models.Model]
    access_label: Any

    def get_object(self) -> Any:
        obj = super().get_object()  # type: ignore[misc]
        self._read_object = obj
        return obj

    def finalize_response(self, request: Any, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        action = getattr(self, "action", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and action in ("list", "retrieve")
        ):
            data = response.data
            rows = 1
            if action == "list":
                items = data.get("results", []) if isinstance(data, dict) else data
                rows = len(items)
            unit = None
            if unit_id := parse_id(request.query_params.get("unit")):
                unit = Organization.objects.filter(pk=unit_id).first()
            record_access(
                request.user,
                kind=AccessKind.API,
                what=str(self.access_label),
                target=getattr(self, "_read_object", None) or self.access_model,
                unit=unit,
                filters=request.query_params,
                rows=rows,
            )
        return response
