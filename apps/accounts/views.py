from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, update_session_auth_hash
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice

from apps.audit.presenters import present
from apps.audit.services import history
from apps.common import clock
from apps.common.forms import apply_errors
from apps.common.http import AuthedRequest
from apps.organizations.models import Organization
from domain.roles import Perm

from . import services, throttle, twofactor
from .forms import (
    CodeForm,
    EnrolForm,
    GrantForm,
    ResetPasswordForm,
    ThrottledLoginForm,
    ThrottledPasswordChangeForm,
    TokenCreateForm,
    UserCreateForm,
    locked_message,
)
from .models import ApiToken, RoleAssignment, User
from .scope import manageable_users, restrict


def _next_url(request: HttpRequest) -> str:
    """The page to go on to after a login step: `next` when it is a path of
    this site, else the home page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return str(resolve_url(settings.LOGIN_REDIRECT_URL))


def _with_next(name: str, next_url: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url})}"


def _no_store(response: HttpResponse) -> HttpResponse:
    """Secrets shown once (a token, recovery codes, an enrolment key) must
    not stay in a browser's or proxy's cache."""
    response["Cache-Control"] = "no-store"
    return response


class LoginView(auth_views.LoginView):
    """The password step. Then the second factor when the user enrolled (or
    its enrolment when their role requires it); every step is audited."""

    template_name = "accounts/login.html"
    authentication_form = ThrottledLoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        auth_login(self.request, user)
        step = twofactor.pending_step(self.request)
        next_url = self.get_success_url()
        if step is twofactor.Step.VERIFY:
            services.record_login(
                user, request=self.request, factors=_("Password accepted, one-time code due")
            )
            return redirect(_with_next("accounts:two_factor_verify", next_url))
        if step is twofactor.Step.ENROL:
            services.record_login(
                user,
                request=self.request,
                factors=_("Password accepted, authenticator app to be set up"),
            )
            return redirect(_with_next("accounts:two_factor_enrol", next_url))
        services.record_login(user, request=self.request, factors=_("Logged in with the password"))
        return redirect(next_url)


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Log out (POST only), audited."""
    services.log_out(request)
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
def password_change(request: AuthedRequest) -> HttpResponse:
    form = ThrottledPasswordChangeForm(request.user, request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        user = services.set_password(
            request.user,
            by=request.user,
            password=form.cleaned_data["new_password1"],
            temporary=False,
        )
        update_session_auth_hash(request, user)
        messages.success(request, _("Your password has been changed."))
        return redirect(_next_url(request))
    return render(request, "accounts/password_change.html", {"form": form})


# Second factor --------------------------------------------------------------


def _throttled_for(user: Any) -> int:
    """Seconds to wait before django-otp accepts another code for `user`
    (it doubles the wait after each wrong code), 0 when a code may be tried."""
    now = clock.now()
    waits = [0]
    for device in devices_for_user(user):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            waits.append(max(1, int((data["locked_until"] - now).total_seconds()) + 1))
    return max(waits)


@login_required
def two_factor_verify(request: AuthedRequest) -> HttpResponse:
    """The second step of the login: a code from the app or a recovery code.
    A wrong code counts as a failed login (and may lock the account)."""
    if twofactor.pending_step(request) is not twofactor.Step.VERIFY:
        return redirect(_next_url(request))
    locked = locked_message(request.user.get_username())
    if locked:
        # Locked meanwhile (wrong codes or passwords elsewhere): this half
        # logged-in session ends too.
        auth_logout(request)
        messages.error(request, locked)
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = request.user
        code = form.cleaned_data["code"].strip().replace(" ", "").lower()
        wait = _throttled_for(user)
        device = None if wait else match_token(user, code)
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                factors = _("Recovery code accepted ({left} left)").format(left=left)
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code; {left} are left. Each works once: "
                        "make new ones on the Security page if you are running out."
                    ).format(left=left),
                )
            else:
                factors = _("One-time code accepted")
            services.record_login(user, request=request, factors=factors)
            return redirect(_next_url(request))
        if wait:
            form.add_error(
                "code",
                _(
                    "Code: too many wrong codes in a row; wait {seconds} seconds and try again."
                ).format(seconds=wait),
            )
        else:
            just_locked = throttle.register_failure(
                user.get_username(),
                request=request,
                reason=_("Wrong one-time code at {where} from {address}.").format(
                    where=request.path, address=throttle.client_address(request)
                ),
            )
            if just_locked:
                auth_logout(request)
                messages.error(
                    request,
                    _(
                        "Too many failed logins: this account is locked for {minutes} minutes."
                    ).format(minutes=settings.LOGIN_LOCK_MINUTES),
                )
                return redirect("accounts:login")
            form.add_error(
                "code",
                _(
                    "Code: “{value}” is neither the code your app shows now nor one of your unused "
                    "recovery codes. Type it again."
                ).format(value=code),
            )
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@login_required
def two_factor_enrol(request: AuthedRequest) -> HttpResponse:
    """Set up (or replace) the authenticator app: a QR code and the key, then
    the app's code to confirm; the recovery codes are shown once."""
    user = request.user
    if twofactor.enrolled(user) and not twofactor.is_verified(user):
        return redirect(_with_next("accounts:two_factor_verify", _next_url(request)))
    key = twofactor.pending_secret(request)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            codes = services.enrol_totp(request, key_hex=key, code=form.cleaned_data["code"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return _no_store(
                render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "next": _next_url(request), "first": True},
                )
            )
    uri = twofactor.provisioning_uri(user, key)
    return _no_store(
        render(
            request,
            "accounts/two_factor_enrol.html",
            {
                "form": form,
                "qr": mark_safe(twofactor.qr_svg(uri)),  # segno escapes the URI in its SVG
                "secret": twofactor.base32(key),
                "required": twofactor.required_for(user),
                "next": _next_url(request),
            },
            status=400 if form.errors else 200,
        )
    )


