from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from domain.dates import EARLIEST, LATEST, in_range


class VNDateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs={**base, **(attrs or {})}, format="%d/%m/%Y")


class VNDateField(forms.DateField):
    """A date typed dd/mm/yyyy, whatever the interface language."""

    widget = VNDateInput
    input_formats = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("Enter the date as dd/mm/yyyy, e.g. 05/03/2026."),
        "out_of_range": _("The date {day} is outside {first}–{last}: check the year."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        """The date read, refused outside domain.dates.EARLIEST–LATEST (the
        rules add months and working days to every date: a year like 9990
        is a typing error, and would overflow later)."""
        day: datetime.date | None = super().to_python(value)
        if day is not None and not in_range(day):
            raise ValidationError(
                str(self.error_messages["out_of_range"]).format(
                    day=day.strftime("%d/%m/%Y"),
                    first=EARLIEST.strftime("%d/%m/%Y"),
                    last=LATEST.strftime("%d/%m/%Y"),
                ),
                code="out_of_range",
            )
        return day


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
