from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class VNDateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class VNDateField(forms.DateField):
    """A date typed dd/mm/yyyy, whatever the interface language."""

    widget = VNDateInput
    input_formats = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter the date as dd/mm/yyyy, e.g. 05/03/2026.")}


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError next to the form's fields."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def apply_errors_to(forms_: list[forms.BaseForm], exc: ValidationError) -> None:
    """Spread a service's errors over several forms shown together (a
    person and a membership, say): each error goes to the first form with
    that field, the rest to the last form's top."""
    if not hasattr(exc, "error_dict"):
        apply_errors(forms_[-1], exc)
        return
    for field, messages in exc.message_dict.items():
        target = next((f for f in forms_ if field in f.fields), forms_[-1])
        for message in messages:
            target.add_error(field if field in target.fields else None, message)