@login_required
@require_POST
def recovery_codes_renew(request: AuthedRequest) -> HttpResponse:
    if not twofactor.enrolled(request.user):
        messages.error(request, _("Set up an authenticator app first."))
        return redirect("accounts:security")
    codes = services.renew_recovery_codes(request.user)
    return _no_store(
        render(
            request,
            "accounts/recovery_codes.html",
            {"codes": codes, "next": reverse("accounts:security"), "first": False},
        )
    )


# Security page: second factor and API tokens --------------------------------


def _token_form(request: AuthedRequest, data: Any = None) -> TokenCreateForm:
    return TokenCreateForm(data, max_days=settings.API_TOKEN_MAX_DAYS)


def _security_page(
    request: AuthedRequest, form: TokenCreateForm, status: int = 200
) -> HttpResponse:
    user = request.user
    static = StaticDevice.objects.filter(user=user).first()
    return render(
        request,
        "accounts/security.html",
        {
            "enrolled": twofactor.enrolled(user),
            "required": twofactor.required_for(user),
            "codes_left": static.token_set.count() if static else 0,
            "tokens": user.api_tokens.all(),
            "token_form": form,
            "can_create_tokens": _may_create_tokens(user),
            "now": clock.now(),
        },
        status=status,
    )


def _may_create_tokens(user: Any) -> bool:
    """Tokens are made only from a session that passed its second factor
    when the user's role requires one."""
    return not twofactor.required_for(user) or twofactor.is_verified(user)


@login_required
def security(request: AuthedRequest) -> HttpResponse:
    """The user's own security page: second factor, recovery codes, API
    tokens (list with last use, create, revoke)."""
    return _security_page(request, _token_form(request))


