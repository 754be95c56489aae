"""The deadline engine over the database, with the clock frozen: a case's
T1 appears, turns overdue after Tết, escalates, and disappears when the
decision is taken; who sees which item."""

import datetime as dt
from typing import Any

import pytest

from apps.admissions import services, steps
from apps.admissions.choices import ConsentKind
from apps.common.clock import today
from apps.deadlines.engine import Engine
from apps.deadlines.models import DeadlineSettings
from apps.members.models import Member
from apps.training import services as training
from apps.training.models import CourseKind, Provider
from domain import deadlines as dd
from tests.conftest import Tree, Users
from tests.deadlines.conftest import at, resolved_case

D = dt.date


def rules(items: list[Any]) -> list[tuple[str, str]]:
    return [(i.rule, i.subject) for i in items]


def test_t1_walks_from_appearing_to_escalated_and_goes_when_the_decision_is_taken(
    tree: Tree, users: Users, voters: list[Member], time_machine: Any
) -> None:
    at(time_machine, D(2026, 1, 10))
    case = resolved_case(tree, voters, "Huỳnh Thị Mai", "087198000111")
    # Appears 30 days before Friday 13/02/2026 (the unit's default window).
    at(time_machine, D(2026, 1, 13))
    assert Engine(today()).for_user(users.commune_staff) == []
    at(time_machine, D(2026, 1, 14))
    (item,) = Engine(today()).for_user(users.commune_staff)
    assert (item.rule, item.bucket, item.acting_unit, item.counting) == (
        "T1",
        dd.Bucket.MONTH,
        tree.ward_a,
        dd.Counting.WORKING_DAYS,
    )
    assert item.url == f"/admissions/cases/{case.pk}/step/committee_resolve/"
    # The cell cannot take a committee's step: not on the secretary's list.
    assert Engine(today()).for_user(users.cell_secretary) == []
    # The province sees it only once overdue.
    assert Engine(today()).for_user(users.province_officer) == []
    at(time_machine, D(2026, 2, 13))
    (item,) = Engine(today()).for_user(users.commune_staff)
    assert (item.bucket, item.days_left) == (dd.Bucket.WEEK, 0)
    at(time_machine, D(2026, 2, 14))  # Saturday: overdue, 0 working days past
    (item,) = Engine(today()).for_user(users.commune_staff)
    assert (item.bucket, item.overdue_wd) == (dd.Bucket.OVERDUE, 0)
    assert rules(Engine(today()).for_user(users.province_officer)) == [("T1", "Huỳnh Thị Mai")]
    # Tết (16–20/02) does not count: 5 working days past on 27/02, 6 on 02/03.
    at(time_machine, D(2026, 2, 27))
    assert Engine(today()).escalated_for(users.province_officer) == []
    at(time_machine, D(2026, 3, 2))
    (item,) = Engine(today()).escalated_for(users.province_officer)
    assert item.overdue_wd == 6 and item.escalated
    # The commune is the acting unit, not the level above it.
    assert Engine(today()).escalated_for(users.commune_staff) == []
    # A unit's own setting moves the escalation.
    DeadlineSettings.objects.create(organization=tree.ward_a, escalate_after_wd=10)
    assert Engine(today()).escalated_for(users.province_officer) == []
    steps.committee_resolve(case, by="test", on=D(2026, 3, 2))
    # T1 has passed: the decision waits for the recorded extension (T1 late)
    services.add_consent(
        case,
        by="test",
        kind=ConsentKind.DECISION_EXTENSION,
        document="12-CV/ĐU",
        date=D(2026, 2, 10),
        issuer="Ban Thường vụ Đảng ủy",
        reason="Chờ thẩm tra bổ sung",
    )
    steps.decide_admission(case, by="test", on=D(2026, 3, 2), number="1-QĐ/ĐU")
    assert Engine(today()).for_user(users.commune_staff) == []
    assert Engine(today()).for_user(users.province_officer) == []


