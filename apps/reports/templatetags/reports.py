"""Template helpers of the dashboard."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from domain import statistics as st

register = template.Library()


@register.filter
def q4(row: Any, year: Any) -> Any:
    """Share of the row's admissions of `year` made in October–December."""
    return row.q4_share_of(int(year))


@register.filter
def admitted_in(row: Any, year: Any) -> Any:
    return row.admissions_in(int(year))


@register.filter
def share_of(counts: dict[str, int], code: str) -> Decimal | None:
    """A quality group's share of the new members counted in `counts`."""
    return st.share(counts.get(code, 0), counts.get("total", 0))
