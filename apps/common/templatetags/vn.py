"""Vietnamese display helpers: numbers with "." thousands separators
(4.749), dates dd/mm/yyyy."""

from __future__ import annotations

import datetime
from typing import Any

from django import template

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