def test_the_ceremony_is_the_cells_and_the_commune_sees_it_only_when_late(
    tree: Tree, users: Users, voters: list[Member], time_machine: Any
) -> None:
    at(time_machine, D(2026, 1, 10))
    case = resolved_case(tree, voters, "Huỳnh Thị Mai", "087198000111")
    steps.committee_resolve(case, by="test", on=D(2026, 1, 5))
    steps.decide_admission(
        case, by="test", on=D(2026, 1, 8), number="1-QĐ/ĐU", received_on=D(2026, 1, 9)
    )
    assert Engine(today()).for_user(users.cell_secretary) == []  # 48 days ahead
    at(time_machine, D(2026, 2, 1))
    (item,) = Engine(today()).for_user(users.cell_secretary)
    assert (item.rule, item.acting_unit, item.bucket) == ("T2", tree.cell_a1, dd.Bucket.MONTH)
    assert item.due == D(2026, 2, 27)  # 30 working days from 09/01, Tết skipped
    assert item.url == f"/admissions/cases/{case.pk}/step/hold_ceremony/"
    assert Engine(today()).for_user(users.commune_staff) == []
    at(time_machine, D(2026, 2, 28))
    assert rules(Engine(today()).for_user(users.commune_staff)) == [("T2", "Huỳnh Thị Mai")]
    assert Engine(today()).for_user(users.outsider) == []


def test_probation_items_and_the_course_certificate(
    tree: Tree, users: Users, voters: list[Member], time_machine: Any
) -> None:
    from apps.admissions import services
    from apps.admissions.choices import DocumentCode

    at(time_machine, D(2026, 1, 10))
    case = resolved_case(tree, voters, "Huỳnh Thị Mai", "087198000111")
    steps.committee_resolve(case, by="test", on=D(2025, 11, 25))
    steps.decide_admission(
        case, by="test", on=D(2025, 12, 1), number="1-QĐ/ĐU", received_on=D(2025, 12, 2)
    )
    steps.hold_ceremony(case, by="test", on=D(2025, 12, 20))
    at(time_machine, D(2026, 11, 25))
    got = {i.rule for i in Engine(today()).for_user(users.cell_secretary)}
    assert got == {"T3", "P2"}  # T4 (30 wd after 20/12/2026) is still further than 30 days
    services.add_document(
        case, by="test", code=DocumentCode.NEW_MEMBER_CERTIFICATE, received_on=D(2026, 11, 25)
    )
    assert {i.rule for i in Engine(today()).for_user(users.cell_secretary)} == {"T3"}


def test_class_sessions_are_the_training_centres(
    tree: Tree, users: Users, time_machine: Any
) -> None:
    at(time_machine, D(2026, 3, 1))
    provider = Provider.objects.create(name="Trung tâm Chính trị", organization=tree.province)
    klass = training.create_class(
        by="test",
        kind=CourseKind.objects.get(code="awareness"),
        provider=provider,
        title="Lớp nhận thức 1/2026",
        capacity=30,
        units=[tree.ward_a],
        days=[D(2026, 3, 7), D(2026, 6, 14)],
    )
    items = Engine(today()).for_user(users.training_centre)
    assert [(i.rule, i.subject, i.due) for i in items] == [
        ("CLASS", "Lớp nhận thức 1/2026", D(2026, 3, 7))
    ]
    assert items[0].url == f"/training/{klass.pk}/"
    assert Engine(today()).for_user(users.commune_staff) == []


def test_a_yearly_target_behind_its_quarter_share(
    tree: Tree, users: Users, time_machine: Any
) -> None:
    from apps.targets.models import Target, TargetKind

    at(time_machine, D(2026, 3, 10))
    Target.objects.create(
        organization=tree.cell_a1,
        kind=TargetKind.objects.get(code="admissions"),
        year=2026,
        value=8,
    )
    (item,) = Engine(today()).for_user(users.cell_secretary)
    assert (item.rule, item.due) == ("TARGET", D(2026, 3, 31))
    assert "0" in item.note and "2" in item.note


@pytest.mark.parametrize("who", ["auditor", "outsider"])
def test_users_without_the_step_or_the_scope_have_nothing_to_do(
    who: str, tree: Tree, users: Users, voters: list[Member], time_machine: Any
) -> None:
    at(time_machine, D(2026, 1, 10))
    resolved_case(tree, voters, "Huỳnh Thị Mai", "087198000111")
    at(time_machine, D(2026, 2, 20))
    assert Engine(today()).for_user(getattr(users, who)) == []
