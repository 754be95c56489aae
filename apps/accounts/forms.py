from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate, password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.common import clock
from apps.organizations.models import Organization

from . import throttle
from .models import Role, User


def locked_message(username: str) -> str | None:
    """The Vietnamese "locked for N more minutes" message, or None when the
    username is not locked."""
    until = throttle.locked_until(username)
    if until is None:
        return None
    minutes = max(1, int((until - clock.now()).total_seconds() // 60) + 1)
    return _("Too many failed logins: this account is locked for {minutes} more minutes.").format(
        minutes=minutes
    )


class ThrottledLoginForm(AuthenticationForm):
    """The login form. The lock-out itself is in the authentication backend
    (every password check counts); the form only tells a locked account
    from a wrong password."""

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except forms.ValidationError:
            locked = locked_message(self.data.get("username", ""))
            if locked:
                raise forms.ValidationError(locked, code="locked") from None
            raise


class ThrottledPasswordChangeForm(PasswordChangeForm):
    """Django's password change, with the current password checked by the
    authentication backend so that wrong guesses count towards the lock."""

    def __init__(self, user: Any, *args: Any, request: HttpRequest, **kwargs: Any) -> None:
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self) -> str:
        old: str = self.cleaned_data["old_password"]
        username = self.user.get_username()
        checked = authenticate(self.request, username=username, password=old)
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(
                locked_message(username) or _("Current password: it is not right. Type it again."),
                code="password_incorrect",
            )
        return old


class CodeForm(forms.Form):
    """The second step of the login: the authenticator app's code, or one of
    the recovery codes."""

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=16,
        help_text=gettext_lazy(
            "The 6 digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code shown by the app"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=80,
        help_text=gettext_lazy("What the token is for, e.g. “Monthly report spreadsheet”."),
    )
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=gettext_lazy("Asked again because a token opens your data to a program."),
    )

    def __init__(self, *args: Any, max_days: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["days"] = forms.IntegerField(
            label=gettext_lazy("Valid for (days)"),
            min_value=1,
            max_value=max_days,
            initial=90 if max_days >= 90 else max_days,
            error_messages={
                "min_value": _("Valid for: enter at least 1 day."),
                "max_value": _(
                    "Valid for: at most {max} days; make a new token when it expires."
                ).format(max=max_days),
                "invalid": _("Valid for: enter a whole number of days, e.g. 90."),
            },
        )
        self.order_fields(["name", "days", "password"])


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=gettext_lazy("Username"),
        regex=r"^[a-z0-9._-]{3,40}$",
        help_text=gettext_lazy("3 to 40 characters: lower-case letters, digits, . _ -"),
        error_messages={
            "invalid": gettext_lazy("Username: use 3 to 40 lower-case letters, digits, . _ or -.")
        },
    )
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=120)
    password = forms.CharField(label=gettext_lazy("Temporary password"), widget=forms.PasswordInput)

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(
                _("Username: “{name}” is already taken.").format(name=username)
            )
        return username

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class ResetPasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("New temporary password"), widget=forms.PasswordInput
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        password_validation.validate_password(password, self.user)
        return password


class GrantForm(forms.Form):
    organization = forms.ModelChoiceField(
        label=gettext_lazy("Unit"), queryset=Organization.objects.none()
    )
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units
