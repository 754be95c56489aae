"""Security issue #11, finding 6: an upload is checked before anything is
stored or parsed — its size, the cells a small workbook expands to, its
content — a refused file never reaches the disk, and a stored roster is
deleted after IMPORT_KEEP_DAYS days."""

import datetime as dt
import io
import os
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from apps.audit.models import AuditEntry
from apps.imports import reading, services
from apps.imports.models import ImportJob, ImportMode, ImportStatus
from apps.members.models import Person
from tests.conftest import PASSWORD, Tree, Users
from tests.imports.test_import import MEMBER_HEADER, good_row, xlsx

VN = dt.timezone(dt.timedelta(hours=7))


def files_under(root: Path) -> list[Path]:
    return [p for p in Path(root).rglob("*") if p.is_file()]


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def workbook_with_sheet(sheet_xml: bytes, pad: int = 0) -> bytes:
    """A valid workbook whose first sheet is `sheet_xml`, optionally padded
    with random bytes (stored) so that it passes the compression checks."""
    book = Workbook()
    assert book.active is not None
    book.active.append(["Họ và tên"])
    buffer = io.BytesIO()
    book.save(buffer)
    parts = zipfile.ZipFile(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in parts.namelist():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, parts.read(name))
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        if pad:
            archive.writestr(
                zipfile.ZipInfo("xl/media/pad.bin"), os.urandom(pad), zipfile.ZIP_STORED
            )
    return out.getvalue()


