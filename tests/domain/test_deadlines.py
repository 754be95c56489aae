"""The deadline engine's pure rules: buckets, the warning window, overdue
across Tết and a weekend, escalation, the dates of a case, quarter targets."""

import datetime as dt

import pytest

from domain import deadlines as dd
from domain.admission import Stage, Timeline
from domain.calendar import WorkingCalendar
from domain.policy import DEFAULT_POLICIES, Policy, policy_on

D = dt.date
CAL = WorkingCalendar()


def policy_for(day: dt.date) -> Policy:
    return policy_on(DEFAULT_POLICIES, day)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 3, 1), None),  # 31 days ahead, window 30
        (D(2026, 3, 2), dd.Bucket.MONTH),  # 30 days ahead: appears
        (D(2026, 3, 25), dd.Bucket.MONTH),  # 7 days ahead
        (D(2026, 3, 26), dd.Bucket.WEEK),  # 6 days ahead
        (D(2026, 4, 1), dd.Bucket.WEEK),  # the last allowed day
        (D(2026, 4, 2), dd.Bucket.OVERDUE),
    ],
)
def test_an_item_appears_warn_days_before_and_turns_overdue_the_day_after(
    today: dt.date, expected: dd.Bucket | None
) -> None:
    assert dd.bucket(D(2026, 4, 1), today, warn_days=30) == expected


def test_a_wide_window_puts_far_items_in_later() -> None:
    assert dd.bucket(D(2026, 6, 1), D(2026, 4, 1), warn_days=90) == dd.Bucket.LATER


def test_t1_across_tet_is_due_on_the_sixtieth_working_day_and_escalates_after_the_setting() -> None:
    facts = dd.CaseFacts(Stage.CELL_RESOLVED, Timeline(cell_resolution_on=D(2025, 11, 20)))
    (t1,) = dd.case_dues(facts, policy_for, CAL)
    assert (t1.rule, t1.due, t1.actor, t1.policy) == (
        "T1",
        D(2026, 2, 13),
        dd.Actor.COMMITTEE,
        "2025",
    )
    # Friday 13/02/2026 is the last day; Tết (16–20/02) and two weekends follow.
    assert not dd.is_overdue(t1.due, D(2026, 2, 13))
    assert dd.is_overdue(t1.due, D(2026, 2, 14))
    assert dd.overdue_working_days(t1.due, D(2026, 2, 22), CAL) == 0
    assert dd.overdue_working_days(t1.due, D(2026, 2, 27), CAL) == 5
    assert not dd.escalates(t1.due, D(2026, 2, 27), 5, CAL)
    assert not dd.escalates(t1.due, D(2026, 3, 1), 5, CAL)  # a Sunday adds nothing
    assert dd.escalates(t1.due, D(2026, 3, 2), 5, CAL)
    assert dd.days_left(t1.due, D(2026, 2, 12), t1.counting, CAL) == 1


def test_an_appraisal_stage_waits_at_the_intermediate_committee() -> None:
    facts = dd.CaseFacts(
        Stage.CELL_RESOLVED, Timeline(cell_resolution_on=D(2025, 11, 20)), has_intermediate=True
    )
    assert dd.case_dues(facts, policy_for, CAL)[0].actor == dd.Actor.INTERMEDIATE


def test_a_step_taken_closes_its_deadline() -> None:
    tl = Timeline(cell_resolution_on=D(2025, 11, 20), decision_on=D(2026, 1, 5))
    dues = dd.case_dues(dd.CaseFacts(Stage.ADMITTED, tl), policy_for, CAL)
    assert [d.rule for d in dues] == []  # T2 waits for the cell to receive the decision
    tl = Timeline(
        cell_resolution_on=D(2025, 11, 20),
        decision_on=D(2026, 1, 5),
        decision_received_on=D(2026, 1, 6),
    )
    dues = dd.case_dues(dd.CaseFacts(Stage.ADMITTED, tl), policy_for, CAL)
    assert [(d.rule, d.actor) for d in dues] == [("T2", dd.Actor.CELL)]


def test_probation_brings_its_end_the_course_certificate_and_t4() -> None:
    tl = Timeline(
        cell_resolution_on=D(2025, 1, 6),
        decision_on=D(2025, 2, 3),
        decision_received_on=D(2025, 2, 4),
        ceremony_on=D(2025, 3, 3),
    )
    dues = {d.rule: d for d in dd.case_dues(dd.CaseFacts(Stage.PROBATIONARY, tl), policy_for, CAL)}
    assert set(dues) == {"T3", "T4", "P2"}
    assert dues["T3"].due == dues["P2"].due == D(2026, 3, 3)
    assert dues["T4"].due == CAL.add_working_days(D(2026, 3, 3), 30)
    # the end of probation is reached, never missed: it leaves the list
    assert dd.visible(dues["T3"], D(2026, 3, 3), 30) == dd.Bucket.WEEK
    assert dd.visible(dues["T3"], D(2026, 3, 4), 30) is None
    assert dd.visible(dues["P2"], D(2026, 3, 4), 30) == dd.Bucket.OVERDUE
    done = dd.CaseFacts(Stage.PROBATIONARY, tl, has_new_member_certificate=True)
    assert "P2" not in {d.rule for d in dd.case_dues(done, policy_for, CAL)}


def test_the_awareness_certificate_expires_before_the_cell_vote() -> None:
    facts = dd.CaseFacts(Stage.DOSSIER, Timeline(), awareness_certificate_on=D(2021, 9, 10))
    (e5,) = dd.case_dues(facts, policy_for, CAL)
    assert (e5.rule, e5.due, e5.counting) == ("E5", D(2026, 9, 10), dd.Counting.DAYS)


def test_a_proposed_removal_has_no_deadline() -> None:
    tl = Timeline(cell_resolution_on=D(2025, 1, 6), ceremony_on=D(2025, 3, 3))
    assert dd.case_dues(dd.CaseFacts(Stage.REMOVAL_PROPOSED, tl), policy_for, CAL) == []


@pytest.mark.parametrize(
    ("day", "end"),
    [
        (D(2026, 1, 1), D(2026, 3, 31)),
        (D(2026, 6, 30), D(2026, 6, 30)),
        (D(2026, 12, 5), D(2026, 12, 31)),
    ],
)
def test_quarter_end(day: dt.date, end: dt.date) -> None:
    assert dd.quarter_end(day) == end


def test_a_target_behind_its_quarter_share() -> None:
    assert [dd.expected_by_quarter(10, q) for q in (1, 2, 3, 4)] == [3, 5, 8, 10]
    assert dd.target_due(10, 4, D(2026, 5, 2)) == (D(2026, 6, 30), 1)
    assert dd.target_due(10, 5, D(2026, 5, 2)) is None
    with pytest.raises(ValueError):
        dd.expected_by_quarter(10, 5)
