"""The one place that decides what a user may see or change in the tree.

Every view, API endpoint, export, report and dashboard goes through these
functions. Visibility: the subtrees of all the user's role grants. A
permission: the subtrees of the grants whose role includes it. An object
outside what the user can see answers 404 (not even its existence leaks); a
visible object the user may not act on answers 403.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from domain.roles import Perm, grants, minimal_prefixes

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Grant:
    role: str
    organization_id: int
    path: str


def user_grants(user: Any) -> list[Grant]:
    """The user's grants, read once per request and cached on the user."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_ptdv_grants", None)
    if cached is None:
        cached = [
            Grant(role=a.role, organization_id=a.organization_id, path=a.organization.path)
            for a in user.assignments.select_related("organization")
        ]
        user._ptdv_grants = cached
    return list(cached)


def scope_paths(user: Any, perm: Perm | str = Perm.VIEW) -> list[str]:
    """Path prefixes of the subtrees where `user` holds `perm`."""
    return minimal_prefixes([g.path for g in user_grants(user) if grants(g.role, perm)])


def has_perm_at(user: Any, path: str, perm: Perm | str) -> bool:
    return any(path.startswith(p) for p in scope_paths(user, perm))


def path_q(prefixes: list[str], field: str) -> Q:
    if not prefixes:
        return Q(pk__in=[])
    q = Q()
    for prefix in prefixes:
        q |= Q(**{f"{field}__startswith": prefix})
    return q


def restrict(
    qs: QuerySet[M], user: Any, perm: Perm | str = Perm.VIEW, path_field: str = "path"
) -> QuerySet[M]:
    """`qs` limited to rows whose unit (at `path_field`) is in the user's scope."""
    return qs.filter(path_q(scope_paths(user, perm), path_field))


def access(
    qs: QuerySet[M],
    user: Any,
    perm: Perm | str = Perm.VIEW,
    path_field: str = "path",
    **lookup: Any,
) -> M:
    """Fetch one object and authorise it: 404 if out of sight, 403 if the
    user sees it but lacks `perm`."""
    obj = restrict(qs, user, Perm.VIEW, path_field).filter(**lookup).first()
    if obj is None:
        raise Http404
    if Perm(perm) is not Perm.VIEW:
        path = obj
        for part in path_field.split("__"):
            path = getattr(path, part)
        if not has_perm_at(user, str(path), perm):
            raise PermissionDenied
    return obj