def sheet(rows: bytes) -> bytes:
    return (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + rows + b"</sheetData></worksheet>"
    )


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def no_parsing(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The workbook parser must not be reached: a refusal comes first (the
    reader turns the parser's errors into "damaged", so calls are counted)."""
    import python_calamine

    calls: list[object] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        calls.append(args)
        raise RuntimeError("the workbook was parsed")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", refuse)
    yield
    assert calls == [], "the workbook was parsed"


def test_finding_6_a_small_workbook_with_millions_of_cells_is_refused_before_parsing(
    tree: Tree, users: Users, media: Path, no_parsing: None
) -> None:
    # 1 MB on the wire, inflating less than 200 times: the bomb checks pass,
    # yet it holds 5 million cells (the parser would need gigabytes).
    data = workbook_with_sheet(
        sheet((b"<row>" + b"<c><v>1</v></c>" * 500 + b"</row>") * 10_000), pad=800_000
    )
    assert len(data) < 1_100_000
    with translation.override("vi"):
        job = services.upload(by=users.commune_staff, kind="members", file_name="x.xlsx", data=data)
    assert job.status == ImportStatus.REJECTED
    assert "3.000.000 ô" in job.message and "bảng tính mới" in job.message
    assert files_under(media) == []


@pytest.mark.parametrize(
    "rows",
    [
        # two cells far apart: the parser would fill 17 billion cells between them
        b'<row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
        # the same without references: the place of a cell follows the one before
        b"<row>" + b"<c><v>1</v></c>" * 16_384 + b'</row><row r="1048576"><c><v>1</v></c></row>',
        # a quoted ">" before the reference, to hide it from a careless reader
        b'<row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="2"><c s=">" r="XFD1048576"><v>1</v></c></row>',
        # a fake reference inside another attribute's value, before the real one
        b'<row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="2"><c s=" r=\'B2\'" r="XFD1048576"><v>1</v></c></row>',
        # a reference written with a character entity
        b'<row r="1"><c r="A1"><v>1</v></c></row>'
        b'<row r="2"><c r="&#88;FD1048576"><v>1</v></c></row>',
        # a namespace prefix
        b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
        b'<x:row r="2"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>',
    ],
)
def test_cells_spread_over_a_huge_rectangle_are_refused_before_parsing(
    no_parsing: None, rows: bytes
) -> None:
    xml = sheet(rows)
    if b"x:" in rows:
        xml = xml.replace(b"<worksheet xmlns=", b"<worksheet xmlns:x=")
    with pytest.raises(reading.FileRejected):
        reading.read_table(workbook_with_sheet(xml), "x.xlsx")


def test_a_roster_written_with_prefixes_and_without_references_is_still_read() -> None:
    xml = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<x:sheetData>"
        b'<x:row><x:c t="inlineStr"><x:is><x:t>H\xe1\xbb\x8d v\xc3\xa0 t\xc3\xaan</x:t></x:is></x:c>'
        b'<x:c t="inlineStr"><x:is><x:t>S\xe1\xbb\x91 CCCD</x:t></x:is></x:c></x:row>'
        b'<x:row><x:c t="inlineStr"><x:is><x:t>An</x:t></x:is></x:c>'
        b'<x:c t="inlineStr"><x:is><x:t>087085000001</x:t></x:is></x:c></x:row>'
        b"</x:sheetData></x:worksheet>"
    )
    table = reading.read_table(workbook_with_sheet(xml), "x.xlsx")
    assert table.rows == [["Họ và tên", "Số CCCD"], ["An", "087085000001"]]


def test_finding_6_refused_upload_is_not_kept_on_disk(
    tree: Tree, users: Users, media: Path
) -> None:
    people = Person.objects.count()
    client = login(users.commune_staff)
    # citizen IDs under a header that is not a roster's: refused
    refused = xlsx([["Họ tên", "CCCD"], ["Nguyễn Văn An", "087085000001"]])
    response = client.post(
        reverse("imports:list"),
        {"kind": "members", "file": SimpleUploadedFile("ds.xlsx", refused)},
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportStatus.REJECTED
    assert not job.file and job.sha256 and job.message  # the record stays, the file does not
    assert files_under(media) == []
    assert Person.objects.count() == people
    # an accepted file is stored
    client.post(
        reverse("imports:list"),
        {
            "kind": "members",
            "file": SimpleUploadedFile("ok.xlsx", xlsx([MEMBER_HEADER, good_row(1)])),
        },
    )
    assert len(files_under(media)) == 1


def test_finding_6_an_oversized_upload_is_refused_before_it_is_stored_or_read(
    tree: Tree, users: Users, media: Path, settings: Any, no_parsing: None
) -> None:
    settings.IMPORT_MAX_BYTES = 10_000
    settings.UPLOAD_MAX_BYTES = 20_000  # the upload handler drops what comes past this
    client = login(users.commune_staff)
    for size in (15_000, 40_000):  # below and above what the handler keeps
        with translation.override("vi"):
            response = client.post(
                reverse("imports:list"),
                {"kind": "members", "file": SimpleUploadedFile("big.xlsx", b"PK" + b"0" * size)},
            )
        assert response.status_code == 400
        text = response.content.decode()
        assert "Tệp “big.xlsx” có dung lượng 0,0 MB; giới hạn là 0,0 MB" in text
    assert not ImportJob.objects.exists()
    assert files_under(media) == []
    assert settings.FILE_UPLOAD_HANDLERS == ["apps.common.uploads.CappedMemoryUploadHandler"]


def test_finding_6_stored_imports_are_purged_after_30_days(
    tree: Tree, users: Users, media: Path, settings: Any
) -> None:
    settings.IMPORT_KEEP_DAYS = 30
    uploaded = dt.datetime(2026, 3, 2, 9, 0, tzinfo=VN)
    with time_machine.travel(uploaded, tick=False):
        job = services.upload(
            by=users.commune_staff,
            kind="members",
            file_name="x.xlsx",
            data=xlsx([MEMBER_HEADER, good_row(1)]),
        )
        # a refused import stored by an older version: purged whatever its age
        legacy = ImportJob.objects.create(
            kind="members",
            created_by=users.commune_staff,
            file="imports/2026/03/legacy.xlsx",
            file_name="legacy.xlsx",
            sha256="0" * 64,
            size=3,
            status=ImportStatus.REJECTED,
        )
        (media / "imports/2026/03/legacy.xlsx").write_bytes(b"087085000001")
        # a file no job names (an upload rolled back), a week old
        stray = media / "imports/2026/03/stray.xlsx"
        stray.write_bytes(b"087085000002")
        week_ago = (dt.datetime.now(tz=VN) - dt.timedelta(days=7)).timestamp()
        os.utime(stray, (week_ago, week_ago))
    stored = media / job.file.name
    assert stored.exists()

    with time_machine.travel(uploaded + dt.timedelta(days=29), tick=False):
        call_command("purge_imports", stdout=io.StringIO())
    assert stored.exists()
    legacy.refresh_from_db()
    assert not legacy.file and not (media / "imports/2026/03/legacy.xlsx").exists()

    with time_machine.travel(uploaded + dt.timedelta(days=31), tick=False):
        out = io.StringIO()
        call_command("purge_imports", stdout=out)
    assert not stored.exists() and "1 import files deleted" in out.getvalue()
    job.refresh_from_db()
    assert not job.file and job.status == ImportStatus.CHECKED and job.counts["create"] == 1
    entry = AuditEntry.objects.filter(object_id=str(job.pk), note="purged").get()
    assert entry.changes["file"][0].startswith("imports/") and entry.changes["file"][1] is None
    assert files_under(media) == []  # the stray file went too
    with translation.override("vi"), pytest.raises(ValidationError, match="đã bị xóa 30 ngày"):
        services.commit(job, by=users.commune_staff, mode=ImportMode.ALL_OR_NOTHING, decisions={})
    assert (
        login(users.commune_staff).get(reverse("imports:errors", args=[job.pk])).status_code == 404
    )


def test_a_csv_of_millions_of_empty_values_is_refused(tree: Tree, users: Users) -> None:
    data = ("Họ và tên,Số CCCD\n" + "," * 3_100_000 + "\n").encode()
    with translation.override("vi"):
        job = services.upload(by=users.commune_staff, kind="members", file_name="x.csv", data=data)
    assert job.status == ImportStatus.REJECTED and "3.000.000 ô" in job.message
