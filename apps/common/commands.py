"""Helpers shared by management commands."""

from __future__ import annotations

import argparse
import datetime
import re


def day_argument(raw: str) -> datetime.date:
    """An argparse `type` for a day written dd/mm/yyyy — the only form
    accepted, so "05/03/2026" can never be read as 3 May. Raises
    ArgumentTypeError with a Vietnamese message showing what was read."""
    text = raw.strip()
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    if not match:
        raise argparse.ArgumentTypeError(
            f"không đọc được ngày {raw!r}: hãy viết ngày dạng dd/mm/yyyy, ví dụ 29/11/2026"
        )
    day, month, year = (int(g) for g in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"không có ngày {day:02d}/{month:02d}/{year} trong lịch: hãy kiểm tra lại ngày, tháng"
        ) from None
