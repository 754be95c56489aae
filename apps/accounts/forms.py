from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.common import clock
from apps.organizations.models import Organization

from . import throttle
from .models import Role, User


class ThrottledLoginForm(AuthenticationForm):
    def clean(self) -> dict[str, Any]:
        username = self.data.get("username", "")
        until = throttle.locked_until(username)
        if until is not None:
            minutes = max(1, int((until - clock.now()).total_seconds() // 60) + 1)
            raise forms.ValidationError(
                _(
                    "Too many failed logins: this account is locked for {minutes} more minutes."
                ).format(minutes=minutes),
                code="locked",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if throttle.register_failure(username):
                raise forms.ValidationError(
                    _(
                        "Too many failed logins: this account is locked for {minutes} minutes."
                    ).format(minutes=settings.LOGIN_LOCK_MINUTES),
                    code="locked",
                ) from None
            raise
        throttle.register_success(username)
        return cleaned


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
