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


def is_root_administrator(user: Any) -> bool:
    """Whether the user is an administrator at a root of the tree (a unit
    with no parent): the only one who manages users without a role and the
    competence settings of the root itself."""
    from domain.roles import Role

    return any(g.role == Role.ADMINISTRATOR and g.path.count("/") == 2 for g in user_grants(user))


def manageable_users(user: Any) -> QuerySet[Any]:
    """The users `user` may administer (reset the password or the second
    factor, grant and revoke roles, manage API tokens).

    A user is manageable only when **all** their grants lie inside the
    subtrees where `user` holds MANAGE_USERS: one grant above or beside the
    administrator's scope (a province auditor who is also a cell secretary)
    makes the account someone else's to manage. A user with no grant is
    manageable by whoever created it, and by an administrator at a root.

    Raises PermissionDenied when `user` may manage nobody at all.
    """
    from django.db.models import Exists, OuterRef

    from .models import RoleAssignment, User

    prefixes = scope_paths(user, Perm.MANAGE_USERS)
    if not prefixes:
        raise PermissionDenied
    grants_of = RoleAssignment.objects.filter(user=OuterRef("pk"))
    has_grant = Exists(grants_of)
    outside = Exists(grants_of.exclude(path_q(prefixes, "organization__path")))
    no_grant = Q(~has_grant)
    if not is_root_administrator(user):
        no_grant &= Q(created_by=user)
    return User.objects.filter(Q(has_grant & ~outside) | no_grant)


def may_set_competence(user: Any, org: Any) -> bool:
    """Whether `user` may set the competent decision body and threshold of
    `org` (RULES V5). They are set by the level above — someone who may
    change the tree at the unit's parent — never by the unit's own staff or
    administrator; the root's by an administrator at the root only."""
    from domain.roles import Role

    if org.parent_id is None:
        return any(
            g.role == Role.ADMINISTRATOR and g.organization_id == org.pk for g in user_grants(user)
        )
    parent_path = org.path[: org.path.rstrip("/").rfind("/") + 1]
    return has_perm_at(user, parent_path, Perm.CHANGE_TREE)
