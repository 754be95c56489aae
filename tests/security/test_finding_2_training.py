"""Finding 2 (issue #11): a class serving a unit above the user showed
every participant's name, cell, result and mark — and birth dates in the
attendance sheet — to anyone the class served. Now the page and its papers
list the participants in the user's scope, the others as a count; the
training centre that runs the class keeps seeing everyone."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.admissions import services as case_services
from apps.admissions.choices import SourceOrg
from apps.admissions.models import Case
from apps.members.models import Person
from apps.training import services
from apps.training.choices import Result
from apps.training.models import TrainingClass
from tests.conftest import Tree, Users
from tests.security.conftest import login

D = dt.date
OTHERS = ["Lê Thị Ngọc Bảo", "Võ Văn Trường", "Đinh Thị Kim Hằng"]


def pool_case(cell: Any, name: str, cid: str, born: dt.date) -> Case:
    person = Person(full_name=name, gender="female", date_of_birth=born, citizen_id=cid)
    return case_services.open_case(
        by="test", cell=cell, person=person, source=SourceOrg.WOMEN, opened_on=D(2024, 1, 10)
    )


@pytest.fixture
def full_class(tree: Tree, ward_class: TrainingClass) -> TrainingClass:
    """One participant from cell A1 and three from cell A2, all passed and
    certified."""
    ours = pool_case(tree.cell_a1, "Huỳnh Thị Mai", "087198000111", D(1998, 4, 12))
    theirs = [
        pool_case(tree.cell_a2, name, f"08719900010{i}", D(1999, 2, 10 + i))
        for i, name in enumerate(OTHERS)
    ]
    enrolments = [
        services.nominate(ward_class, by="test", case=c, unit=tree.ward_a) for c in [ours, *theirs]
    ]
    accepted = services.accept(enrolments, by="test")
    for session in ward_class.sessions.all():
        services.record_attendance(session, by="test", present_ids=[e.pk for e in accepted])
    for e in accepted:
        services.record_result(e, by="test", result=Result.PASSED, mark=7.5)
    services.issue_certificates(
        ward_class, by="test", on=D(2024, 3, 10), first_number=1, suffix="/GCN", issuer="TTCT"
    )
    return ward_class


class CapturedPdf:
    """Stands for WeasyPrint: keeps the HTML a paper was made from."""

    last = ""

    def __init__(self, string: str) -> None:
        CapturedPdf.last = string

    def write_pdf(self) -> bytes:
        return b"%PDF-1.7 " + CapturedPdf.last.encode()


def test_finding_2_class_page_hides_participants_outside_scope(
    full_class: TrainingClass, users: Users, monkeypatch: Any
) -> None:
    monkeypatch.setattr("weasyprint.HTML", CapturedPdf)
    page = reverse("training:detail", args=[full_class.pk])
    secretary = login(users, "cell_secretary")
    html = secretary.get(page).content.decode()
    assert "Huỳnh Thị Mai" in html
    assert not any(name in html for name in OTHERS)
    assert "và 3 học viên của đơn vị khác" in html

    sheet = load_workbook(
        io.BytesIO(
            secretary.get(
                reverse("training:export", args=[full_class.pk, "attendance.xlsx"])
            ).content
        )
    ).active
    assert sheet is not None
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "Huỳnh Thị Mai" in cells and not any(name in cells for name in OTHERS)
    assert "và 3 học viên của đơn vị khác" in cells
    assert not any("1999-02" in c for c in cells)  # no birth date of the others

    for paper in ("list.pdf", "certificates.pdf"):
        secretary.get(reverse("training:export", args=[full_class.pk, paper]))
        assert "Huỳnh Thị Mai" in CapturedPdf.last, paper
        assert not any(name in CapturedPdf.last for name in OTHERS), paper
        assert "và 3 học viên của đơn vị khác" in CapturedPdf.last, paper

    # the centre running the class, and the ward it serves, see everyone
    for who in ("training_centre", "commune_staff"):
        html = login(users, who).get(page).content.decode()
        assert all(name in html for name in [*OTHERS, "Huỳnh Thị Mai"]), who
        assert "học viên của đơn vị khác" not in html, who
        login(users, who).get(reverse("training:export", args=[full_class.pk, "list.pdf"]))
        assert all(name in CapturedPdf.last for name in OTHERS), who
