"""The plausibility checks: dates a life and a membership can have."""

import datetime as dt

from domain import plausibility as p

D = dt.date
TODAY = D(2026, 11, 30)


def rules(failures: list[p.Failure]) -> list[tuple[str, str]]:
    return [(f.field, f.rule) for f in failures]


def member(**kw: object) -> list[p.Failure]:
    args: dict[str, object] = {
        "born": D(1980, 3, 5),
        "admitted_on": D(2010, 5, 19),
        "ceremony_on": D(2010, 6, 2),
        "full_on": D(2011, 6, 2),
        "today": TODAY,
        "min_age_months": 216,
        "probation_months": 12,
    }
    args.update(kw)
    return p.check_member(**args)  # type: ignore[arg-type]


def test_a_plausible_membership_passes() -> None:
    assert member() == []
    assert member(ceremony_on=None, full_on=None) == []


def test_birth_dates_from_1900_to_today() -> None:
    assert p.check_birth(D(1900, 1, 1), TODAY) == [] and p.check_birth(TODAY, TODAY) == []
    assert rules(p.check_birth(D(1899, 12, 31), TODAY)) == [("date_of_birth", p.BIRTH_RANGE)]
    assert rules(p.check_birth(D(2027, 1, 1), TODAY)) == [("date_of_birth", p.BIRTH_RANGE)]


def test_admitted_at_fourteen_is_refused() -> None:
    (failure,) = member(born=D(1996, 1, 1))
    assert (failure.field, failure.rule, failure.params["age"]) == (
        "admitted_on",
        p.ADMISSION_AGE,
        14,
    )


def test_full_membership_before_probation_ends_is_refused() -> None:
    (failure,) = member(full_on=D(2010, 12, 2))  # six months after the ceremony
    assert (failure.field, failure.rule, failure.params["ends"]) == (
        "full_on",
        p.PROBATION,
        D(2011, 6, 2),
    )


def test_events_in_the_future_are_refused() -> None:
    assert rules(member(full_on=D(2027, 6, 2))) == [("full_on", p.FUTURE)]
    assert rules(member(admitted_on=D(2030, 1, 1), ceremony_on=D(2030, 2, 1), full_on=None)) == [
        ("admitted_on", p.FUTURE),
        ("ceremony_on", p.FUTURE),
    ]


def test_the_order_of_a_membership() -> None:
    assert rules(member(ceremony_on=D(2009, 1, 1))) == [("ceremony_on", p.ORDER)]
    assert rules(member(born=D(2011, 1, 1))) == [("admitted_on", p.ORDER), ("ceremony_on", p.ORDER)]


def test_a_candidate_in_the_pool() -> None:
    ok = p.check_candidate(
        born=D(2008, 1, 1), opened_on=D(2026, 1, 10), today=TODAY, min_pool_age_years=16
    )
    assert ok == []
    young = p.check_candidate(
        born=D(2015, 1, 1), opened_on=D(2026, 1, 10), today=TODAY, min_pool_age_years=16
    )
    assert rules(young) == [("opened_on", p.POOL_AGE)] and young[0].params["age"] == 11
    future = p.check_candidate(
        born=D(2000, 1, 1), opened_on=D(2027, 12, 1), today=TODAY, min_pool_age_years=16
    )
    assert rules(future) == [("opened_on", p.FUTURE)]
    before_birth = p.check_candidate(
        born=D(2000, 1, 1), opened_on=D(1999, 1, 1), today=TODAY, min_pool_age_years=16
    )
    assert rules(before_birth) == [("opened_on", p.ORDER)]
    unborn = p.check_candidate(
        born=D(2027, 1, 1), opened_on=D(2026, 1, 1), today=TODAY, min_pool_age_years=16
    )
    assert ("date_of_birth", p.BIRTH_RANGE) in rules(unborn)


def test_paper_steps_in_order_after_the_pool_entry() -> None:
    steps = [("certificate_on", D(2025, 3, 1)), ("cell_resolution_on", D(2025, 2, 1))]
    assert rules(p.check_case_steps(D(2000, 1, 1), D(2025, 1, 10), steps, TODAY)) == [
        ("cell_resolution_on", p.ORDER)
    ]
