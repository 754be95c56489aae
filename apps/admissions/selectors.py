"""Reading cases within a user's scope (apps.accounts.scope), for the pages
and the API alike."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from apps.accounts.scope import restrict
from domain.roles import Perm

from .models import Case


def cases_in_scope(user: Any, perm: Perm = Perm.VIEW) -> QuerySet[Case]:
    """The cases of the units where `user` holds `perm`."""
    return restrict(Case.objects.all(), user, perm, path_field="organization__path")
