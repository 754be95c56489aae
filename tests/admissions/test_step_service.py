"""One step service (steps.take) and the rules strict to the letter, through
the database: lateness refused until the consent is recorded (T1, T5) or
warned (T4), P2 by date, the voters of a past vote, structured refusals in
the API, bounded input, the loser of a race told who moved the case."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.admissions import services, steps
from apps.admissions.choices import Action, ConsentKind, DocumentCode, Stage
from apps.admissions.evaluation import calendar, deadlines
from apps.admissions.models import Case, CaseStep
from apps.admissions.steps import StepData, take
from apps.members.models import Member
from tests.admissions.conftest import candidate, present, ready_for_vote
from tests.conftest import Tree, Users, api_client, make_member

D = dt.date


def voted(case: Case) -> Case:
    return take(
        case,
        Action.CELL_VOTE,
        StepData(on=D(2024, 6, 10), attendance=present(case, on=D(2024, 6, 10)), yes=6, no=0),
        "test",
    ).case


def to_probation(case: Case) -> Case:
    case = voted(case)
    case = take(case, Action.COMMITTEE_RESOLVE, StepData(on=D(2024, 6, 20)), "test").case
    case = take(
        case,
        Action.DECIDE_ADMISSION,
        StepData(on=D(2024, 7, 15), number="125-QĐ/ĐU", received_on=D(2024, 7, 17)),
        "test",
    ).case
    return take(case, Action.HOLD_CEREMONY, StepData(on=D(2024, 8, 1)), "test").case


PROBATION_DOCS_ON = D(2025, 8, 4)


def probation_dossier(case: Case, voters: list[Member], on: dt.date = PROBATION_DOCS_ON) -> None:
    services.assign_helper(case, by="test", member=voters[1], assigned_on=D(2024, 8, 2))
    for code in (
        DocumentCode.NEW_MEMBER_CERTIFICATE,
        DocumentCode.SELF_REVIEW,
        DocumentCode.HELPER_COMMENT,
        DocumentCode.PROBATION_COMMENTS,
    ):
        services.add_document(case, by="test", code=code, received_on=on)


def consent(case: Case, kind: str) -> None:
    services.add_consent(
        case, by="test", kind=kind, document="45-CV/HU", date=D(2024, 6, 1), issuer="Huyện ủy"
    )


def test_a_late_admission_decision_waits_for_the_recorded_extension_t1(
    tree: Tree, voters: list[Member]
) -> None:
    case = voted(ready_for_vote(candidate(tree), voters))
    case = take(case, Action.COMMITTEE_RESOLVE, StepData(on=D(2024, 6, 20)), "test").case
    due = next(x.due for x in deadlines(case, D(2024, 6, 20)) if x.rule == "T1")
    late = calendar().add_working_days(due, 1)
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        take(case, Action.DECIDE_ADMISSION, StepData(on=late, number="1"), "test")
    assert "T1" in " ".join(exc.value.messages)
    case.refresh_from_db()
    assert case.stage == Stage.COMMITTEE_RESOLVED
    # on the day itself it goes ahead
    consent(case, ConsentKind.DECISION_EXTENSION)
    taken = take(case, Action.DECIDE_ADMISSION, StepData(on=late, number="1"), "test")
    assert taken.case.stage == Stage.ADMITTED


def test_a_decision_on_the_t1_deadline_itself_is_on_time(tree: Tree, voters: list[Member]) -> None:
    case = voted(ready_for_vote(candidate(tree), voters))
    case = take(case, Action.COMMITTEE_RESOLVE, StepData(on=D(2024, 6, 20)), "test").case
    due = next(x.due for x in deadlines(case, D(2024, 6, 20)) if x.rule == "T1")
    taken = take(case, Action.DECIDE_ADMISSION, StepData(on=due, number="1"), "test")
    assert taken.case.stage == Stage.ADMITTED and not taken.outcomes


def _recognised(case: Case, voters: list[Member], vote_on: dt.date) -> Case:
    case = to_probation(case)
    probation_dossier(case, voters)
    case = take(
        case,
        Action.RECOGNITION_VOTE,
        StepData(on=vote_on, attendance=present(case), yes=6, no=0),
        "test",
    ).case
    return take(case, Action.RECOGNITION_COMMITTEE_RESOLVE, StepData(on=vote_on), "test").case


def test_a_late_full_membership_decision_waits_for_the_extension_t5(
    tree: Tree, voters: list[Member]
) -> None:
    case = _recognised(ready_for_vote(candidate(tree), voters), voters, D(2025, 8, 5))
    due = next(x.due for x in deadlines(case, D(2025, 8, 5)) if x.rule == "T5")
    late = calendar().add_working_days(due, 1)
    with pytest.raises(ValidationError):
        take(case, Action.DECIDE_RECOGNITION, StepData(on=late, number="9"), "test")
    consent(case, ConsentKind.RECOGNITION_EXTENSION)
    assert (
        take(case, Action.DECIDE_RECOGNITION, StepData(on=late, number="9"), "test").case.stage
        == Stage.FULL_MEMBER
    )


def test_a_late_recognition_vote_is_recorded_with_a_t4_warning(
    tree: Tree, voters: list[Member]
) -> None:
    case = to_probation(ready_for_vote(candidate(tree), voters))
    probation_dossier(case, voters)
    due = next(x.due for x in deadlines(case, D(2025, 8, 1)) if x.rule == "T4")
    on_time = take(
        case,
        Action.RECOGNITION_VOTE,
        StepData(on=due, attendance=present(case), yes=2, no=4),
        "test",
    )
    assert not [o for o in on_time.outcomes if o["rule"] == "T4"]
    late = take(
        on_time.case,
        Action.RECOGNITION_VOTE,
        StepData(on=due + dt.timedelta(days=1), attendance=present(case), yes=6, no=0),
        "test",
    )
    t4 = [o for o in late.outcomes if o["rule"] == "T4"]
    assert [o["severity"] for o in t4] == ["warn"]


def test_a_new_member_certificate_dated_after_the_vote_does_not_count_p2(
    tree: Tree, voters: list[Member]
) -> None:
    case = to_probation(ready_for_vote(candidate(tree), voters))
    probation_dossier(case, voters, on=D(2025, 8, 6))
    with pytest.raises(ValidationError) as exc:
        take(
            case,
            Action.RECOGNITION_VOTE,
            StepData(on=D(2025, 8, 5), attendance=present(case), yes=6, no=0),
            "test",
        )
    assert any(m.startswith("P2") for m in exc.value.messages)


def test_the_voters_of_a_past_vote_are_the_cells_full_members_on_that_day(
    tree: Tree, voters: list[Member]
) -> None:
    case = ready_for_vote(candidate(tree), voters)
    later = make_member(tree.cell_a1, "Người Vào Sau", admitted=D(2024, 1, 5))
    assert later.full_on is not None and later.full_on > D(2024, 6, 10)
    on_vote_day = {m.pk for m in steps.official_members(case, D(2024, 6, 10))}
    assert on_vote_day == {m.pk for m in voters}
    assert later.pk in {m.pk for m in steps.official_members(case, D(2025, 6, 10))}
    # the vote on that day asks exactly for them
    assert voted(case).stage == Stage.CELL_RESOLVED


def test_a_step_on_a_case_that_moved_since_it_was_read_names_who_moved_it(
    tree: Tree, voters: list[Member]
) -> None:
    case = voted(ready_for_vote(candidate(tree), voters))
    stale = StepData(on=D(2024, 6, 20), seen_stage=Stage.DOSSIER)
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        take(case, Action.COMMITTEE_RESOLVE, stale, "Văn phòng")
    text = " ".join(exc.value.messages)
    assert "Văn phòng" not in text and "test" in text and "tải lại" in text
    assert not CaseStep.objects.filter(case=case, action=Action.COMMITTEE_RESOLVE).exists()


def test_a_date_out_of_range_or_a_huge_vote_is_refused_not_a_server_error(
    tree: Tree, voters: list[Member]
) -> None:
    case = ready_for_vote(candidate(tree), voters)
    with pytest.raises(ValidationError) as exc:
        take(case, Action.CELL_VOTE, StepData(on=D(9999, 12, 31), yes=1, no=0), "test")
    assert set(exc.value.message_dict) == {"on"}
    with pytest.raises(ValidationError) as exc:
        take(case, Action.CELL_VOTE, StepData(on=D(2024, 6, 10), yes=10**30, no=0), "test")
    assert set(exc.value.message_dict) == {"yes"}


def test_the_api_answers_a_refusal_as_structured_rules(
    tree: Tree, voters: list[Member], users: Users
) -> None:
    case = ready_for_vote(candidate(tree), voters, certificate=D(2019, 5, 9))
    client = api_client(users.cell_secretary)
    response = client.post(
        f"/api/v1/cases/{case.pk}/cell_vote/",
        {
            "on": "2024-06-10",
            "yes": 6,
            "no": 0,
            "attendance": {str(k): v for k, v in present(case).items()},
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    rows = response.json()["refusals"]
    e5 = next(r for r in rows if r["rule"] == "E5")
    assert (e5["severity"], e5["field"]) == ("block", "on") and "học lại" in e5["message"]
    for day in ("9999-12-31", "31/12/9999"):
        bad = client.post(
            f"/api/v1/cases/{case.pk}/cell_vote/",
            {"on": day, "yes": 1, "no": 0},
            content_type="application/json",
        )
        assert bad.status_code == 400


def test_preflight_fails_a_failed_vote_and_bounds_its_numbers(users: Users) -> None:
    client = api_client(users.cell_secretary)
    base = {
        "vote_on": "05/03/2026",
        "date_of_birth": "01/06/1995",
        "is_citizen": True,
        "education_ok": True,
        "vote": {"attendance": ["present"] * 6, "yes": 2, "no": 4},
    }
    body = client.post("/api/v1/preflight", base, content_type="application/json").json()
    assert body["vote"]["passed"] is False and body["passes"] is False
    huge = {**base, "vote": {"attendance": ["present"] * 6, "yes": 10**30, "no": 0}}
    assert (
        client.post("/api/v1/preflight", huge, content_type="application/json").status_code == 400
    )
    far = {**base, "vote_on": "31/12/9999"}
    assert client.post("/api/v1/preflight", far, content_type="application/json").status_code == 400
    d7 = {
        **base,
        "trade_union_resolution_on": "01/02/2026",
        "trade_union_member": False,
    }
    outcomes = client.post("/api/v1/preflight", d7, content_type="application/json").json()
    assert any(
        o["rule"] == "D7" and o["reason"] == "not_trade_union_member" for o in outcomes["outcomes"]
    )
