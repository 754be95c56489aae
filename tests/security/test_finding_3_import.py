"""Finding 3 (issue #11): the roster import was an oracle over the whole
province — its preview named a namesake's citizen ID in another commune,
told whether an ID belonged to a party member and in which cell, and the
commit attached a person from another commune to the importer's cell,
ignoring the name in the file. Now every look-up of existing people is
limited to the importer's scope; outside it the answer is one neutral
sentence, and a name or birth date that differs from the stored one is a
question."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.admissions import services as case_services
from apps.admissions import steps
from apps.admissions.choices import Action, SourceOrg, Stage
from apps.admissions.models import Case
from apps.imports import services
from apps.imports.models import ImportMode, ImportStatus
from apps.members.models import Member, Person
from apps.organizations.models import Organization
from tests.conftest import Tree, Users
from tests.imports.test_import import CANDIDATE_HEADER, MEMBER_HEADER, xlsx
from tests.security.conftest import login

D = dt.date
NEUTRAL = "Số CCCD này không dùng được ở đây — hãy liên hệ cấp trên."


def open_case(cell: Organization, name: str, cid: str, born: dt.date) -> Case:
    person = Person(full_name=name, gender="female", date_of_birth=born, citizen_id=cid)
    return case_services.open_case(
        by="test", cell=cell, person=person, source=SourceOrg.WOMEN, opened_on=D(2025, 1, 10)
    )


def row(name: str, born: str, cid: str | None, cell: str = "A1") -> list[str]:
    return [name, born, "Nữ", str(cid), cell, "10/01/2026", "Hội Liên hiệp Phụ nữ", "", ""]


@pytest.fixture
def elsewhere(tree: Tree, members: dict[str, Member]) -> dict[str, object]:
    """Lan, a candidate of commune B; Bình, a member there; and Xuân, whose
    case in cell A1 was withdrawn (she is in A1's scope)."""
    lan = open_case(tree.cell_b1, "Phạm Thị Lan", "087195000777", D(1995, 5, 5))
    xuan = open_case(tree.cell_a1, "Đào Thị Xuân", "087196000555", D(1996, 6, 6))
    steps.close_case(xuan, by="test", action=Action.WITHDRAW, on=D(2025, 2, 1), reason="Xin rút")
    return {"lan": lan.person, "binh": members["b1"].person, "xuan": xuan.person}


def test_finding_3_import_does_not_reveal_or_attach_out_of_scope_person(
    tree: Tree, users: Users, elsewhere: dict[str, Person]
) -> None:
    lan, binh, xuan = elsewhere["lan"], elsewhere["binh"], elsewhere["xuan"]
    data = xlsx(
        [
            CANDIDATE_HEADER,
            row("Phạm Thị Lan", "05/05/1995", "087195000999"),  # a namesake elsewhere
            row("Nguyễn Thị Hoa", "01/01/1990", lan.citizen_id),  # Lan's ID, another name
            row("Trần Thị Tâm", "02/02/1992", binh.citizen_id),  # a member's ID elsewhere
            row("Lò Thị Xuân", "07/07/1997", xuan.citizen_id),  # in scope, name differs
        ]
    )
    job = services.upload(
        by=users.cell_secretary, kind="candidates", file_name="nguon.xlsx", data=data
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED
    problems = {p["row"]: p for p in job.problems}
    assert 2 not in problems  # the namesake elsewhere is not even a question
    assert problems[3]["errors"] == [["Số CCCD", NEUTRAL]]
    assert problems[4]["errors"] == [["Số CCCD", NEUTRAL]]
    shown = json.dumps(job.problems, ensure_ascii=False) + " ".join(job.notes)
    for secret in ("Phạm Thị Lan", binh.full_name, "Ấp 1", "Bình Minh", "đảng viên"):
        assert secret not in shown, secret
    # The preview shows the values read from the file: Lan's ID comes back
    # once, as typed on row 3, and never beside her name (row 2's namesake).
    assert shown.count(str(lan.citizen_id)) == 1
    assert "087195000999" not in shown  # row 2 raises nothing to show
    page = login(users, "cell_secretary").get(reverse("imports:detail", args=[job.pk]))
    assert page.content.decode().count(str(lan.citizen_id)) <= 1

    asked = problems[5]
    assert (asked["action"], asked["options"]) == ("ask", ["same", "skip"])
    assert "Đào Thị Xuân" in asked["question"] and "Lò Thị Xuân" in asked["question"]
    with pytest.raises(ValidationError):  # the question must be answered first
        services.commit(
            job, by=users.cell_secretary, mode=ImportMode.VALID_ONLY, decisions={"5": "create"}
        )
    services.commit(
        job, by=users.cell_secretary, mode=ImportMode.VALID_ONLY, decisions={"5": "same"}
    )

    # nobody from commune B was attached to cell A1
    assert list(Case.objects.filter(person=lan).values_list("organization", flat=True)) == [
        tree.cell_b1.pk
    ]
    assert not Case.objects.filter(person=binh).exists()
    assert Person.objects.filter(full_name="Phạm Thị Lan").count() == 2  # a new person
    lan.refresh_from_db()
    assert lan.full_name == "Phạm Thị Lan"
    # the stored Xuân, confirmed as the same person, got her new case
    assert Case.objects.get(person=xuan, stage=Stage.CANDIDATE).organization == tree.cell_a1


def test_the_forms_and_the_member_import_answer_the_same_way(
    tree: Tree, users: Users, elsewhere: dict[str, Person]
) -> None:
    lan, xuan = elsewhere["lan"], elsewhere["xuan"]
    url = reverse("admissions:case_create", args=[tree.cell_a1.pk])
    form = {
        "p-full_name": "Nguyễn Thị Hoa",
        "p-gender": "female",
        "p-date_of_birth": "01/01/1990",
        "p-citizen_id": lan.citizen_id,
        "p-ethnicity": "01",
        "p-religion": "none",
        "p-general_education": "12/12",
        "p-qualification": "none",
        "p-political_theory": "none",
        "p-occupation_group": "other",
        "c-source": "women",
        "c-opened_on": "10/01/2026",
    }
    secretary = login(users, "cell_secretary")
    refused = secretary.post(url, form)
    text = refused.content.decode()
    assert refused.status_code == 400 and NEUTRAL in text
    assert "Phạm Thị Lan" not in text and "Ấp 1" not in text
    named = secretary.post(url, {**form, "p-citizen_id": xuan.citizen_id}).content.decode()
    assert "Số CCCD này đã được ghi cho Đào Thị Xuân (Chi bộ Khóm 1)." in named

    members_file = xlsx(
        [
            MEMBER_HEADER,
            [
                "Nguyễn Thị Hoa",
                "01/01/1990",
                "Nữ",
                lan.citizen_id,
                "Kinh",
                "A1",
                "Đảng viên chính thức",
                "19/05/2010",
                "02/06/2010",
                "02/06/2011",
                "",
            ],
        ]
    )
    job = services.upload(
        by=users.commune_staff, kind="members", file_name="dv.xlsx", data=members_file
    )
    job.refresh_from_db()
    assert job.problems[0]["errors"] == [["Số CCCD", NEUTRAL]]


def test_a_member_row_under_another_name_is_a_question_never_a_silent_update(
    tree: Tree, users: Users, members: dict[str, Member]
) -> None:
    a1 = members["a1"]  # Nguyễn Văn Á, born 05/03/1985
    data = xlsx(
        [
            MEMBER_HEADER,
            [
                "Nguyễn Văn Ánh",
                "05/03/1985",
                "Nam",
                a1.person.citizen_id,
                "Kinh",
                "A1",
                "Đảng viên chính thức",
                "19/05/2015",
                "08/06/2015",
                "08/06/2016",
                "",
            ],
        ]
    )
    job = services.upload(by=users.commune_staff, kind="members", file_name="dv.xlsx", data=data)
    job.refresh_from_db()
    assert job.counts["ask"] == 1 and job.problems[0]["options"] == ["same", "skip"]
    a1.person.refresh_from_db()
    assert a1.person.full_name == "Nguyễn Văn Á"
    services.commit(
        job, by=users.commune_staff, mode=ImportMode.ALL_OR_NOTHING, decisions={"2": "same"}
    )
    a1.person.refresh_from_db()
    assert a1.person.full_name == "Nguyễn Văn Ánh"  # the importer confirmed the correction
