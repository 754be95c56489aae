"""Every rule id of RULES.md at its boundaries, without a database."""

import datetime as dt
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.admission import (
    COMMITTEE_ACTIONS,
    PIPELINE,
    PROBATION_PATH,
    Action,
    Attendance,
    CaseState,
    Facts,
    Introducer,
    Severity,
    Stage,
    StepRefused,
    Timeline,
    Verification,
    allowed_actions,
    apply_step,
    blocking,
    certificate_check,
    count_vote,
    deadlines,
    dossier,
    eligibility,
    escalation,
    main_action,
    may_take,
    probation_end,
    required_yes,
    stage_before_proposal,
)
from domain.calendar import WorkingCalendar
from domain.policy import DEFAULT_POLICIES, Policy, policy_on

D = dt.date
P2025 = DEFAULT_POLICIES[2]
CAL = WorkingCalendar()
VOTE = D(2026, 3, 5)


def ok_facts(**changes: object) -> Facts:
    base = Facts(
        date_of_birth=D(1995, 6, 1),
        awareness_certificate_on=D(2025, 5, 1),
        application_on=D(2025, 12, 1),
        personal_history_on=D(2025, 12, 1),
        comments_on=D(2026, 2, 1),
        cell_comment_on=D(2026, 2, 10),
        verifications=(
            Verification("bản thân", D(2026, 1, 20)),
            Verification("cha", D(2026, 2, 5)),
        ),
        introducers=(
            Introducer("A", D(2010, 1, 1), D(2020, 1, 1), D(2026, 2, 1)),
            Introducer("B", D(2012, 1, 1), D(2020, 1, 1), D(2026, 2, 1)),
        ),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def rule(outcomes: list, rule_id: str) -> list:
    return [o for o in outcomes if o.rule == rule_id]


def severity(outcomes: list, rule_id: str) -> Severity:
    found = rule(outcomes, rule_id)
    return max(
        (o.severity for o in found), key=[Severity.PASS, Severity.WARN, Severity.BLOCK].index
    )


def test_a_complete_dossier_passes_every_rule() -> None:
    outcomes = eligibility(ok_facts(), VOTE, P2025) + dossier(ok_facts(), VOTE, P2025)
    assert not blocking(outcomes)
    assert {o.rule for o in outcomes} == {
        "E1",
        "E2",
        "E3",
        "E4",
        "E5",
        "E6",
        "D1",
        "D2",
        "D3",
        "D4",
        "D5",
        "D8",
    }
    assert all(o.policy == "2025" and "294-QĐ/TW" in o.reference for o in outcomes)


def test_e1_only_citizens() -> None:
    assert severity(eligibility(ok_facts(is_citizen=False), VOTE, P2025), "E1") == Severity.BLOCK


@pytest.mark.parametrize(
    ("born", "expected"),
    [
        (D(2008, 3, 5), Severity.PASS),  # 18 on the vote day
        (D(2008, 3, 6), Severity.BLOCK),  # 18 tomorrow
        (D(2008, 2, 29), Severity.PASS),
    ],
)
def test_e2_eighteen_in_completed_months_on_the_vote_day(born: dt.date, expected: Severity) -> None:
    assert severity(eligibility(ok_facts(date_of_birth=born), VOTE, P2025), "E2") == expected


def test_e2_born_on_a_leap_day_completes_18_years_on_1_march() -> None:
    facts = ok_facts(date_of_birth=D(2008, 2, 29))
    assert severity(eligibility(facts, D(2026, 2, 28), P2025), "E2") == Severity.BLOCK
    assert severity(eligibility(facts, D(2026, 3, 1), P2025), "E2") == Severity.PASS


@pytest.mark.parametrize(
    ("born", "consent", "expected"),
    [
        (D(1966, 3, 5), False, Severity.PASS),  # exactly 720 months
        (D(1966, 2, 5), False, Severity.BLOCK),  # 721 months
        (D(1966, 2, 5), True, Severity.WARN),  # with the province standing committee's consent
    ],
)
def test_e3_sixty_years_and_the_consent_exception(
    born: dt.date, consent: bool, expected: Severity
) -> None:
    facts = ok_facts(date_of_birth=born, over_age_consent=consent)
    assert severity(eligibility(facts, VOTE, P2025), "E3") == expected


@pytest.mark.parametrize(
    ("ok", "exception", "consent", "expected"),
    [
        (True, False, False, Severity.PASS),
        (False, False, False, Severity.BLOCK),
        (False, True, False, Severity.BLOCK),
        (False, True, True, Severity.WARN),
    ],
)
def test_e4_education_or_a_consented_exception(
    ok: bool, exception: bool, consent: bool, expected: Severity
) -> None:
    facts = ok_facts(education_ok=ok, education_exception=exception, education_consent=consent)
    assert severity(eligibility(facts, VOTE, P2025), "E4") == expected


@pytest.mark.parametrize(
    ("issued", "expected", "reason"),
    [
        (D(2021, 3, 5), Severity.PASS, "certificate_valid"),  # exactly 60 months before
        (D(2021, 3, 4), Severity.BLOCK, "certificate_expired"),
        (D(2021, 2, 5), Severity.BLOCK, "certificate_expired"),  # 61 months
        (None, Severity.BLOCK, "no_certificate"),
        (D(2026, 3, 6), Severity.BLOCK, "certificate_after_vote"),
    ],
)
def test_e5_certificate_validity_at_the_vote(
    issued: dt.date | None, expected: Severity, reason: str
) -> None:
    outcome = certificate_check(issued, VOTE, P2025)
    assert (outcome.severity, outcome.reason) == (expected, reason)


def test_e6_local_criteria_block_until_met() -> None:
    outcomes = eligibility(
        ok_facts(local_criteria_unmet=("Hoàn thành tốt nhiệm vụ 2025",)), VOTE, P2025
    )
    assert severity(outcomes, "E6") == Severity.BLOCK


@pytest.mark.parametrize("field", ["application_on", "personal_history_on", "comments_on"])
def test_d1_d2_d8_documents_must_be_received_before_the_vote(field: str) -> None:
    rule_id = {"application_on": "D1", "personal_history_on": "D2", "comments_on": "D8"}[field]
    assert severity(dossier(ok_facts(**{field: None}), VOTE, P2025), rule_id) == Severity.BLOCK
    assert (
        severity(dossier(ok_facts(**{field: D(2026, 3, 6)}), VOTE, P2025), rule_id)
        == Severity.BLOCK
    )


def test_d3_every_relative_verified_unless_a_declared_member() -> None:
    pending = ok_facts(verifications=(Verification("mẹ", None),))
    assert severity(dossier(pending, VOTE, P2025), "D3") == Severity.BLOCK
    exempt = ok_facts(
        verifications=(
            Verification("bản thân", D(2026, 1, 1)),
            Verification("anh trai", None, exempt=True),
        )
    )
    assert severity(dossier(exempt, VOTE, P2025), "D3") == Severity.PASS
    assert severity(dossier(ok_facts(verifications=()), VOTE, P2025), "D3") == Severity.BLOCK


def test_d4_the_cell_comment_comes_after_the_verification() -> None:
    early = ok_facts(cell_comment_on=D(2026, 2, 4))  # father's verification concluded 5/2
    outcome = rule(dossier(early, VOTE, P2025), "D4")[0]
    assert (outcome.severity, outcome.reason) == (Severity.BLOCK, "comment_before_verification")
    assert (
        severity(dossier(ok_facts(cell_comment_on=D(2026, 2, 5)), VOTE, P2025), "D4")
        == Severity.PASS
    )


@pytest.mark.parametrize(
    ("full_since", "together_since", "reason"),
    [
        (D(2026, 2, 2), D(2020, 1, 1), "introducer_not_full"),  # full only after the introduction
        (None, D(2020, 1, 1), "introducer_not_full"),  # probationary
        (D(2010, 1, 1), D(2025, 2, 2), "introducer_too_short"),  # 11 months together
    ],
)
def test_d5_two_full_members_who_know_the_applicant_for_12_months(
    full_since: dt.date | None, together_since: dt.date, reason: str
) -> None:
    bad = Introducer("C", full_since, together_since, introduced_on=D(2026, 2, 1))
    facts = ok_facts(introducers=(ok_facts().introducers[0], bad))
    assert [o.reason for o in rule(dossier(facts, VOTE, P2025), "D5")] == [reason]
    twelve = replace(bad, full_since=D(2010, 1, 1), together_since=D(2025, 2, 1))
    assert (
        severity(
            dossier(ok_facts(introducers=(ok_facts().introducers[0], twelve)), VOTE, P2025), "D5"
        )
        == Severity.PASS
    )


def test_d5_needs_two_introducers() -> None:
    one = ok_facts(introducers=ok_facts().introducers[:1])
    assert [o.reason for o in rule(dossier(one, VOTE, P2025), "D5")] == ["too_few_introducers"]


def test_d6_youth_are_introduced_by_the_youth_union_and_one_member() -> None:
    youth = ok_facts(
        date_of_birth=D(1996, 1, 1),
        youth_union_exists=True,
        youth_union_member=True,
        youth_union_resolution_on=D(2026, 2, 1),
        introducers=ok_facts().introducers[:1],
    )
    assert severity(dossier(youth, VOTE, P2025), "D6") == Severity.PASS
    not_member = replace(youth, youth_union_member=False)
    assert [o.reason for o in rule(dossier(not_member, VOTE, P2025), "D6")] == [
        "not_youth_union_member"
    ]
    # at 31 full years the applicant is no longer of youth age: two members again
    older = replace(youth, date_of_birth=D(1995, 3, 5))
    assert rule(dossier(older, VOTE, P2025), "D6") == []
    assert [o.reason for o in rule(dossier(older, VOTE, P2025), "D5")] == ["too_few_introducers"]


def test_d7_trade_union_resolution_where_there_is_no_youth_union() -> None:
    facts = ok_facts(
        trade_union_resolution_on=D(2026, 2, 1),
        trade_union_member=True,
        introducers=ok_facts().introducers[:1],
    )
    assert severity(dossier(facts, VOTE, P2025), "D7") == Severity.PASS


@pytest.mark.parametrize(("members", "required"), [(9, 6), (10, 7), (3, 2), (4, 3), (6, 4), (1, 1)])
def test_v1_two_thirds_rounded_up(members: int, required: int) -> None:
    assert required_yes(members, P2025) == required


def test_v2_exempted_absent_and_transferred_members_leave_the_denominator() -> None:
    attendance = [Attendance.PRESENT] * 7 + [
        Attendance.EXEMPT_ABSENT,
        Attendance.TRANSFERRED,
        Attendance.ABSENT,
    ]
    result = count_vote(attendance, yes=6, no=1, abstain=0, policy=P2025)
    assert (result.official_members, result.denominator, result.required, result.passed) == (
        10,
        8,
        6,
        True,
    )
    # an exempted member who attends counts
    attendance[7] = Attendance.EXEMPT_PRESENT
    result = count_vote(attendance, yes=6, no=2, abstain=0, policy=P2025)
    assert (result.denominator, result.required, result.passed) == (9, 6, True)


def test_v1_a_vote_short_of_two_thirds_does_not_pass() -> None:
    result = count_vote([Attendance.PRESENT] * 10, yes=6, no=4, abstain=0, policy=P2025)
    assert not result.passed and result.required == 7


def test_v2_more_votes_than_members_present_is_refused() -> None:
    result = count_vote(
        [Attendance.PRESENT] * 3 + [Attendance.ABSENT], yes=4, no=0, abstain=0, policy=P2025
    )
    assert blocking(result.outcomes)[0].reason == "more_votes_than_present"


def test_v3_fewer_than_three_official_members_warns_by_default() -> None:
    result = count_vote([Attendance.PRESENT] * 2, yes=2, no=0, abstain=0, policy=P2025)
    assert [o.severity for o in result.outcomes if o.rule == "V3"] == [Severity.WARN]
    strict = replace(P2025, min_official_members_blocks=True)
    assert blocking(count_vote([Attendance.PRESENT] * 2, 2, 0, 0, strict).outcomes)


def test_v6_the_third_failed_recognition_vote_escalates() -> None:
    assert escalation(2, P2025) is None
    outcome = escalation(3, P2025)
    assert outcome is not None and outcome.reason == "escalate"


def test_policy_versions_apply_by_the_date_of_the_step() -> None:
    assert policy_on(DEFAULT_POLICIES, D(2025, 1, 19)).code == "2021"
    assert policy_on(DEFAULT_POLICIES, D(2025, 1, 20)).code == "2025a"
    assert policy_on(DEFAULT_POLICIES, D(2025, 6, 30)).code == "2025a"
    assert policy_on(DEFAULT_POLICIES, D(2025, 7, 1)).code == "2025"
    with pytest.raises(LookupError):
        policy_on(DEFAULT_POLICIES, D(2020, 1, 1))


def test_t1_t2_t4_t5_deadlines() -> None:
    timeline = Timeline(
        cell_resolution_on=D(2026, 1, 15),
        decision_on=D(2026, 4, 20),
        decision_received_on=D(2026, 4, 22),
        ceremony_on=D(2026, 5, 15),
        recognition_resolution_on=D(2027, 5, 20),
    )
    by_rule = {d.rule: d for d in deadlines(timeline, P2025, CAL)}
    assert by_rule["T1"].due == D(2026, 4, 16)
    assert by_rule["T1"].overdue(D(2026, 5, 1))  # decided 20/4, after the 60 wd
    assert by_rule["T2"].start == D(2026, 4, 22)  # the day the cell received the decision
    assert by_rule["T4"].start == D(2027, 5, 15)  # probation ends 12 months after the ceremony
    assert by_rule["T5"].due == CAL.add_working_days(D(2027, 5, 20), 30)
    extended = {d.rule: d for d in deadlines(replace(timeline, decision_extended=True), P2025, CAL)}
    assert extended["T1"].due == CAL.add_working_days(D(2026, 1, 15), 90) and not extended[
        "T1"
    ].overdue(D(2026, 5, 1))


def test_t2_can_count_from_the_decision_date_in_a_version_that_says_so() -> None:
    issued = Policy(code="2026", effective_from=D(2026, 1, 1), ceremony_clock="issued")
    timeline = Timeline(decision_on=D(2026, 4, 20), decision_received_on=D(2026, 4, 24))
    assert deadlines(timeline, issued, CAL)[0].start == D(2026, 4, 20)


def test_t3_full_from_the_day_probation_ends_even_when_the_vote_is_late() -> None:
    assert probation_end(D(2024, 2, 29), P2025) == D(2025, 2, 28)
    assert probation_end(D(2025, 3, 5), P2025) == D(2026, 3, 5)


def test_the_flow_offers_the_appraisal_only_where_an_intermediate_committee_exists() -> None:
    assert allowed_actions(Stage.CELL_RESOLVED, has_intermediate=True)[0] == Action.APPRAISE
    assert (
        allowed_actions(Stage.CELL_RESOLVED, has_intermediate=False)[0] == Action.COMMITTEE_RESOLVE
    )
    assert allowed_actions(Stage.DOSSIER, False, on_hold=True) == [
        Action.WITHDRAW,
        Action.REJECT,
        Action.DECEASE,
    ]


def test_a_step_cannot_be_dated_before_the_previous_one() -> None:
    state = apply_step(CaseState(), Action.RECORD_CERTIFICATE, D(2026, 1, 10), False, P2025)
    with pytest.raises(StepRefused) as exc:
        apply_step(state, Action.OPEN_DOSSIER, D(2026, 1, 9), False, P2025)
    assert exc.value.outcome.reason == "date_before_previous"


REQUIRED = {
    False: [s for s in PIPELINE if s not in (Stage.APPRAISED, Stage.RECOGNITION_APPRAISED)],
    True: list(PIPELINE),
}


@settings(max_examples=300, deadline=None)
@given(
    has_intermediate=st.booleans(),
    steps=st.lists(
        st.tuples(st.sampled_from(list(Action)), st.integers(min_value=-40, max_value=400)),
        max_size=40,
    ),
)
def test_no_sequence_reaches_full_member_without_every_step_and_dates_never_go_back(
    has_intermediate: bool, steps: list[tuple[Action, int]]
) -> None:
    state = CaseState()
    day = D(2024, 1, 1)
    for action, delta in steps:
        try:
            state = apply_step(
                state, action, day + dt.timedelta(days=delta), has_intermediate, P2025
            )
        except StepRefused:
            continue
        day = state.last_date or day
    dates = [on for _, _, on in state.steps]
    assert dates == sorted(dates)
    visited = [Stage.CANDIDATE] + [stage for _, stage, _ in state.steps]
    if state.stage == Stage.FULL_MEMBER:
        assert without_declined_removals(visited) == REQUIRED[has_intermediate]


def without_declined_removals(visited: list[Stage]) -> list[Stage]:
    """The stages visited, less each removal proposal that the committee
    declined (a detour that comes back to the stage it left)."""
    out: list[Stage] = []
    for stage in visited:
        if len(out) >= 2 and out[-1] == Stage.REMOVAL_PROPOSED and out[-2] == stage:
            out.pop()
            continue
        out.append(stage)
    return out


def _at(stage: Stage) -> CaseState:
    return CaseState(stage, ((Action.HOLD_CEREMONY, stage, D(2025, 1, 10)),))


@pytest.mark.parametrize("stage", sorted(PROBATION_PATH))
def test_p4_the_cell_proposes_removal_and_only_the_committee_decides_it(stage: Stage) -> None:
    with pytest.raises(StepRefused):  # never straight from a probation stage
        apply_step(_at(stage), Action.REMOVE, D(2025, 3, 1), False, P2025)
    proposed = apply_step(_at(stage), Action.PROPOSE_REMOVAL, D(2025, 3, 1), False, P2025)
    assert proposed.stage == Stage.REMOVAL_PROPOSED
    assert main_action(proposed.stage, False) == Action.REMOVE
    assert allowed_actions(proposed.stage, False) == [
        Action.REMOVE,
        Action.DECLINE_REMOVAL,
        Action.DECEASE,
    ]
    removed = apply_step(proposed, Action.REMOVE, D(2025, 3, 20), False, P2025)
    assert removed.stage == Stage.REMOVED
    kept = apply_step(proposed, Action.DECLINE_REMOVAL, D(2025, 3, 20), False, P2025)
    assert kept.stage == stage == stage_before_proposal(proposed)


@pytest.mark.parametrize(
    ("action", "cell", "committee", "allowed"),
    [
        (Action.PROPOSE_REMOVAL, True, False, True),
        (Action.REMOVE, True, False, False),
        (Action.REMOVE, False, True, True),
        (Action.DECLINE_REMOVAL, True, False, False),
        (Action.DECIDE_ADMISSION, True, False, False),
        (Action.CELL_VOTE, True, False, True),
        (Action.CELL_VOTE, False, True, False),
    ],
)
def test_who_takes_a_step_is_a_rule(
    action: Action, cell: bool, committee: bool, allowed: bool
) -> None:
    assert may_take(action, cell=cell, committee=committee) is allowed
    assert (action in COMMITTEE_ACTIONS) is (not allowed if cell else allowed)


def test_a_case_on_hold_may_still_be_proposed_for_removal_and_decided() -> None:
    assert Action.PROPOSE_REMOVAL in allowed_actions(Stage.PROBATIONARY, False, on_hold=True)
    assert allowed_actions(Stage.REMOVAL_PROPOSED, False, on_hold=True) == [
        Action.REMOVE,
        Action.DECLINE_REMOVAL,
        Action.DECEASE,
    ]
    assert stage_before_proposal(CaseState()) == Stage.PROBATIONARY
    first = ((Action.PROPOSE_REMOVAL, Stage.REMOVAL_PROPOSED, D(2025, 3, 1)),)
    assert stage_before_proposal(CaseState(Stage.REMOVAL_PROPOSED, first)) == Stage.PROBATIONARY


@pytest.mark.parametrize(
    ("left_on", "reason", "expunged", "before", "consent", "expected"),
    [
        (D(2023, 3, 5), "ordinary", None, False, True, ["readmission_ok"]),  # exactly 36 months
        (D(2023, 3, 6), "ordinary", None, False, True, ["too_soon"]),
        (D(2020, 1, 1), "ordinary", None, True, True, ["once_only"]),
        (D(2020, 1, 1), "ordinary", None, False, False, ["no_consent"]),
        (
            D(2015, 1, 1),
            "expunged_conviction",
            D(2021, 3, 5),
            False,
            True,
            ["readmission_ok"],
        ),  # 60 months
        (
            D(2015, 1, 1),
            "expunged_conviction",
            D(2021, 3, 6),
            False,
            True,
            ["too_soon_after_conviction"],
        ),
        (D(2015, 1, 1), "abandoned", None, False, True, ["excluded"]),
        (D(2015, 1, 1), "corruption", None, False, True, ["excluded"]),
        (D(2015, 1, 1), "asked_to_leave", None, False, True, ["excluded"]),
        (D(2015, 1, 1), "hardship", None, False, True, ["readmission_ok"]),
    ],
)
def test_t6_readmission(
    left_on: dt.date,
    reason: str,
    expunged: dt.date | None,
    before: bool,
    consent: bool,
    expected: list[str],
) -> None:
    from domain.admission import ExitReason, Readmission, readmission

    outcomes = readmission(
        Readmission(left_on, ExitReason(reason), expunged, before, consent), VOTE, P2025
    )
    assert [o.reason for o in outcomes] == expected
