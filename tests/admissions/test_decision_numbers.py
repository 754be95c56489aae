"""Decision numbers are unique per issuing body and year (a database
constraint), allocated from a locked counter; a bulk approval that stops
half-way says how far it got, and a second run goes on without duplicates."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.test import Client
from django.urls import reverse

from apps.admissions import numbers, steps
from apps.admissions.choices import Action, Stage
from apps.admissions.models import Case, DecisionNumber
from apps.admissions.steps import StepData, take
from apps.members.models import Member
from tests.admissions.conftest import candidate, present, ready_for_vote
from tests.conftest import PASSWORD, Tree, Users

D = dt.date
NAMES = ["Huỳnh Thị Mai", "Lý Văn Đức", "Trương Thị Hoa"]


def resolved(tree: Tree, voters: list[Member], n: int) -> list[Case]:
    cases = []
    for i, name in enumerate(NAMES[:n]):
        case = ready_for_vote(candidate(tree, name, citizen_id=f"08719800{i:04d}"), voters)
        case = take(
            case,
            Action.CELL_VOTE,
            StepData(on=D(2024, 6, 10), attendance=present(case), yes=6, no=0),
            "test",
        ).case
        cases.append(take(case, Action.COMMITTEE_RESOLVE, StepData(on=D(2024, 6, 20)), "test").case)
    return cases


def test_a_body_cannot_issue_the_same_number_twice_in_a_year(
    tree: Tree, voters: list[Member]
) -> None:
    first, second = resolved(tree, voters, 2)
    take(first, Action.DECIDE_ADMISSION, StepData(on=D(2024, 7, 15), number="125-QĐ/ĐU"), "t")
    with pytest.raises(ValidationError) as exc:
        take(
            second, Action.DECIDE_ADMISSION, StepData(on=D(2024, 7, 16), number="125 - qđ/đu"), "t"
        )
    assert set(exc.value.message_dict) == {"number"} and "126" in exc.value.messages[0]
    second.refresh_from_db()
    assert second.stage == Stage.COMMITTEE_RESOLVED
    # the database itself refuses a duplicate row
    body = numbers.issuing_body(first.organization)
    with pytest.raises(IntegrityError), transaction.atomic():
        DecisionNumber.objects.create(
            body=body, year=2024, number="125-QĐ/ĐU", case=second, action=Action.DECIDE_ADMISSION
        )


def test_the_counter_allocates_at_least_the_number_asked_and_never_one_given(
    tree: Tree, voters: list[Member]
) -> None:
    (case,) = resolved(tree, voters, 1)
    body = numbers.issuing_body(case.organization)
    with transaction.atomic():
        assert numbers.allocate(body, 2024, at_least=5) == 5
        assert numbers.allocate(body, 2024, at_least=5) == 6
        assert numbers.allocate(body, 2025) == 1
    assert numbers.next_free(body, 2024) == 7


def approve(client: Client, cases: list[Case], first: int) -> list[str]:
    response = client.post(
        reverse("admissions:inbox"),
        {
            "case": [c.pk for c in cases],
            "op": "approve",
            "on": "15/07/2024",
            "first_number": first,
            "number_suffix": "-QĐ/ĐU",
        },
        follow=True,
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    return [str(m) for m in response.context["messages"]]


def test_a_bulk_approval_that_stops_half_way_says_so_and_resumes_without_duplicates(
    tree: Tree, voters: list[Member], users: Users, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases = resolved(tree, voters, 3)
    client = Client()
    assert client.login(username=users.commune_staff.username, password=PASSWORD)
    real_take, calls = steps.take, []

    def crash_on_second(*args: object, **kwargs: object) -> object:
        calls.append(1)
        if len(calls) == 2:
            raise OperationalError("connection lost")
        return real_take(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(steps, "take", crash_on_second)
    said = " ".join(approve(client, cases, 125))
    assert "1/3" in said and "Gửi lại" in said
    assert DecisionNumber.objects.count() == 1
    monkeypatch.setattr(steps, "take", real_take)
    # the natural retry: the same form again, with the same first number
    rest = [c for c in cases if Case.objects.get(pk=c.pk).stage == Stage.COMMITTEE_RESOLVED]
    approve(client, rest, 125)
    given = sorted(
        Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("decision_number", flat=True)
    )
    assert given == ["125-QĐ/ĐU", "126-QĐ/ĐU", "127-QĐ/ĐU"]


def test_two_bulk_runs_with_the_same_first_number_give_no_duplicates(
    tree: Tree, voters: list[Member], users: Users
) -> None:
    cases = resolved(tree, voters, 3)
    client = Client()
    assert client.login(username=users.commune_staff.username, password=PASSWORD)
    first = " ".join(approve(client, cases[:2], 300))
    assert "đã dùng" not in first and "300-QĐ/ĐU" in first and "301-QĐ/ĐU" in first
    # 300 is taken: the staff are told which number each decision got
    second = " ".join(approve(client, cases[2:], 300))
    assert "Số quyết định 300 đã được dùng" in second and "302-QĐ/ĐU" in second
    given = sorted(
        Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("decision_number", flat=True)
    )
    assert given == ["300-QĐ/ĐU", "301-QĐ/ĐU", "302-QĐ/ĐU"]
