"""Security issue #11, finding 6: a scanned dossier document is a PDF, JPEG
or PNG by its content (not its name) and at most SCAN_MAX_BYTES; anything
else is refused with a Vietnamese message and never stored."""

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.admissions.models import Case, CaseDocument
from apps.members.models import Member
from tests.admissions.conftest import candidate
from tests.conftest import PASSWORD, Tree, Users

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def case(tree: Tree, voters: list[Member]) -> Case:
    return candidate(tree)


def post_scan(users: Users, case: Case, name: str, data: bytes) -> list[str]:
    client = Client()
    assert client.login(username=users.cell_secretary.username, password=PASSWORD)
    with translation.override("vi"):
        response = client.post(
            reverse("admissions:case_part", args=[case.pk, "document"]),
            {
                "document-code": "application",
                "document-received_on": "01/04/2024",
                "document-file": SimpleUploadedFile(name, data),
            },
            follow=True,
        )
    return [str(m) for m in response.context["messages"]]


def test_finding_6_scans_are_limited_to_pdf_jpeg_and_png_by_content_and_size(
    case: Case, users: Users, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    # a web page named like a PDF
    said = post_scan(users, case, "don.pdf", b"<html><script>alert(1)</script></html>")
    assert any(
        "Tệp bản quét “don.pdf”: nội dung của tệp là một loại không nhận biết được" in m
        and "PDF, JPEG hoặc PNG" in m
        for m in said
    )
    said = post_scan(users, case, "don.pdf", b"PK\x03\x04" + b"\x00" * 64)
    assert any("tài liệu Word hoặc Excel" in m for m in said)
    settings.SCAN_MAX_BYTES = 1000
    said = post_scan(users, case, "don.pdf", b"%PDF-1.4" + b"0" * 3000)
    assert any("vượt giới hạn 0,0 MB" in m and "150–200 dpi" in m for m in said)
    assert not CaseDocument.objects.filter(case=case).exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    # a PNG named .pdf is kept, as what it is
    settings.SCAN_MAX_BYTES = 20 * 1024 * 1024
    said = post_scan(users, case, "don.pdf", PNG)
    document = CaseDocument.objects.get(case=case)
    assert document.file.name.endswith("/don.png")
    assert (tmp_path / document.file.name).read_bytes() == PNG
