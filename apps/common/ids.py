"""Reading ids typed into URLs, query strings and form or JSON bodies.

Primary keys are 64-bit integers (BigAutoField). A value that is not a plain
run of ASCII digits, or that does not fit in 64 bits, is no id at all: the
callers answer 404 or 400 for it instead of letting the database overflow
(SQLite raises OverflowError, PostgreSQL "bigint out of range") into a 500.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MAX_ID = 2**63 - 1


def parse_id(raw: Any) -> int | None:
    """`raw` as a primary key (1 … 2⁶³−1), or None if it cannot be one.

    Accepts an int or a string of ASCII digits ("٣" and "²" are digits to
    str.isdigit but not to us); leading zeros are allowed."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        value = raw
    else:
        text = str(raw).strip()
        if not text or not text.isascii() or not text.isdigit() or len(text.lstrip("0")) > 19:
            return None
        value = int(text)
    return value if 1 <= value <= MAX_ID else None


def parse_ids(raws: Iterable[Any]) -> list[int]:
    """The values of `raws` that are ids, in order, without repeats; the
    others are dropped."""
    seen: dict[int, None] = {}
    for raw in raws:
        value = parse_id(raw)
        if value is not None:
            seen.setdefault(value, None)
    return list(seen)
