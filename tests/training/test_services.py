import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from apps.admissions import services as case_services
from apps.admissions import steps
from apps.admissions.choices import DocumentCode, SourceOrg, Stage
from apps.admissions.models import Case
from apps.members.models import Member, Person
from apps.training import services
from apps.training.choices import ClassStatus, EnrolmentStatus, Result
from apps.training.models import CourseKind, Provider
from tests.admissions.conftest import candidate, present, ready_for_vote
from tests.conftest import Tree

D = dt.date


def pool_case(tree: Tree, name: str, cid: str) -> Case:
    person = Person(full_name=name, gender="male", date_of_birth=D(1996, 1, 1), citizen_id=cid)
    return case_services.open_case(
        by="test",
        cell=tree.cell_a1,
        person=person,
        source=SourceOrg.RESIDENTIAL,
        opened_on=D(2024, 1, 10),
    )


@pytest.fixture
def centre(tree: Tree) -> Provider:
    return Provider.objects.create(
        name="Trung tâm Chính trị phường An Hòa", organization=tree.ward_a
    )


def test_course_kinds_are_data(db: None) -> None:
    assert set(CourseKind.objects.values_list("code", flat=True)) >= {
        "awareness",
        "new_member",
        "so_cap",
    }


def test_three_nominated_two_accepted_and_their_certificates_reach_the_cases(
    tree: Tree, centre: Provider
) -> None:
    kind = CourseKind.objects.get(code="awareness")
    klass = services.create_class(
        by="test",
        kind=kind,
        provider=centre,
        title="Lớp nhận thức khóa 1/2024",
        capacity=2,
        units=[tree.ward_a],
        days=[D(2024, 3, 2), D(2024, 3, 9)],
    )
    cases = [
        pool_case(tree, n, f"08719600000{i}")
        for i, n in enumerate(["Lê Văn A", "Lê Văn B", "Lê Văn C"])
    ]
    enrolments = [services.nominate(klass, by="test", case=c, unit=tree.ward_a) for c in cases]
    accepted = services.accept(enrolments, by="test")
    assert [e.status for e in accepted] == [
        EnrolmentStatus.ACCEPTED,
        EnrolmentStatus.ACCEPTED,
        EnrolmentStatus.WAITLISTED,
    ]
    for session in klass.sessions.all():
        services.record_attendance(session, by="test", present_ids=[e.pk for e in accepted[:2]])
    services.record_result(accepted[0], by="test", result=Result.PASSED, mark=8.5)
    services.record_result(accepted[1], by="test", result=Result.FAILED, mark=4)
    issued = services.issue_certificates(
        klass,
        by="test",
        on=D(2024, 3, 10),
        first_number=101,
        suffix="/GCN",
        issuer="Trung tâm Chính trị",
    )
    assert [e.certificate_number for e in issued] == ["101/GCN"]
    cases[0].refresh_from_db()
    cases[1].refresh_from_db()
    assert (cases[0].stage, cases[0].certificate_on, cases[0].certificate_number) == (
        Stage.TRAINED,
        D(2024, 3, 10),
        "101/GCN",
    )
    assert cases[1].stage == Stage.CANDIDATE
    klass.refresh_from_db()
    assert klass.status == ClassStatus.FINISHED


def test_an_awareness_class_takes_only_people_in_the_pool_of_the_units_it_serves(
    tree: Tree, centre: Provider
) -> None:
    klass = services.create_class(
        by="test",
        kind=CourseKind.objects.get(code="awareness"),
        provider=centre,
        title="Lớp A",
        capacity=10,
        units=[tree.ward_a],
        days=[D(2024, 3, 2)],
    )
    outsider_case = case_services.open_case(
        by="test",
        cell=tree.cell_b1,
        source="other",
        opened_on=D(2024, 1, 1),
        person=Person(full_name="Phạm Văn X", gender="male", date_of_birth=D(1995, 1, 1)),
    )
    with pytest.raises(ValidationError):
        services.nominate(klass, by="test", case=outsider_case, unit=tree.commune_b)
    case = pool_case(tree, "Lê Văn A", "087196000009")
    services.nominate(klass, by="test", case=case, unit=tree.ward_a)
    with pytest.raises(ValidationError):
        services.nominate(klass, by="test", case=case, unit=tree.ward_a)  # twice


def test_a_retaken_class_renews_an_expired_certificate_and_unblocks_the_vote(
    tree: Tree, centre: Provider, voters: list[Member]
) -> None:
    case = ready_for_vote(candidate(tree), voters, certificate=D(2019, 3, 1))
    with pytest.raises(ValidationError):  # E5: the old certificate expired on 01/03/2024
        steps.record_cell_vote(
            case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=6, no=0
        )
    klass = services.create_class(
        by="test",
        kind=CourseKind.objects.get(code="awareness"),
        provider=centre,
        title="Lớp học lại",
        capacity=5,
        units=[tree.cell_a1],
        days=[D(2024, 5, 4)],
    )
    [enrolment] = services.accept(
        [services.nominate(klass, by="test", case=case, unit=tree.cell_a1)], by="test"
    )
    services.record_result(enrolment, by="test", result=Result.PASSED)
    services.issue_certificates(
        klass, by="test", on=D(2024, 5, 5), first_number=7, suffix="/GCN", issuer="TTCT"
    )
    case.refresh_from_db()
    assert case.certificate_on == D(2024, 5, 5)
    case = steps.record_cell_vote(
        case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=6, no=0
    )
    assert case.stage == Stage.CELL_RESOLVED


def test_a_new_member_class_certificate_becomes_the_p2_document(
    tree: Tree, centre: Provider, voters: list[Member]
) -> None:
    from tests.admissions.test_steps import to_probation

    case = to_probation(ready_for_vote(candidate(tree), voters))
    klass = services.create_class(
        by="test",
        kind=CourseKind.objects.get(code="new_member"),
        provider=centre,
        title="Lớp đảng viên mới",
        capacity=30,
        units=[tree.ward_a],
        days=[D(2024, 10, 5), D(2024, 10, 12)],
    )
    awareness_only = pool_case(tree, "Lê Văn Z", "087196000099")
    with pytest.raises(ValidationError):
        services.nominate(klass, by="test", case=awareness_only, unit=tree.ward_a)
    [enrolment] = services.accept(
        [services.nominate(klass, by="test", case=case, unit=tree.ward_a)], by="test"
    )
    services.record_result(enrolment, by="test", result=Result.PASSED, mark=9)
    services.issue_certificates(
        klass, by="test", on=D(2024, 10, 13), first_number=1, suffix="/ĐVM", issuer="TTCT"
    )
    doc = case.documents.get(code=DocumentCode.NEW_MEMBER_CERTIFICATE)
    assert (doc.received_on, doc.number) == (D(2024, 10, 13), "1/ĐVM")


def test_certificates_come_after_the_last_day(tree: Tree, centre: Provider) -> None:
    klass = services.create_class(
        by="test",
        kind=CourseKind.objects.get(code="awareness"),
        provider=centre,
        title="Lớp",
        capacity=5,
        units=[tree.ward_a],
        days=[D(2024, 3, 2), D(2024, 3, 9)],
    )
    with pytest.raises(ValidationError) as info, translation.override("vi"):
        services.issue_certificates(
            klass, by="test", on=D(2024, 3, 8), first_number=1, suffix="", issuer="x"
        )
    # what was read, the rule, and what to do
    text = " ".join(info.value.message_dict["on"])
    assert "08/03/2024" in text and "Hãy ghi ngày cấp từ 09/03/2024 trở đi" in text
