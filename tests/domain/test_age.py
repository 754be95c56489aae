"""Age as people say it: completed years and months (domain.dates)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.admission import Stage, intermediate_only_stages
from domain.dates import age_years_months, completed_months

D = dt.date


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [
        (D(2000, 3, 15), D(2000, 3, 15), (0, 0)),
        (D(2000, 3, 15), D(2000, 4, 14), (0, 0)),
        (D(2000, 3, 15), D(2000, 4, 15), (0, 1)),
        (D(2000, 3, 15), D(2026, 11, 14), (26, 7)),
        (D(2000, 3, 15), D(2026, 11, 15), (26, 8)),
        (D(2000, 3, 15), D(2027, 3, 14), (26, 11)),
        (D(2000, 3, 15), D(2027, 3, 15), (27, 0)),
        # born 31/01: a month later is reached on 01/03 (February has no 31st)
        (D(2026, 1, 31), D(2026, 2, 28), (0, 0)),
        (D(2026, 1, 31), D(2026, 3, 1), (0, 1)),
        # born 29/02: a year older on 01/03 in common years, on 29/02 in leap years
        (D(2008, 2, 29), D(2026, 2, 28), (17, 11)),
        (D(2008, 2, 29), D(2026, 3, 1), (18, 0)),
        (D(2008, 2, 29), D(2028, 2, 28), (19, 11)),
        (D(2008, 2, 29), D(2028, 2, 29), (20, 0)),
    ],
)
def test_age_in_years_and_months_at_the_boundaries(
    born: dt.date, on: dt.date, age: tuple[int, int]
) -> None:
    assert age_years_months(born, on) == age


def test_an_age_before_birth_is_refused() -> None:
    with pytest.raises(ValueError, match="before the birth date"):
        age_years_months(D(2000, 3, 15), D(2000, 3, 14))


@given(
    st.dates(min_value=D(1930, 1, 1), max_value=D(2030, 12, 31)),
    st.integers(min_value=0, max_value=40_000),
)
def test_years_and_months_add_up_to_the_completed_months(born: dt.date, days: int) -> None:
    on = born + dt.timedelta(days=days)
    years, months = age_years_months(born, on)
    assert 0 <= months < 12
    assert years * 12 + months == completed_months(born, on)


def test_only_the_appraisals_need_an_intermediate_committee() -> None:
    assert intermediate_only_stages() == {Stage.APPRAISED, Stage.RECOGNITION_APPRAISED}
