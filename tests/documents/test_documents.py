"""Dossier papers as Word documents: filled from the case, read back with
python-docx, bundled as a ZIP, from templates that are versioned data."""

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from docx import Document

from apps.admissions import evaluation
from apps.admissions.models import Case
from apps.common.clock import today
from apps.documents import services
from apps.documents.catalogue import BY_CODE, due_forms
from apps.documents.models import GeneratedDocument
from tests.admissions.conftest import candidate, ready_for_vote
from tests.admissions.test_steps import to_probation
from tests.conftest import PASSWORD, Tree, Users

D = dt.date


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def text_of(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.fixture
def admitted(tree: Tree, voters: list[Any]) -> Case:
    return to_probation(ready_for_vote(candidate(tree), voters))


def test_the_admission_decision_names_the_person_unit_number_and_date(admitted: Case) -> None:
    form, item, day = next(x for x in due_forms(admitted, D(2026, 11, 23)) if x[0].code == "9-KNĐ")
    name, content = services.render(admitted, form, item, day, by="test")
    assert name.startswith("9-KNĐ-Huỳnh-Thị-Mai")
    text = text_of(content)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ngày 15 tháng 7 năm 2024" in text  # the decision date, long form
    assert "Số 125-QĐ/ĐU" in text
    assert "ĐẢNG ỦY PHƯỜNG AN HÒA" in text and "ĐẢNG BỘ TỈNH THỬ" in text
    assert "Điều 1. Kết nạp đồng chí Huỳnh Thị Mai, sinh ngày 12/04/1998" in text
    assert "Chi bộ Khóm 1, Đảng bộ phường An Hòa, Đảng bộ tỉnh Thử" in text
    assert "T/M BAN THƯỜNG VỤ" in text


def test_the_cell_resolution_carries_the_vote(admitted: Case) -> None:
    form, item, day = next(x for x in due_forms(admitted, D(2026, 11, 23)) if x[0].code == "6-KNĐ")
    text = text_of(services.render(admitted, form, item, day, by="test")[1])
    assert "Ngày 10 tháng 6 năm 2024, Chi bộ Khóm 1 đã họp" in text
    assert "Số đảng viên chính thức tán thành: 6 đồng chí, đạt 100,0%" in text
    assert "T/M CHI BỘ" in text and "Số       -NQ/CB" in text


def test_papers_become_due_step_by_step(tree: Tree, voters: list[Any]) -> None:
    case = candidate(tree)
    assert due_forms(case, D(2026, 11, 23)) == []
    case = ready_for_vote(case, voters)
    assert [f.code for f, _i, _d in due_forms(case, D(2024, 5, 20))] == [
        "1-KNĐ",
        "2-KNĐ",
        "3-KNĐ",
        "5-KNĐ",
    ]
    case = to_probation(case)
    codes = [f.code for f, _i, _d in due_forms(case, D(2025, 8, 2))]
    assert {"6-KNĐ", "8-KNĐ", "9-KNĐ", "10-KNĐ", "11-KNĐ", "12-KNĐ"} <= set(codes)
    assert "13-KNĐ" not in codes


def test_the_bundle_holds_every_due_paper_and_each_opens(admitted: Case, users: Users) -> None:
    response = login(users.commune_staff).get(reverse("documents:bundle", args=[admitted.pk]))
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    due = due_forms(admitted, today())
    assert len(archive.namelist()) == len(due)
    for name in archive.namelist():
        assert "Huỳnh Thị Mai" in text_of(archive.read(name))
    assert GeneratedDocument.objects.filter(case=admitted).count() == len(due)


def test_papers_answer_the_scope_matrix(admitted: Case, users: Users) -> None:
    url = reverse("documents:case", args=[admitted.pk])
    assert Client().get(url).status_code == 302
    assert login(users.outsider).get(url).status_code == 404
    assert login(users.auditor).get(url).status_code == 403  # personal data
    assert login(users.cell_secretary).get(url).status_code == 200
    paper = reverse("documents:paper", args=[admitted.pk, "9-KNĐ", 0])
    assert login(users.cell_secretary).get(paper).status_code == 200
    assert (
        login(users.cell_secretary)
        .get(reverse("documents:paper", args=[admitted.pk, "13-KNĐ", 0]))
        .status_code
        == 404
    )  # not due yet


def test_an_uploaded_template_version_is_used_and_recorded(admitted: Case, users: Users) -> None:
    changed = _edit(services.builtin("9-KNĐ"), "kết nạp đảng viên", "KẾT NẠP ĐẢNG VIÊN (MẪU TỈNH)")
    client = login(users.administrator)
    response = client.post(
        reverse("documents:templates"),
        {
            "code": "9-KNĐ",
            "policy_code": "",
            "note": "mẫu của tỉnh",
            "file": _upload("mau.docx", changed),
        },
    )
    assert response.status_code == 302
    form, item, day = next(x for x in due_forms(admitted, today()) if x[0].code == "9-KNĐ")
    text = text_of(services.render(admitted, form, item, day, by=users.administrator)[1])
    assert "KẾT NẠP ĐẢNG VIÊN (MẪU TỈNH)" in text
    latest = GeneratedDocument.objects.filter(case=admitted).first()
    assert latest is not None and latest.template_label == "9-KNĐ · * · v1"


def test_a_broken_template_is_refused_with_the_reason(users: Users, tree: Tree) -> None:
    broken = _edit(services.builtin("6-KNĐ"), "đề nghị kết nạp đảng viên", "{{ name ")
    with translation.override("vi"), pytest.raises(ValidationError, match="Mẫu có lỗi"):
        services.upload_template(
            by=users.administrator, code="6-KNĐ", policy_code="", data=broken, file_name="x.docx"
        )
    with pytest.raises(ValidationError):
        services.upload_template(
            by=users.administrator, code="6-KNĐ", policy_code="", data=b"text", file_name="x.txt"
        )
    assert login(users.commune_staff).post(reverse("documents:templates"), {}).status_code == 403


def _edit(template: bytes, old: str, new: str) -> bytes:
    """The template with one paragraph's text replaced, as Word would save it."""
    doc = Document(io.BytesIO(template))
    paragraph = next(p for p in doc.paragraphs if p.text == old)
    paragraph.runs[0].text = new
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _upload(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_every_demo_case_can_produce_its_due_papers(db: None) -> None:
    call_command("load_demo", verbosity=0)
    day = today()
    seen: set[tuple[str, str]] = set()
    cases = Case.objects.select_related("person", "organization__parent").prefetch_related(
        "steps", "introducers", "comments"
    )
    with evaluation.rules_cache():
        for case in cases:
            for form, item, due_on in due_forms(case, day):
                services.context(case, form, item, due_on)  # every paper fills
                if (form.code, case.stage) not in seen:  # and one per stage renders
                    seen.add((form.code, case.stage))
                    assert case.person.full_name in text_of(
                        services.render(case, form, item, due_on, by="test")[1]
                    )
    assert {code for code, _stage in seen} >= set(BY_CODE) - {"7-KNĐ", "14-KNĐ"}
