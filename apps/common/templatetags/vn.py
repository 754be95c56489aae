"""Vietnamese display helpers: numbers with "." thousands separators
(4.749), dates dd/mm/yyyy."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.utils.translation import gettext

from domain.dates import age_years_months

register = template.Library()


@register.filter
def num(value: Any) -> str:
    if value is None or value == "":
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", ".")


@register.filter
def vdate(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    return ""


@register.filter
def field_value(obj: Any, name: str) -> Any:
    """A model field's value as shown to people (choices by their label)."""
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if callable(display) else getattr(obj, name, "")
    if isinstance(value, bool):
        return "✓" if value else "—"
    return value


@register.filter
def pct(value: Any) -> str:
    """A percentage with a decimal comma: 100,6%; "–" when there is none."""
    if value is None or value == "":
        return "–"
    return f"{value}".replace(".", ",") + "%"


@register.filter
def cell(value: Any, kind: str) -> str:
    """A report cell as shown on the page: counts with "." thousands, shares
    as percentages, text as it is."""
    if kind == "int":
        return num(value) if value is not None else "–"
    if kind == "pct":
        return pct(value)
    return "" if value is None else str(value)


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template (None when missing)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def index(sequence: Any, i: int) -> Any:
    """sequence[i] in a template (None when out of range)."""
    try:
        return sequence[i]
    except (IndexError, TypeError, KeyError):
        return None


@register.filter
def pct_short(value: Any) -> str:
    """A percentage as typed, without trailing zeros: 3%, 3,5%."""
    if value is None or value == "":
        return "–"
    text = f"{value:f}" if hasattr(value, "normalize") else str(value)
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",") + "%"


@register.filter
def described(field: Any) -> str:
    """Render a bound field's widget tied to its help text and its errors:
    aria-describedby names "<id>_helptext" and "<id>_error" (the ids that
    templates/includes/form.html gives them), and aria-invalid="true" when
    the field has an error — so a screen reader reads the error with the
    input. Returns safe HTML."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}_helptext")
    if field.errors:
        ids.append(f"{field.auto_id}_error")
    attrs: dict[str, str] = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if field.errors:
        attrs["aria-invalid"] = "true"
    return str(field.as_widget(attrs=attrs))


@register.filter
def age(born: datetime.date | None, on: datetime.date) -> str:
    """A person's age on `on` as people say it: "26 tuổi 8 tháng" (completed
    years and months, domain.dates.age_years_months); empty without a birth
    date or for a day before it."""
    if born is None or on < born:
        return ""
    years, months = age_years_months(born, on)
    if months == 0:
        return gettext("{years} years old").format(years=years)
    return gettext("{years} years {months} months old").format(years=years, months=months)