@login_required
@require_POST
def token_create(request: AuthedRequest) -> HttpResponse:
    """Create an API token after asking the password again (checked by the
    authentication backend: wrong guesses count towards the lock). The
    token is shown on the answer to this POST, once."""
    if not _may_create_tokens(request.user):
        raise PermissionDenied
    form = _token_form(request, request.POST)
    if not form.is_valid():
        return _security_page(request, form, status=400)
    username = request.user.get_username()
    checked = authenticate(request, username=username, password=form.cleaned_data["password"])
    if checked is None or checked.pk != request.user.pk:
        form.add_error(
            "password",
            locked_message(username) or _("Your password: it is not right. Type it again."),
        )
        return _security_page(request, form, status=400)
    try:
        row, token = services.create_api_token(
            request.user,
            by=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return _security_page(request, form, status=400)
    return _no_store(render(request, "accounts/token_created.html", {"row": row, "token": token}))


@login_required
@require_POST
def token_revoke(request: AuthedRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(ApiToken, pk=pk, user=request.user)
    try:
        services.revoke_api_token(row, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Token “{name}” revoked.").format(name=row.name))
    return redirect("accounts:security")


# User administration --------------------------------------------------------


def _access_user(request: AuthedRequest, pk: int) -> User:
    """A user the requester may administer (all their grants inside the
    requester's scope), else 404; 403 for someone who manages nobody."""
    try:
        return manageable_users(request.user).get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


def _units_for_grants(user: Any) -> QuerySet[Organization]:
    return restrict(Organization.objects.filter(valid_to__isnull=True), user, Perm.MANAGE_USERS)


@login_required
def user_list(request: AuthedRequest) -> HttpResponse:
    users = manageable_users(request.user).order_by("username")
    q = request.GET.get("q", "").strip()
    if q:
        users = users.filter(Q(username__icontains=q) | Q(full_name__icontains=q))
    users = users.prefetch_related("assignments__organization")[:200]
    return render(request, "accounts/user_list.html", {"users": users, "q": q})


@login_required
def user_create(request: AuthedRequest) -> HttpResponse:
    manageable_users(request.user)  # permission check
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new_user = services.create_user(by=request.user, **form.cleaned_data)
        messages.success(
            request, _("User {name} created. Now grant a role.").format(name=new_user.username)
        )
        return redirect("accounts:user_detail", pk=new_user.pk)
    return render(request, "accounts/user_form.html", {"form": form})


def _detail_page(
    request: AuthedRequest,
    target: User,
    *,
    grant_form: GrantForm | None = None,
    reset_form: ResetPasswordForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "accounts/user_detail.html",
        {
            "target": target,
            "grants": target.assignments.select_related("organization"),
            "grant_form": grant_form or GrantForm(units=_units_for_grants(request.user)),
            "reset_form": reset_form or ResetPasswordForm(user=target),
            "two_factor_enrolled": twofactor.enrolled(target),
            "two_factor_required": twofactor.required_for(target),
            "tokens": target.api_tokens.all(),
            "now": clock.now(),
            "history": present(list(history(target)[:50])),
        },
        status=status,
    )


@login_required
def user_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _access_user(request, pk))


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
    return _detail_page(request, target, reset_form=form, status=400)


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
    return _detail_page(request, target, grant_form=form, status=400)


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


@login_required
@require_POST
def user_reset_two_factor(request: AuthedRequest, pk: int) -> HttpResponse:
    """An administrator removes a user's authenticator app and recovery
    codes (a lost phone); audited. The user enrols again at the next login
    when their role requires it."""
    target = _access_user(request, pk)
    try:
        services.reset_two_factor(target, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Two-factor authentication of {name} reset.").format(name=target.username),
        )
    return redirect("accounts:user_detail", pk=target.pk)


@login_required
@require_POST
def user_token_revoke(request: AuthedRequest, pk: int, token_pk: int) -> HttpResponse:
    """An administrator revokes one API token of a user they manage."""
    target = _access_user(request, pk)
    row = get_object_or_404(ApiToken, pk=token_pk, user=target)
    try:
        services.revoke_api_token(row, by=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Token “{name}” revoked.").format(name=row.name))
    return redirect("accounts:user_detail", pk=target.pk)
