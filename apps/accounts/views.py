from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from apps.audit.presenters import present
from apps.audit.services import history
from apps.common.http import AuthedRequest
from apps.organizations.models import Organization
from domain.roles import Perm

from . import services
from .forms import GrantForm, ResetPasswordForm, ThrottledLoginForm, UserCreateForm
from .models import RoleAssignment, User
from .scope import restrict, scope_paths


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True


@login_required
def password_change(request: AuthedRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.set_password(
            request.user,
            by=request.user,
            password=form.cleaned_data["new_password1"],
            temporary=False,
        )
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form})


def _manageable_users(user: Any) -> QuerySet[User]:
    """Users an administrator may manage: those with a role inside the
    administrator's scope, and new users with no role yet."""
    paths = scope_paths(user, Perm.MANAGE_USERS)
    if not paths:
        raise PermissionDenied
    in_scope = Q()
    for p in paths:
        in_scope |= Q(assignments__organization__path__startswith=p)
    return User.objects.filter(in_scope | Q(assignments__isnull=True)).distinct()


def _access_user(request: AuthedRequest, pk: int) -> User:
    users = _manageable_users(request.user)
    try:
        return users.get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


def _units_for_grants(user: Any) -> QuerySet[Organization]:
    return restrict(Organization.objects.filter(valid_to__isnull=True), user, Perm.MANAGE_USERS)


@login_required
def user_list(request: AuthedRequest) -> HttpResponse:
    users = _manageable_users(request.user).order_by("username")
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    users = users.prefetch_related("assignments__organization")[:200]
    return render(request, "accounts/user_list.html", {"users": users, "q": q})


@login_required
def user_create(request: AuthedRequest) -> HttpResponse:
    _manageable_users(request.user)  # permission check
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_user = services.create_user(by=request.user, **form.cleaned_data)
        messages.success(
            request, _("User {name} created. Now grant a role.").format(name=new_user.username)
        )
        return redirect("accounts:user_detail", pk=new_user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


@login_required
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _access_user(request, pk)
    grant_form = GrantForm(units=_units_for_grants(request.user))
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "grants": target.assignments.select_related("organization"),
            "grant_form": grant_form,
            "reset_form": ResetPasswordForm(user=target),
            "history": present(list(history(target)[:50])),
        },
    )


@login_required
@require_POST
def user_reset_password(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _access_user(request, pk)
    form = ResetPasswordForm(request.POST, user=target)
    if form.is_valid():
        services.set_password(
            target, by=request.user, password=form.cleaned_data["password"], temporary=True
        )
        messages.success(
            request,
            _("Temporary password set: {name} must change it at the next login.").format(
                name=target.username
            ),
        )
        return redirect("accounts:user_detail", pk=target.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "grants": target.assignments.select_related("organization"),
            "grant_form": GrantForm(units=_units_for_grants(request.user)),
            "reset_form": form,
            "history": present(list(history(target)[:50])),
        },
        status=400,
    )


@login_required
@require_POST
def user_grant(request: AuthedRequest, pk: int) -> HttpResponse:
    target = _access_user(request, pk)
    form = GrantForm(request.POST, units=_units_for_grants(request.user))
    if form.is_valid():
        try:
            services.grant_role(
                target,
                by=request.user,
                organization=form.cleaned_data["organization"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            for field, errs in exc.message_dict.items():
                for err in errs:
                    form.add_error(field if field in form.fields else None, err)
        else:
            messages.success(request, _("Role granted."))
            return redirect("accounts:user_detail", pk=target.pk)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "grants": target.assignments.select_related("organization"),
            "grant_form": form,
            "reset_form": ResetPasswordForm(user=target),
            "history": present(list(history(target)[:50])),
        },
        status=400,
    )


@login_required
@require_POST
def user_revoke(request: AuthedRequest, pk: int, grant_pk: int) -> HttpResponse:
    target = _access_user(request, pk)
    grant = get_object_or_404(
        restrict(
            RoleAssignment.objects.filter(user=target),
            request.user,
            Perm.MANAGE_USERS,
            path_field="organization__path",
        ).select_related("organization"),
        pk=grant_pk,
    )
    services.revoke_role(grant, by=request.user)
    messages.success(request, _("Role revoked."))
    return redirect("accounts:user_detail", pk=target.pk)
