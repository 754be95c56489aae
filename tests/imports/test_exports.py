"""Every list exports its current, filtered view within the user's scope,
and an export never carries a formula."""

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import PASSWORD, Tree, Users, make_member, make_unit


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def rows_of(response: Any) -> list[list[Any]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in r] for r in sheet.iter_rows()]


def test_the_member_export_is_the_filtered_list_in_scope(
    tree: Tree, users: Users, members: dict[str, Any]
) -> None:
    rows = rows_of(login(users.cell_secretary).get(reverse("members:list") + "?format=xlsx"))
    assert [r[1] for r in rows[1:]] == ["Nguyễn Văn Á", "Trần Thị Bích"]  # not A2's, not B1's
    rows = rows_of(
        login(users.province_officer).get(reverse("members:list") + "?q=binh&format=xlsx")
    )
    assert [r[1] for r in rows[1:]] == ["Phạm Văn Bình"]
    assert rows[1][4] == members["b1"].person.citizen_id
    rows = rows_of(login(users.auditor).get(reverse("members:list") + "?format=xlsx"))
    assert all(r[4] in (None, "") for r in rows[1:])  # no personal data without the right


@pytest.mark.parametrize("start", ["=1+1", "+SUM(A1)", "-2", "@cmd"])
def test_text_that_looks_like_a_formula_stays_text(tree: Tree, users: Users, start: str) -> None:
    cell = make_unit("A9", start, "cell", tree.ward_a, "khom")
    make_member(cell, "Hồ Văn Thử")
    response = login(users.commune_staff).get(reverse("members:list") + "?format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    found = [c for r in sheet.iter_rows() for c in r if c.value == start]
    assert found and all(c.data_type == "s" for c in found)


def test_cases_classes_targets_and_figures_export(
    tree: Tree, users: Users, voters: list[Any]
) -> None:
    from tests.admissions.conftest import candidate

    candidate(tree)
    staff = login(users.commune_staff)
    board = rows_of(staff.get(reverse("admissions:board", args=[tree.ward_a.pk]) + "?format=xlsx"))
    assert board[1][1] == "Huỳnh Thị Mai"
    assert rows_of(staff.get(reverse("admissions:inbox") + "?format=xlsx"))[0][1] == "Họ và tên"
    assert len(rows_of(staff.get(reverse("training:list") + "?format=xlsx"))) >= 1
    targets = rows_of(
        staff.get(reverse("targets:unit", args=[tree.ward_a.pk]) + "?period=2026&format=xlsx")
    )
    assert [r[0] for r in targets[1:]] == [
        tree.ward_a.name,
        tree.cell_a1.name,
        tree.cell_a2.name,
    ]
    figure = rows_of(
        staff.get(
            reverse("reports:list", args=[tree.ward_a.pk]) + "?figure=stage:candidate&format=xlsx"
        )
    )
    assert [r[1] for r in figure[1:]] == ["Huỳnh Thị Mai"]
