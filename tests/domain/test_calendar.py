import datetime as dt

import pytest

from domain.calendar import WorkingCalendar
from domain.dates import add_months, completed_months

CAL = WorkingCalendar()
D = dt.date


@pytest.mark.parametrize(
    ("start", "count", "due"),
    [
        (D(2026, 3, 6), 1, D(2026, 3, 9)),  # Friday + 1 wd = Monday
        (D(2026, 3, 6), 5, D(2026, 3, 13)),  # a full week
        (D(2026, 2, 13), 1, D(2026, 2, 23)),  # Friday before Tết 2026 (16–20/2) → Monday 23/2
        (D(2026, 2, 12), 3, D(2026, 2, 24)),  # Thu → Fri 13, Tết week, Mon 23, Tue 24
        (D(2027, 2, 3), 1, D(2027, 2, 11)),  # Tết 2027: 4–10/2 off
        (D(2026, 4, 24), 2, D(2026, 4, 29)),  # Hùng Kings (observed Mon 27/4), 30/4 and 1/5 off
        (D(2026, 4, 29), 1, D(2026, 5, 4)),
        (D(2026, 8, 31), 1, D(2026, 9, 3)),  # National Day 1–2/9/2026
        (D(2026, 1, 10), 0, D(2026, 1, 10)),
    ],
)
def test_working_days_skip_weekends_and_holidays_tet_included(
    start: dt.date, count: int, due: dt.date
) -> None:
    assert CAL.add_working_days(start, count) == due


def test_sixty_working_days_across_tet_2026() -> None:
    # T1: 60 wd from a cell resolution of 15/01/2026 crosses Tết (5 days) and weekends
    due = CAL.add_working_days(D(2026, 1, 15), 60)
    assert due == D(2026, 4, 16)
    assert CAL.working_days_between(D(2026, 1, 15), due) == 60


def test_announced_swaps_are_honoured() -> None:
    cal = WorkingCalendar.with_overrides(days_off=[D(2026, 2, 13)], working_days=[D(2026, 2, 28)])
    assert not cal.is_working_day(D(2026, 2, 13))
    assert cal.is_working_day(D(2026, 2, 28))  # a Saturday made a working day
    assert cal.add_working_days(D(2026, 2, 12), 1) == D(2026, 2, 23)
    assert cal.add_working_days(D(2026, 2, 27), 1) == D(2026, 2, 28)


def test_working_days_between_is_signed() -> None:
    assert CAL.working_days_between(D(2026, 3, 9), D(2026, 3, 6)) == -1


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2025, 3, 5), 12, D(2026, 3, 5)),
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # probation across a leap day
        (D(2023, 2, 28), 12, D(2024, 2, 28)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2021, 3, 1), 60, D(2026, 3, 1)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        (D(2008, 3, 5), D(2026, 3, 4), 215),
        (D(2008, 3, 5), D(2026, 3, 5), 216),  # 18th birthday
        (D(2008, 2, 29), D(2026, 2, 28), 215),  # born on a leap day: not yet
        (D(2008, 2, 29), D(2026, 3, 1), 216),
        (D(1966, 3, 5), D(2026, 3, 5), 720),
        (D(1966, 3, 5), D(2026, 4, 5), 721),
    ],
)
def test_completed_months(born: dt.date, on: dt.date, months: int) -> None:
    assert completed_months(born, on) == months
