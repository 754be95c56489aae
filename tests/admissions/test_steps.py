"""The workflow through the services, as the database sees it."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.admissions import services, steps
from apps.admissions.choices import Action, ConsentKind, DocumentCode, Stage
from apps.admissions.evaluation import deadlines, preflight
from apps.admissions.history import step_note
from apps.admissions.models import Case, CaseStep, Vote
from apps.audit.models import AuditEntry
from apps.members.choices import MemberStatus
from apps.members.models import Member
from tests.admissions.conftest import candidate, present, ready_for_vote
from tests.conftest import Tree

D = dt.date


def to_probation(case: Case) -> Case:
    case = steps.record_cell_vote(
        case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=6, no=0
    )
    case = steps.committee_resolve(case, by="test", on=D(2024, 6, 20))
    case = steps.decide_admission(
        case, by="test", on=D(2024, 7, 15), number="125-QĐ/ĐU", received_on=D(2024, 7, 17)
    )
    return steps.hold_ceremony(case, by="test", on=D(2024, 8, 1))


def test_a_person_goes_from_the_pool_to_full_member(tree: Tree, voters: list[Member]) -> None:
    case = ready_for_vote(candidate(tree), voters)
    case = to_probation(case)
    member = case.member
    assert member is not None
    assert (member.status, member.admitted_on, member.ceremony_on) == (
        MemberStatus.PROBATIONARY,
        D(2024, 7, 15),
        D(2024, 8, 1),
    )
    services.assign_helper(case, by="test", member=voters[1], assigned_on=D(2024, 8, 2))
    for code in (
        DocumentCode.NEW_MEMBER_CERTIFICATE,
        DocumentCode.SELF_REVIEW,
        DocumentCode.HELPER_COMMENT,
        DocumentCode.PROBATION_COMMENTS,
    ):
        services.add_document(case, by="test", code=code, received_on=D(2025, 8, 4))
    # a late vote: probation ended 1/8/2025, the vote is on 10/9/2025
    case = steps.record_recognition_vote(
        case, by="test", on=D(2025, 9, 10), attendance=present(case), yes=5, no=1
    )
    case = steps.recognition_committee_resolve(case, by="test", on=D(2025, 9, 15))
    case = steps.decide_recognition(case, by="test", on=D(2025, 9, 25), number="310-QĐ/ĐU")
    member.refresh_from_db()
    assert case.stage == Stage.FULL_MEMBER
    # full from the day probation ended, however late the vote
    assert (member.status, member.full_on) == (MemberStatus.FULL, D(2025, 8, 1))
    # each step records the policy version in force on its date
    codes = dict(CaseStep.objects.filter(case=case).values_list("action", "policy_code"))
    assert codes[Action.CELL_VOTE] == "2021" and codes[Action.RECOGNITION_VOTE] == "2025"
    assert AuditEntry.objects.filter(
        object_id=str(case.pk), note=step_note(Action.DECIDE_RECOGNITION, "2025")
    ).exists()


def test_an_expired_certificate_blocks_the_vote_with_the_e5_message(
    tree: Tree, voters: list[Member]
) -> None:
    case = ready_for_vote(candidate(tree), voters, certificate=D(2019, 5, 9))
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        steps.record_cell_vote(
            case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=6, no=0
        )
    text = " ".join(exc.value.message_dict["on"])
    assert "E5" in text and "cần học lại lớp" in text
    case.refresh_from_db()
    assert case.stage == Stage.DOSSIER and not Vote.objects.filter(case=case).exists()


def test_a_vote_short_of_two_thirds_closes_the_case_as_not_qualified(
    tree: Tree, voters: list[Member]
) -> None:
    case = ready_for_vote(candidate(tree), voters)
    case = steps.record_cell_vote(
        case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=3, no=3
    )
    assert case.stage == Stage.REJECTED
    vote = Vote.objects.get(case=case)
    assert (vote.denominator, vote.required, vote.passed) == (6, 4, False)


def test_exempted_absent_members_leave_the_denominator(tree: Tree, voters: list[Member]) -> None:
    case = ready_for_vote(candidate(tree), voters)
    attendance = present(case)
    first, second = list(attendance)[:2]
    attendance[first], attendance[second] = "exempt_absent", "transferred"
    case = steps.record_cell_vote(
        case, by="test", on=D(2024, 6, 10), attendance=attendance, yes=3, no=1
    )
    vote = Vote.objects.get(case=case)
    assert (vote.official_members, vote.denominator, vote.required, vote.passed) == (6, 4, 3, True)
    assert vote.attendance.filter(status="exempt_absent").count() == 1


def test_the_ceremony_after_30_working_days_needs_the_upper_committees_consent(
    tree: Tree, voters: list[Member]
) -> None:
    case = ready_for_vote(candidate(tree), voters)
    case = steps.record_cell_vote(
        case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=6, no=0
    )
    case = steps.committee_resolve(case, by="test", on=D(2024, 6, 20))
    case = steps.decide_admission(
        case, by="test", on=D(2024, 7, 15), number="1", received_on=D(2024, 7, 17)
    )
    due = next(x.due for x in deadlines(case, D(2024, 7, 17)) if x.rule == "T2")
    assert due == D(2024, 8, 28)
    with pytest.raises(ValidationError):
        steps.hold_ceremony(case, by="test", on=D(2024, 8, 29))
    assert not Member.objects.filter(person=case.person).exists()
    services.add_consent(
        case,
        by="test",
        kind=ConsentKind.LATE_CEREMONY,
        document="45-CV/HU",
        date=D(2024, 8, 20),
        issuer="Ban Thường vụ Huyện ủy",
    )
    case = steps.hold_ceremony(case, by="test", on=D(2024, 8, 29))
    assert case.stage == Stage.PROBATIONARY


def test_the_recognition_vote_waits_for_probation_and_the_new_member_certificate(
    tree: Tree, voters: list[Member]
) -> None:
    case = to_probation(ready_for_vote(candidate(tree), voters))
    reasons = {o.rule for o in preflight(case, D(2025, 7, 1))}
    assert reasons == {"T4", "P1", "P2", "P3"}
    with pytest.raises(ValidationError):
        steps.record_recognition_vote(
            case, by="test", on=D(2025, 8, 5), attendance=present(case), yes=6, no=0
        )


def test_three_failed_recognition_votes_escalate(tree: Tree, voters: list[Member]) -> None:
    case = to_probation(ready_for_vote(candidate(tree), voters))
    services.assign_helper(case, by="test", member=voters[1], assigned_on=D(2024, 8, 2))
    for code in (
        DocumentCode.NEW_MEMBER_CERTIFICATE,
        DocumentCode.SELF_REVIEW,
        DocumentCode.HELPER_COMMENT,
        DocumentCode.PROBATION_COMMENTS,
    ):
        services.add_document(case, by="test", code=code, received_on=D(2025, 8, 4))
    for i, day in enumerate([D(2025, 8, 5), D(2025, 9, 5), D(2025, 10, 6)], start=1):
        case = steps.record_recognition_vote(
            case, by="test", on=day, attendance=present(case), yes=2, no=4
        )
        assert case.stage == Stage.PROBATIONARY and case.failed_recognition_votes == i
    last = CaseStep.objects.filter(case=case).last()
    assert last is not None and any(o["rule"] == "V6" for o in last.outcomes)


def test_removing_a_probationary_member_ends_the_membership(
    tree: Tree, voters: list[Member]
) -> None:
    case = to_probation(ready_for_vote(candidate(tree), voters))
    case = steps.propose_removal(case, by="test", on=D(2025, 2, 1), reason="Vi phạm tư cách")
    case = steps.close_case(
        case, by="test", action=Action.REMOVE, on=D(2025, 2, 3), reason="Vi phạm tư cách"
    )
    assert case.stage == Stage.REMOVED
    member = Member.objects.get(person=case.person)
    assert (member.status, member.left_on) == (MemberStatus.REMOVED, D(2025, 2, 3))
    assert member.placements.get().valid_to == D(2025, 2, 3)


def test_a_step_dated_before_the_previous_one_is_refused(tree: Tree, voters: list[Member]) -> None:
    case = steps.record_certificate(candidate(tree), by="test", on=D(2024, 3, 1))
    with pytest.raises(ValidationError):
        steps.open_dossier(case, by="test", on=D(2024, 2, 28))


def test_a_case_on_hold_takes_no_step_until_resumed(tree: Tree) -> None:
    case = services.set_hold(candidate(tree), by="test", on_hold=True, reason="Đi làm ăn xa")
    with pytest.raises(ValidationError):
        steps.record_certificate(case, by="test", on=D(2024, 3, 1))
    case = services.set_hold(case, by="test", on_hold=False)
    assert steps.record_certificate(case, by="test", on=D(2024, 3, 1)).stage == Stage.TRAINED


def test_a_case_moves_to_another_cell_with_its_history(tree: Tree) -> None:
    case = steps.record_certificate(candidate(tree), by="test", on=D(2024, 3, 1))
    case = services.move_case(case, by="test", to=tree.cell_b1, on=D(2024, 4, 1))
    assert case.organization == tree.cell_b1 and case.steps.count() == 1


def test_a_person_has_one_open_case(tree: Tree) -> None:
    case = candidate(tree)
    with pytest.raises(ValidationError):
        services.open_case(
            by="test",
            cell=tree.cell_a2,
            person=case.person,
            source="other",
            opened_on=D(2024, 2, 1),
        )


def test_local_criteria_block_the_vote_until_the_cell_confirms_them(
    tree: Tree, voters: list[Member]
) -> None:
    criterion = services.add_local_criterion(
        by="test", organization=tree.ward_a, text="Được xếp loại hoàn thành tốt nhiệm vụ năm trước"
    )
    case = ready_for_vote(candidate(tree), voters)
    assert {o.rule for o in preflight(case, D(2024, 6, 10)) if o.severity == "block"} == {"E6"}
    with pytest.raises(ValidationError):
        steps.record_cell_vote(
            case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=6, no=0
        )
    services.confirm_criteria(case, by="test", criterion_ids=[criterion.pk])
    case = steps.record_cell_vote(
        case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=6, no=0
    )
    assert case.stage == Stage.CELL_RESOLVED


def test_the_decision_records_the_competent_body_of_the_unit(
    tree: Tree, voters: list[Member]
) -> None:
    from apps.organizations.services import update_organization

    update_organization(
        tree.ward_a, by="test", decision_body="grassroots_standing", decision_threshold="majority"
    )
    case = to_probation(ready_for_vote(candidate(tree), voters))
    with translation.override("vi"):
        note = CaseStep.objects.get(case=case, action=Action.DECIDE_ADMISSION).note
    assert note.startswith("Ban Thường vụ đảng ủy cơ sở") or note.startswith(
        "Grassroots standing committee"
    )


def test_a_former_member_is_readmitted_once_with_consent_after_36_months(
    tree: Tree, voters: list[Member]
) -> None:
    from apps.members.services import update_member
    from tests.conftest import make_member

    former = make_member(
        tree.cell_a2,
        "Đinh Văn Lâm",
        born=D(1980, 5, 5),
        admitted=D(2005, 1, 1),
        citizen_id="087180000555",
    )
    update_member(
        former,
        by="test",
        person_changes={},
        member_changes={"status": MemberStatus.REMOVED, "left_on": D(2020, 3, 1)},
    )
    case = services.open_case(
        by="test",
        cell=tree.cell_a1,
        person=former.person,
        source="other",
        opened_on=D(2024, 1, 10),
        kind="readmission",
        previous_left_on=D(2020, 3, 1),
        exit_reason="ordinary",
    )
    case = ready_for_vote(case, voters)
    from apps.admissions import services as s

    s.add_introducer(
        case,
        by="test",
        member=voters[1],
        together_since=D(2021, 1, 1),
        introduced_on=D(2024, 4, 15),
    )
    blocked = {(o.rule, o.reason) for o in preflight(case, D(2024, 6, 10)) if o.severity == "block"}
    assert ("T6", "no_consent") in blocked
    services.add_consent(
        case,
        by="test",
        kind=ConsentKind.READMISSION,
        document="12-CV/TU",
        date=D(2024, 5, 20),
        issuer="Ban Thường vụ Tỉnh ủy",
    )
    case = to_probation(case)
    former.refresh_from_db()
    assert case.member == former
    assert (former.status, former.organization, former.admitted_on, former.left_on) == (
        MemberStatus.PROBATIONARY,
        tree.cell_a1,
        D(2024, 7, 15),
        None,
    )
    assert former.placements.filter(valid_to__isnull=True).get().organization == tree.cell_a1


def test_an_active_member_cannot_open_a_readmission_case(tree: Tree, voters: list[Member]) -> None:
    with pytest.raises(ValidationError):
        services.open_case(
            by="test",
            cell=tree.cell_a1,
            person=voters[0].person,
            source="other",
            opened_on=D(2024, 1, 10),
            kind="readmission",
            previous_left_on=D(2019, 1, 1),
            exit_reason="ordinary",
        )
