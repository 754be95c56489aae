"""Rules read strictly to the letter (issue 13), each at its boundary."""

import datetime as dt
from dataclasses import replace

import pytest

from domain.admission import (
    Action,
    Attendance,
    Deadline,
    Facts,
    Introducer,
    ProbationFacts,
    Severity,
    Stage,
    Timeline,
    Verification,
    count_vote,
    dated_deadlines,
    decide_step,
    dossier,
    eligibility,
    lateness,
    probation,
)
from domain.calendar import WorkingCalendar
from domain.dates import EARLIEST, LATEST, in_range, months_reached_on
from domain.policy import DEFAULT_POLICIES, Policy

D = dt.date
P2025 = DEFAULT_POLICIES[2]
CAL = WorkingCalendar()
VOTE = D(2026, 3, 5)
A = Introducer("A", D(2010, 1, 1), D(2020, 1, 1), D(2026, 2, 1))
B = Introducer("B", D(2012, 1, 1), D(2020, 1, 1), D(2026, 2, 1))


def facts(**changes: object) -> Facts:
    base = Facts(
        date_of_birth=D(1995, 6, 1),
        awareness_certificate_on=D(2025, 5, 1),
        application_on=D(2025, 12, 1),
        personal_history_on=D(2025, 12, 1),
        comments_on=D(2026, 2, 1),
        cell_comment_on=D(2026, 2, 10),
        verifications=(
            Verification("Bản thân", D(2026, 1, 20)),
            Verification("cha", D(2026, 2, 5)),
        ),
        introducers=(A, B),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def reasons(outcomes: list, rule: str) -> list[str]:
    return [o.reason for o in outcomes if o.rule == rule and o.severity == Severity.BLOCK]


def test_the_applicants_own_verification_is_required_d3() -> None:
    only_father = facts(verifications=(Verification("cha", D(2026, 2, 5)),))
    assert reasons(dossier(only_father, VOTE, P2025), "D3") == ["no_applicant_verification"]
    assert reasons(dossier(facts(), VOTE, P2025), "D3") == []


@pytest.mark.parametrize(("comment", "blocked"), [(VOTE, False), (D(2026, 3, 6), True)])
def test_the_cell_comment_counts_up_to_the_vote_date_d4(comment: dt.date, blocked: bool) -> None:
    found = reasons(dossier(facts(cell_comment_on=comment), VOTE, P2025), "D4")
    assert found == (["comment_after_vote"] if blocked else [])


@pytest.mark.parametrize(("introduced", "blocked"), [(VOTE, False), (D(2026, 3, 6), True)])
def test_an_introduction_counts_up_to_the_vote_date_d5(introduced: dt.date, blocked: bool) -> None:
    late = replace(B, introduced_on=introduced)
    found = reasons(dossier(facts(introducers=(A, late)), VOTE, P2025), "D5")
    assert ("introduced_after_vote" in found) is blocked


def test_the_same_introducer_twice_counts_once_d5() -> None:
    found = reasons(dossier(facts(introducers=(A, A)), VOTE, P2025), "D5")
    assert "duplicate_introducer" in found and "too_few_introducers" in found


def test_the_trade_union_introduces_only_its_members_d7() -> None:
    base = facts(trade_union_resolution_on=D(2026, 2, 1), introducers=(A,))
    assert reasons(dossier(base, VOTE, P2025), "D7") == ["not_trade_union_member"]
    member = replace(base, trade_union_member=True)
    assert reasons(dossier(member, VOTE, P2025), "D7") == []
    late = replace(member, trade_union_resolution_on=D(2026, 3, 6))
    assert reasons(dossier(late, VOTE, P2025), "D7") == ["resolution_after_vote"]


def test_unknown_citizenship_or_education_blocks_e1_e4() -> None:
    outcomes = eligibility(facts(is_citizen=None, education_ok=None), VOTE, P2025)
    assert reasons(outcomes, "E1") == ["unknown"] and reasons(outcomes, "E4") == ["unknown"]


def test_a_29_february_birthday_is_reached_on_1_march() -> None:
    assert months_reached_on(D(2008, 2, 29), 216) == D(2026, 3, 1)
    assert months_reached_on(D(2008, 3, 31), 1) == D(2008, 5, 1)
    assert months_reached_on(D(2008, 1, 15), 216) == D(2026, 1, 15)
    too_young = eligibility(facts(date_of_birth=D(2008, 2, 29)), D(2026, 2, 28), P2025)
    e2 = next(o for o in too_young if o.rule == "E2")
    assert e2.severity == Severity.BLOCK and e2.params["from_day"] == D(2026, 3, 1)
    assert (
        next(
            o
            for o in eligibility(facts(date_of_birth=D(2008, 2, 29)), D(2026, 3, 1), P2025)
            if o.rule == "E2"
        ).severity
        == Severity.PASS
    )


def test_dates_are_bounded() -> None:
    assert in_range(EARLIEST) and in_range(LATEST)
    assert not in_range(D(9999, 12, 31)) and not in_range(D(1899, 12, 31))


def probation_facts(**changes: object) -> ProbationFacts:
    base = ProbationFacts(
        ceremony_on=D(2024, 8, 1),
        helpers_assigned=(D(2024, 8, 2),),
        documents={
            k: D(2025, 8, 4) for k in ("self_review", "helper_comment", "probation_comments")
        },
        certificate_on=D(2025, 8, 4),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(("issued", "blocked"), [(D(2025, 8, 5), False), (D(2025, 8, 6), True)])
def test_the_new_member_certificate_counts_up_to_the_vote_date_p2(
    issued: dt.date, blocked: bool
) -> None:
    found = reasons(probation(probation_facts(certificate_on=issued), D(2025, 8, 5), P2025), "P2")
    assert found == (["certificate_after_vote"] if blocked else [])


def test_a_helper_and_the_documents_count_up_to_the_vote_date_p1_p3() -> None:
    late = probation_facts(helpers_assigned=(D(2025, 9, 1),), documents={})
    outcomes = probation(late, D(2025, 8, 5), P2025)
    assert reasons(outcomes, "P1") == ["no_helper"] and reasons(outcomes, "P3") == ["missing"]
    assert probation(probation_facts(), D(2025, 8, 5), P2025) == []


@pytest.mark.parametrize(
    "action", [Action.DECIDE_ADMISSION, Action.HOLD_CEREMONY, Action.DECIDE_RECOGNITION]
)
def test_late_t1_t2_t5_wait_for_a_recorded_consent(action: Action) -> None:
    due = D(2026, 3, 5)
    assert lateness(action, due, due, False, P2025) is None
    refused = lateness(action, due + dt.timedelta(days=1), due, False, P2025)
    assert refused is not None and refused.severity == Severity.BLOCK
    allowed = lateness(action, due + dt.timedelta(days=1), due, True, P2025)
    assert allowed is not None and allowed.severity == Severity.WARN
    assert not decide_step(action, due, P2025, late=refused).allowed


def test_a_late_recognition_vote_is_recorded_with_a_warning_t4() -> None:
    due = D(2026, 3, 5)
    assert lateness(Action.RECOGNITION_VOTE, due, due, False, P2025) is None
    late = lateness(Action.RECOGNITION_VOTE, due + dt.timedelta(days=1), due, False, P2025)
    assert late is not None and (late.rule, late.severity) == ("T4", Severity.WARN)


def test_the_stage_after_a_failed_vote_is_decided_by_the_domain() -> None:
    failed = count_vote([Attendance.PRESENT] * 6, 2, 4, 0, P2025)
    cell = decide_step(Action.CELL_VOTE, VOTE, P2025, vote=failed)
    assert (cell.allowed, cell.target) == (True, Stage.REJECTED)
    third = decide_step(Action.RECOGNITION_VOTE, VOTE, P2025, vote=failed, failed_votes=2)
    assert (third.target, third.failed_votes) == (Stage.PROBATIONARY, 3)
    assert any(o.rule == "V6" for o in third.outcomes)
    passed = count_vote([Attendance.PRESENT] * 6, 5, 1, 0, P2025)
    assert decide_step(Action.CELL_VOTE, VOTE, P2025, vote=passed).target is None


def test_a_deadline_takes_the_version_in_force_when_its_clock_starts() -> None:
    """T4's clock starts when probation ends: a ceremony under an old
    version whose probation ends under a new one counts the new limit."""
    old = Policy(code="old", effective_from=D(2020, 1, 1), recognition_consider_wd=30)
    new = Policy(code="new", effective_from=D(2025, 1, 1), recognition_consider_wd=10)

    def policy_at(day: dt.date) -> Policy:
        return new if day >= new.effective_from else old

    found = dict(
        (deadline.rule, (deadline, policy))
        for deadline, policy in dated_deadlines(Timeline(ceremony_on=D(2024, 6, 3)), policy_at, CAL)
    )
    deadline, policy = found["T4"]
    assert isinstance(deadline, Deadline) and policy.code == "new"
    assert (deadline.start, deadline.due) == (
        D(2025, 6, 3),
        CAL.add_working_days(D(2025, 6, 3), 10),
    )
