from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.models import AuditAction
from apps.audit.services import Actor, record
from apps.organizations.models import Organization

from .models import RoleAssignment, User


@transaction.atomic
def create_user(*, by: Actor, username: str, full_name: str, password: str) -> User:
    user = User(username=username, full_name=full_name, must_change_password=True)
    user.set_password(password)
    user.save()
    record(
        by, AuditAction.CREATE, user, {"username": [None, username], "full_name": [None, full_name]}
    )
    return user


@transaction.atomic
def set_password(user: User, *, by: Actor, password: str, temporary: bool) -> User:
    user.set_password(password)
    user.must_change_password = temporary
    user.save(update_fields=["password", "must_change_password"])
    record(by, AuditAction.PASSWORD, user, note="temporary" if temporary else "changed by the user")
    return user


@transaction.atomic
def grant_role(user: User, *, by: Actor, organization: Organization, role: str) -> RoleAssignment:
    if RoleAssignment.objects.filter(user=user, organization=organization, role=role).exists():
        raise ValidationError({"role": _("Role: the user already has this role at this unit.")})
    grant = RoleAssignment.objects.create(user=user, organization=organization, role=role)
    record(by, AuditAction.GRANT, user, {"role": [None, f"{role}@{organization.code}"]})
    return grant


@transaction.atomic
def revoke_role(grant: RoleAssignment, *, by: Actor) -> None:
    record(
        by,
        AuditAction.REVOKE,
        grant.user,
        {"role": [f"{grant.role}@{grant.organization.code}", None]},
    )
    grant.delete()
