from __future__ import annotations

import calendar
import datetime
import re
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


# day, month and year as typed: dd/mm/yyyy, dd-mm-yyyy or dd.mm.yyyy
_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")


class VNDateField(forms.DateField):
    """A date typed dd/mm/yyyy, whatever the interface language.

    Tells a date that does not exist ("31/02/2026": "không có ngày
    31/02/2026, tháng 2/2026 có 28 ngày") apart from text that is not a
    date at all (a format error). Errors: ValidationError with code
    "invalid" (format), "no_such_month", "no_such_day" or "out_of_range"."""

    widget = VNDateInput
    input_formats = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("“%(value)s” is not a date: type it as dd/mm/yyyy, e.g. 05/03/2026."),
        "no_such_month": _(
            "There is no month %(month)s in %(value)s: the month is 1 to 12. "
            "Type the date as dd/mm/yyyy, e.g. 05/03/2026."
        ),
        "no_such_day": _(
            "There is no date %(value)s: month %(month)s of %(year)s has %(days)s days. "
            "Check the day and the month."
        ),
        "out_of_range": _("The date {day} is outside {first}–{last}: check the year."),
    }

    def to_python(self, value: Any) -> datetime.date | None:
        """The date read; refused when it does not exist, is not a date, or
        lies outside domain.dates.EARLIEST–LATEST (the rules add months and
        working days to every date: a year like 9990 is a typing error, and
        would overflow later)."""
        day = self._read(value)
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

    def _read(self, value: Any) -> datetime.date | None:
        if isinstance(value, str):
            match = _DMY.match(value)
            day, month, year = (int(g) for g in match.groups()) if match else (0, 0, 0)
            if match and year >= 1:
                shown = value.strip()
                if not 1 <= month <= 12:
                    raise ValidationError(
                        self.error_messages["no_such_month"],
                        code="no_such_month",
                        params={"value": shown, "month": month},
                    )
                days = calendar.monthrange(year, month)[1]
                if not 1 <= day <= days:
                    raise ValidationError(
                        self.error_messages["no_such_day"],
                        code="no_such_day",
                        params={"value": shown, "month": month, "year": year, "days": days},
                    )
        try:
            return super().to_python(value)
        except ValidationError as exc:
            if exc.code != "invalid":
                raise
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": str(value).strip()}
            ) from exc


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
