from typing import Any

from django.http import HttpRequest

from domain.roles import Perm

from .scope import scope_paths, user_grants


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "nav_can_manage_users": bool(scope_paths(user, Perm.MANAGE_USERS)),
        "nav_has_scope": bool(user_grants(user)),
        "nav_can_decide": bool(scope_paths(user, Perm.DECIDE)),
        "nav_can_import": bool(scope_paths(user, Perm.CHANGE_MEMBERS)),
        "nav_can_audit": bool(scope_paths(user, Perm.VIEW_ACCESS_LOG)),
    }
