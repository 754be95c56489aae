"""Targets and progress arithmetic, at the boundaries."""

import datetime as dt
from decimal import Decimal

import pytest

from domain import statistics as st

D = dt.date


@pytest.mark.parametrize(
    ("done", "target", "expected"),
    [
        (171, 170, Decimal("100.6")),
        (418, 500, Decimal("83.6")),
        (0, 12, Decimal("0.0")),
        (5, 0, None),
        (5, None, None),
        (2, 3, Decimal("66.7")),
        # halves round up, as officials and Excel write them (not half-even)
        (85, 80, Decimal("106.3")),
        (1, 8, Decimal("12.5")),
        (1, 16, Decimal("6.3")),
        (3, 16, Decimal("18.8")),
    ],
)
def test_progress_is_a_percentage_with_one_decimal(
    done: int, target: int | None, expected: Decimal | None
) -> None:
    assert st.ratio(done, target) == expected


def test_shares_of_new_members_as_the_articles_report_them() -> None:
    assert st.share(99, 334) == Decimal("29.6")  # "nearly 30%" in residential cells
    assert st.share(15, 418) == Decimal("3.6")  # students
    assert st.share(3, 0) is None


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        (D(2025, 12, 31), Decimal(0)),
        (D(2026, 1, 1), Decimal("0.3")),
        (D(2026, 7, 2), Decimal("50.1")),
        (D(2026, 12, 31), Decimal(100)),
        (D(2027, 3, 1), Decimal(100)),
    ],
)
def test_elapsed_share_of_a_year_counts_the_day_itself(on: dt.date, expected: Decimal) -> None:
    assert st.elapsed(D(2026, 1, 1), D(2026, 12, 31), on) == expected


def test_a_unit_is_behind_when_progress_is_below_the_time_elapsed() -> None:
    half = st.elapsed(D(2026, 1, 1), D(2026, 12, 31), D(2026, 7, 1))  # 49.9%
    assert st.behind(4, 12, half)
    assert not st.behind(6, 12, half)
    assert not st.behind(0, None, half)  # no target, nothing to be behind on
    assert st.schedule_gap(4, 12, half) < st.schedule_gap(5, 12, half)


@pytest.mark.parametrize(
    ("members", "low", "high", "expected"),
    [
        (1234, Decimal(3), Decimal(4), (38, 49)),  # 37.02 → 38; 49.36 → 49
        (100, Decimal(3), Decimal(4), (3, 4)),
        (10, Decimal(3), Decimal(4), (1, 1)),  # at least one; the upper bound never below it
        (200, Decimal("3.5"), None, (7, 7)),
        (0, Decimal(3), Decimal(4), (0, 0)),
    ],
)
def test_a_share_target_means_a_head_count_of_the_members_at_the_start(
    members: int, low: Decimal, high: Decimal | None, expected: tuple[int, int]
) -> None:
    assert st.share_target(members, low, high) == expected


def test_unmet_admissions_carry_into_the_next_year_and_compound() -> None:
    base = {2024: 10, 2025: 10, 2026: 10}
    done = {2024: 8, 2025: 11}
    assert st.carried(2025, base, done) == 2  # 10 − 8
    assert st.carried(2026, base, done) == 1  # (10 + 2) − 11
    assert st.carried(2024, base, done) == 0  # no target in 2023
    assert st.carried(2026, base, {2024: 20, 2025: 3}) == 7  # a surplus does not go below 0
    assert st.carried(2027, {2024: 10}, {}) == 0  # a year without a target breaks the chain


def _new(born: dt.date, admitted: dt.date, **kw: object) -> st.NewMember:
    values: dict[str, object] = {
        "gender": "male",
        "ethnicity": "01",
        "religion": "none",
        "youth_union": False,
        "general_education": "9/12",
        "qualification": "none",
        "occupation_group": "farmer",
        "demobilised": False,
        "residential_cell": False,
    }
    values.update(kw)
    return st.NewMember(admitted, born, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("admitted", "in_group"),
    [
        (D(2014, 3, 4), False),  # the day before the 18th birthday
        (D(2014, 3, 5), True),  # 18th birthday
        (D(2027, 3, 4), True),  # the last day aged 30
        (D(2027, 3, 5), False),  # 31st birthday
    ],
)
def test_aged_18_to_30_is_judged_on_the_admission_day(admitted: dt.date, in_group: bool) -> None:
    groups = st.qualities(_new(D(1996, 3, 5), admitted))
    assert (st.Quality.AGED_18_30 in groups) is in_group


def test_each_quality_group_reads_its_own_fact() -> None:
    everything = _new(
        D(2000, 1, 1),
        D(2026, 5, 1),
        gender="female",
        ethnicity="05",
        religion="buddhism",
        youth_union=True,
        general_education="12/12",
        qualification="university",
        occupation_group="student",
        demobilised=True,
        residential_cell=True,
    )
    assert st.qualities(everything) == frozenset(st.Quality) - {st.Quality.PRIVATE_WORKER}
    assert st.qualities(_new(D(1970, 1, 1), D(2026, 5, 1))) == frozenset()
    worker = _new(D(1970, 1, 1), D(2026, 5, 1), occupation_group="private_worker")
    assert st.qualities(worker) == {st.Quality.PRIVATE_WORKER}


def test_the_end_of_year_rush_is_the_share_of_october_to_december() -> None:
    assert st.q4_share({1: 1, 6: 1, 10: 3, 12: 3}) == Decimal("75.0")
    assert st.q4_share({}) is None
