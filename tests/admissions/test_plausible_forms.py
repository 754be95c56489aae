"""Issue 12 on the pages: no impossible person or date is saved from the
candidate and member forms, a namesake in scope is a question, the same
helper is not assigned twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from apps.admissions import services
from apps.admissions.models import Case
from apps.common.clock import VIETNAM
from apps.members.models import Member, Person
from tests.admissions.conftest import candidate
from tests.conftest import PASSWORD, Tree, Users

D = dt.date


@pytest.fixture(autouse=True)
def on_30_november_2026() -> Any:
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=VIETNAM), tick=False):
        yield


def client_of(users: Users) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    assert client.login(username=users.cell_secretary.username, password=PASSWORD)
    return client


def add_candidate(client: Client, tree: Tree, born: str, opened: str, **extra: str) -> Any:
    data = {
        "p-full_name": "Huỳnh Thị Mai",
        "p-gender": "female",
        "p-date_of_birth": born,
        "p-citizen_id": extra.pop("citizen_id", "087198000222"),
        "p-ethnicity": "01",
        "p-religion": "none",
        "p-general_education": "12/12",
        "p-qualification": "none",
        "p-political_theory": "none",
        "p-occupation_group": "other",
        "c-source": "youth_union",
        "c-opened_on": opened,
        **extra,
    }
    return client.post(reverse("admissions:case_create", args=[tree.cell_a1.pk]), data)


@pytest.mark.parametrize(
    ("born", "opened", "message"),
    [
        ("01/01/2027", "10/01/2026", "Ngày sinh “01/01/2027” không thể đúng"),
        # before 1900 the date field itself refuses it (domain.dates.EARLIEST)
        ("01/01/1899", "10/01/2026", "Ngày 01/01/1899 nằm ngoài khoảng 01/01/1900–31/12/2100"),
        ("01/01/2015", "10/01/2026", "khi đó người này mới 11 tuổi"),
        ("01/01/2000", "01/01/1999", "Ngày vào nguồn “01/01/1999” ở trước ngày sinh (01/01/2000)"),
        ("01/01/2000", "01/12/2027", "Ngày vào nguồn “01/12/2027” ở sau hôm nay (30/11/2026)"),
    ],
)
def test_an_impossible_candidate_is_not_saved(
    tree: Tree, users: Users, born: str, opened: str, message: str
) -> None:
    response = add_candidate(client_of(users), tree, born, opened)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Person.objects.filter(citizen_id="087198000222").exists()


def test_the_same_person_twice_in_a_cell_is_a_question(tree: Tree, users: Users) -> None:
    client = client_of(users)
    assert add_candidate(client, tree, "12/04/1998", "10/01/2026").status_code == 302
    twice = add_candidate(client, tree, "12/04/1998", "10/01/2026", citizen_id="")
    assert twice.status_code == 400
    assert "Huỳnh Thị Mai, sinh ngày 12/04/1998, đã có trong hệ thống (Chi bộ Khóm 1)" in (
        twice.content.decode()
    )
    assert Person.objects.filter(full_name="Huỳnh Thị Mai").count() == 1
    confirmed = add_candidate(
        client,
        tree,
        "12/04/1998",
        "10/01/2026",
        citizen_id="087198000333",
        **{"c-namesake_confirmed": "on"},
    )
    assert confirmed.status_code == 302
    assert Person.objects.filter(full_name="Huỳnh Thị Mai").count() == 2


def test_the_same_helper_is_not_assigned_twice(tree: Tree, voters: list[Member]) -> None:
    case: Case = candidate(tree)
    services.assign_helper(case, by="test", member=voters[0], assigned_on=D(2024, 2, 1))
    with pytest.raises(ValidationError) as caught:
        services.assign_helper(case, by="test", member=voters[0], assigned_on=D(2024, 3, 1))
    assert caught.value.message_dict["member"] == [
        "Nguyễn Văn Một đang giúp đỡ người này: không phân công một người giúp đỡ hai lần."
    ]
    assert case.helpers.count() == 1


def member_post(
    admitted: str, ceremony: str, full: str, born: str = "05/03/1990"
) -> dict[str, Any]:
    return {
        "p-full_name": "Lê Văn Tám",
        "p-gender": "male",
        "p-date_of_birth": born,
        "p-ethnicity": "01",
        "p-religion": "none",
        "p-citizen_id": "087190000009",
        "p-general_education": "12/12",
        "p-qualification": "none",
        "p-political_theory": "none",
        "p-occupation_group": "farmer",
        "m-status": "full",
        "m-admitted_on": admitted,
        "m-ceremony_on": ceremony,
        "m-full_on": full,
    }


@pytest.mark.parametrize(
    ("admitted", "ceremony", "full", "messages"),
    [
        ("19/05/2004", "02/06/2004", "02/06/2005", ["khi đó đảng viên mới 14 tuổi"]),
        (
            "19/05/2015",
            "02/06/2015",
            "02/12/2015",
            ["ở trước ngày hết thời gian dự bị (02/06/2016"],
        ),
        ("19/05/2026", "02/06/2026", "02/06/2027", ["Ngày chính thức “02/06/2027” ở sau hôm nay"]),
        # the service's own rule and the plausibility failures, all at once
        (
            "19/05/2015",
            "01/06/2014",
            "02/06/2028",
            [
                "Ngày lễ kết nạp không thể trước ngày quyết định kết nạp",
                "Ngày chính thức “02/06/2028” ở sau hôm nay",
            ],
        ),
    ],
)
def test_an_impossible_member_is_not_saved(
    tree: Tree, users: Users, admitted: str, ceremony: str, full: str, messages: list[str]
) -> None:
    data = {**member_post(admitted, ceremony, full), "m-organization": tree.cell_a1.pk}
    response = client_of(users).post(reverse("members:create") + f"?unit={tree.cell_a1.pk}", data)
    assert response.status_code == 400
    html = response.content.decode()
    for message in messages:
        assert message in html
    assert not Person.objects.filter(citizen_id="087190000009").exists()
