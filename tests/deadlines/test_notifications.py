"""Notifications: a case waiting for the committee, a case returned with
its reason, a nomination accepted, an import finished; the bell's count;
mark as read (only one's own)."""

import datetime as dt
from typing import Any

from django.test import Client

from apps.admissions import steps
from apps.deadlines.models import Notification, NotificationKind
from apps.members.models import Member
from apps.training import services as training
from apps.training.models import CourseKind, Provider
from tests.admissions.conftest import candidate, present, ready_for_vote
from tests.conftest import PASSWORD, Tree, Users
from tests.deadlines.conftest import at

D = dt.date


def client_for(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def test_a_case_waiting_for_the_committee_reaches_its_staff_and_a_return_reaches_the_cell(
    tree: Tree,
    users: Users,
    voters: list[Member],
    time_machine: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    at(time_machine, D(2026, 1, 10))
    case = ready_for_vote(candidate(tree), voters)
    with django_capture_on_commit_callbacks(execute=True):
        case = steps.record_cell_vote(
            case, by="test", on=D(2026, 1, 5), attendance=present(case), yes=4, no=0
        )
    (note,) = Notification.objects.all()
    assert (note.user, note.kind) == (users.commune_staff, NotificationKind.DECISION_WAITING)
    assert "Huỳnh Thị Mai" in note.text and "Chi bộ Khóm 1" in note.text
    assert note.url == f"/admissions/cases/{case.pk}/step/committee_resolve/"
    staff = client_for(users.commune_staff)
    assert staff.get("/").context["bell_unread"] == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            "/admissions/inbox/",
            {"case": [case.pk], "op": "return", "reason": "Thiếu lý lịch", "on": "10/01/2026"},
        )
    assert response.status_code == 302
    returned = Notification.objects.get(kind=NotificationKind.CASE_RETURNED)
    assert returned.user == users.cell_secretary and "Thiếu lý lịch" in returned.text
    # mark as read: one's own only
    other = client_for(users.cell_secretary)
    other.post("/deadlines/notifications/read/", {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is None
    staff.post("/deadlines/notifications/read/", {"id": note.pk})
    note.refresh_from_db()
    assert note.read_at is not None
    assert staff.get("/").context["bell_unread"] == 0
    assert other.get("/deadlines/notifications/").context["rows"][0] == returned


def test_an_accepted_nomination_reaches_the_nominating_unit(
    tree: Tree,
    users: Users,
    voters: list[Member],
    time_machine: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    at(time_machine, D(2026, 1, 10))
    case = candidate(tree)
    provider = Provider.objects.create(name="Trung tâm Chính trị", organization=tree.province)
    klass = training.create_class(
        by="test",
        kind=CourseKind.objects.get(code="awareness"),
        provider=provider,
        title="Lớp nhận thức 1/2026",
        capacity=30,
        units=[tree.ward_a],
        days=[D(2026, 3, 7)],
    )
    enrolment = training.nominate(klass, by="test", case=case, unit=tree.cell_a1)
    with django_capture_on_commit_callbacks(execute=True):
        training.accept([enrolment], by="test")
    (note,) = Notification.objects.filter(kind=NotificationKind.NOMINATION_ACCEPTED)
    assert note.user == users.cell_secretary and "Lớp nhận thức 1/2026" in note.text


def test_a_finished_import_reaches_who_started_it(
    tree: Tree, users: Users, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    from apps.imports import services as imports
    from apps.imports.models import ImportMode
    from tests.imports.test_import import MEMBER_HEADER, xlsx

    settings.IMPORT_JOIN_THREADS = True
    VALID_ONLY = next(m for m in ImportMode.values if m != ImportMode.ALL_OR_NOTHING)
    row = ["Lê Văn Sai", "30/02/1988", "Nam", "087188004321", "Kinh", "A1"]
    job = imports.upload(
        by=users.commune_staff,
        kind="members",
        file_name="x.xlsx",
        data=xlsx([MEMBER_HEADER, [*row, "Đảng viên chính thức", "03/02/2015"]]),
    )
    with django_capture_on_commit_callbacks(execute=True):
        imports.commit(job, by=users.commune_staff, mode=VALID_ONLY, decisions={})
    job.refresh_from_db()
    assert job.status == "done"
    (note,) = Notification.objects.filter(user=users.commune_staff)
    assert note.kind == NotificationKind.IMPORT_FINISHED and "x.xlsx" in note.text
    assert note.url == f"/imports/{job.pk}/"


def test_two_steps_of_one_case_in_one_transaction_tell_the_committee_once(
    tree: Tree,
    users: Users,
    voters: list[Member],
    time_machine: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A paper case imported with several steps queues one call per step
    (here the vote's, and a second one as the next step would queue it);
    the committee's staff get one notification, not one per step."""
    from django.db import transaction

    from apps.deadlines import notify

    at(time_machine, D(2026, 1, 10))
    case = ready_for_vote(candidate(tree), voters)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        case = steps.record_cell_vote(
            case, by="test", on=D(2026, 1, 5), attendance=present(case), yes=4, no=0
        )
        notify.decision_waiting(case)
    assert Notification.objects.filter(user=users.commune_staff).count() == 1


def test_muted_notifications_queue_nothing(
    tree: Tree,
    users: Users,
    voters: list[Member],
    time_machine: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from apps.deadlines import notify

    at(time_machine, D(2026, 1, 10))
    case = ready_for_vote(candidate(tree), voters)
    with notify.muted(), django_capture_on_commit_callbacks(execute=True):
        steps.record_cell_vote(
            case, by="test", on=D(2026, 1, 5), attendance=present(case), yes=4, no=0
        )
    assert not Notification.objects.exists()
    notify.waiting_now([case.pk])
    assert Notification.objects.filter(user=users.commune_staff).count() == 1
