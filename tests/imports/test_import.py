"""Importing rosters: a realistic 2 000-row file with the mistakes real
files have, every error reported at its row and column, and nothing
written by a refused or failed import."""

import datetime as dt
import io
import unicodedata
import zipfile
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from apps.admissions.choices import Stage
from apps.admissions.models import Case
from apps.audit.models import AuditEntry
from apps.imports import services
from apps.imports.models import ImportJob, ImportMode, ImportStatus
from apps.members.models import Member, Person
from apps.members.services import update_member
from apps.organizations.models import Organization
from tests.conftest import PASSWORD, Tree, Users, make_member

D = dt.date
MEMBER_HEADER = [
    "Họ và tên *",
    "Ngày sinh (dd/mm/yyyy)",
    "Giới tính",
    "Số CCCD",
    "Dân tộc",
    "Mã chi bộ",
    "Đảng viên chính thức hay dự bị",
    "Ngày vào Đảng",
    "Ngày kết nạp",
    "Ngày chính thức",
    "Số thẻ đảng viên",
]

# The first columns of every candidates file in these tests.
CANDIDATE_HEADER = [
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Mã chi bộ",
    "Ngày đưa vào nguồn",
    "Đoàn thể giới thiệu",
    "Bước hiện nay",
    "Ngày cấp giấy chứng nhận nhận thức về Đảng",
]


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def good_row(i: int, cell: str = "A1") -> list[Any]:
    return [
        f"Nguyễn Văn Số {i}",
        "05/03/1980",
        "Nam",
        f"0870{i:08d}",
        "Kinh",
        cell,
        "Đảng viên chính thức",
        "19/05/2010",
        "02/06/2010",
        "02/06/2011",
        "",
    ]


@pytest.fixture
def roster(tree: Tree) -> tuple[bytes, dict[str, int]]:
    """2 000 rows: mostly good, with a dozen kinds of mistakes at known rows
    (sheet row = index + 2)."""
    existing = make_member(
        tree.cell_a1, "Trần Văn Cũ", born=D(1980, 3, 5), citizen_id="087090000001"
    )
    make_member(tree.cell_a2, "Lê Thị Trùng", born=D(1990, 1, 1), citizen_id="087090000002")
    rows = [good_row(i) for i in range(2000)]
    where: dict[str, int] = {}

    def put(name: str, i: int, row: list[Any]) -> None:
        rows[i] = row
        where[name] = i + 2

    nfd = unicodedata.normalize("NFD", "Phạm Thị Hương")
    put("nfd", 10, [nfd, *good_row(10)[1:]])
    put("serial", 11, [good_row(11)[0], 29285, *good_row(11)[2:]])  # 05/03/1980
    put("datecell", 12, [good_row(12)[0], dt.datetime(1981, 7, 9), *good_row(12)[2:]])
    put("upper", 13, ["  NGUYỄN   THỊ  HOA ", *good_row(13)[1:]])
    lost_zero = good_row(14)
    lost_zero[3] = 87000000014  # typed as a number: the leading 0 is gone
    put("lost_zero", 14, lost_zero)
    dup = good_row(15)
    dup[3] = good_row(20)[3]
    put("dup_cccd", 20, good_row(20))
    put("dup_cccd_second", 25, dup)
    upd = good_row(30)
    upd[0], upd[3], upd[10] = "Trần Văn Cũ", existing.person.citizen_id, "82000777"
    put("update", 30, upd)
    put("out_of_scope", 40, good_row(40, cell="B1"))
    bad_date = good_row(50)
    bad_date[1] = "31/02/1990"
    put("bad_date", 50, bad_date)
    bad_gender = good_row(60)
    bad_gender[2] = "X"
    put("bad_gender", 60, bad_gender)
    no_name = good_row(70)
    no_name[0] = ""
    put("no_name", 70, no_name)
    short_id = good_row(80)
    short_id[3] = "0870123"
    put("short_id", 80, short_id)
    early = good_row(90)
    early[8] = "01/01/2009"  # ceremony before the decision
    put("ceremony_before", 90, early)
    twin = ["Lê Thị Trùng", "01/01/1990", "Nữ", "087090009999", *good_row(99)[4:]]
    put("namesake", 99, twin)
    card_text = good_row(100)
    card_text[10] = "82000100"
    put("card_text", 100, card_text)
    header = [*MEMBER_HEADER, "Ghi chú riêng"]
    body = [[*r, ""] for r in rows]
    return xlsx([header, *body, [None] * 12, [None] * 12]), where


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def problems_by_row(job: ImportJob) -> dict[int, dict[str, Any]]:
    return {p["row"]: p for p in job.problems}


def test_a_2000_row_roster_is_checked_row_by_row(
    tree: Tree, users: Users, roster: tuple[bytes, dict[str, int]]
) -> None:
    data, at = roster
    members, audits = Member.objects.count(), AuditEntry.objects.count()
    job = services.upload(
        by=users.commune_staff, kind="members", file_name="so-dang-vien.xlsx", data=data
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.rows_total == 2000
    assert Member.objects.count() == members  # a dry run writes nothing
    assert AuditEntry.objects.count() == audits + 2  # the job itself: upload and check
    p = problems_by_row(job)

    def errors(name: str) -> list[list[str]]:
        return p[at[name]]["errors"]

    assert errors("dup_cccd_second") == [["Số CCCD", "Số CCCD này đã có ở dòng 22 của tệp."]]
    assert errors("out_of_scope") == [
        ["Mã chi bộ", "Không có chi bộ mã “B1” trong phạm vi của bạn."]
    ]
    assert errors("bad_date")[0][0] == "Ngày sinh" and "31/02/1990" in errors("bad_date")[0][1]
    assert errors("bad_gender")[0][0] == "Giới tính" and "“X”" in errors("bad_gender")[0][1]
    assert errors("no_name") == [["Họ và tên", "Cột này phải có giá trị."]]
    assert errors("short_id")[0] == ["Số CCCD", "Số CCCD phải gồm đúng 12 chữ số."]
    assert errors("ceremony_before")[0][0] == "Ngày kết nạp"
    assert p[at["namesake"]]["action"] == "ask" and "Lê Thị Trùng" in p[at["namesake"]]["question"]
    for fine in (
        "nfd",
        "serial",
        "datecell",
        "upper",
        "lost_zero",
        "update",
        "card_text",
        "dup_cccd",
    ):
        assert at[fine] not in p, fine
    assert job.counts == {"create": 1991, "update": 1, "skip": 0, "error": 7, "ask": 1}
    assert job.notes == ["Cột “Ghi chú riêng” không có trong mẫu nên không được đọc."]


def test_an_all_or_nothing_commit_is_refused_while_rows_have_errors(
    tree: Tree, users: Users, roster: tuple[bytes, dict[str, int]]
) -> None:
    data, at = roster
    job = services.upload(by=users.commune_staff, kind="members", file_name="x.xlsx", data=data)
    job.refresh_from_db()
    before = Member.objects.count()
    with pytest.raises(ValidationError, match="dòng"):
        services.commit(job, by=users.commune_staff, mode=ImportMode.VALID_ONLY, decisions={})
    with pytest.raises(ValidationError, match="có lỗi"):
        services.commit(
            job,
            by=users.commune_staff,
            mode=ImportMode.ALL_OR_NOTHING,
            decisions={str(at["namesake"]): "create"},
        )
    assert Member.objects.count() == before


def test_a_valid_rows_commit_writes_them_and_leaves_the_rest_out(
    tree: Tree, users: Users, roster: tuple[bytes, dict[str, int]]
) -> None:
    data, at = roster
    job = services.upload(by=users.commune_staff, kind="members", file_name="x.xlsx", data=data)
    job.refresh_from_db()
    before = Member.objects.count()
    job = services.commit(
        job,
        by=users.commune_staff,
        mode=ImportMode.VALID_ONLY,
        decisions={str(at["namesake"]): "skip"},
    )
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert job.counts == {"create": 1991, "update": 1, "skip": 1, "error": 7, "ask": 0}
    assert Member.objects.count() == before + 1991
    hoa = Person.objects.get(citizen_id=good_row(13)[3])
    assert hoa.full_name == "Nguyễn Thị Hoa"
    huong = Person.objects.get(citizen_id=good_row(10)[3])
    assert huong.full_name == unicodedata.normalize("NFC", "Phạm Thị Hương")
    assert Person.objects.get(citizen_id=good_row(11)[3]).date_of_birth == D(1980, 3, 5)
    assert Person.objects.get(citizen_id=good_row(12)[3]).date_of_birth == D(1981, 7, 9)
    assert Person.objects.filter(citizen_id="087000000014").exists()
    assert Member.objects.get(person__citizen_id="087090000001").card_number == "82000777"
    assert not Person.objects.filter(citizen_id="087090009999").exists()  # left out
    assert not Person.objects.filter(citizen_id=good_row(40)[3]).exists()  # out of scope
    # every write is in the audit log, under the importing user
    assert AuditEntry.objects.filter(actor=users.commune_staff, action="create").count() >= 2 * 1991


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("photo.xlsx", b"\x89PNG\r\n\x1a\n" + b"0" * 100, "không phải là bảng tính"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "mật khẩu"),
        ("empty.csv", b"", "Tệp trống"),
    ],
)
def test_files_that_are_not_rosters_are_refused_with_a_reason(
    tree: Tree, users: Users, name: str, data: bytes, message: str
) -> None:
    people = Person.objects.count()
    job = services.upload(by=users.commune_staff, kind="members", file_name=name, data=data)
    assert job.status == ImportStatus.REJECTED and message in job.message
    assert Person.objects.count() == people


def test_a_spreadsheet_bomb_and_an_oversized_file_are_refused(
    tree: Tree, users: Users, settings: Any
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", "0" * 60_000_000)
    job = services.upload(
        by=users.commune_staff, kind="members", file_name="bomb.xlsx", data=buffer.getvalue()
    )
    assert job.status == ImportStatus.REJECTED and "không an toàn" in job.message
    settings.IMPORT_MAX_BYTES = 1000
    job = services.upload(
        by=users.commune_staff,
        kind="members",
        file_name="big.xlsx",
        data=xlsx([MEMBER_HEADER] * 200),
    )
    assert job.status == ImportStatus.REJECTED and "giới hạn" in job.message


def test_a_file_without_the_required_columns_is_refused(tree: Tree, users: Users) -> None:
    job = services.upload(
        by=users.commune_staff,
        kind="members",
        file_name="x.xlsx",
        data=xlsx([["Họ tên", "Ngày sinh"], ["An", "01/01/1990"]]),
    )
    assert job.status == ImportStatus.REJECTED
    assert "Số CCCD" in job.message and "Mã chi bộ" in job.message


def test_a_csv_with_semicolons_and_headers_in_any_case_is_read(tree: Tree, users: Users) -> None:
    text = (
        "HỌ VÀ TÊN;ngay sinh;GIOI TINH;so cccd;ma chi bo;dang vien chinh thuc hay du bi;ngay vao dang;ngay chinh thuc\n"
        "Võ Văn Tư;5/3/1985;nam;087085000321;A2;Đảng viên dự bị;01/10/2026;\n"
    )
    job = services.upload(
        by=users.commune_staff, kind="members", file_name="ds.csv", data=text.encode("utf-8-sig")
    )
    job.refresh_from_db()
    assert job.counts["create"] == 1, job.problems
    services.commit(job, by=users.commune_staff, mode=ImportMode.ALL_OR_NOTHING, decisions={})
    member = Member.objects.get(person__citizen_id="087085000321")
    assert member.organization == tree.cell_a2 and member.status == "probationary"


def test_candidates_are_imported_at_their_current_stage(tree: Tree, users: Users) -> None:
    header = [
        *CANDIDATE_HEADER,
        "Số giấy chứng nhận",
        "Ngày bắt đầu làm hồ sơ",
    ]
    rows = [
        [
            "Đinh Thị Lan",
            "02/02/2000",
            "Nữ",
            "087200000001",
            "A1",
            "10/01/2026",
            "Đoàn Thanh niên",
            "",
            "",
            "",
            "",
        ],
        [
            "Mai Văn Phúc",
            "03/03/1999",
            "Nam",
            "087199000002",
            "A1",
            "10/01/2026",
            "Đoàn Thanh niên",
            "Đang hoàn thiện hồ sơ",
            "20/03/2026",
            "15/GCN",
            "01/04/2026",
        ],
        [
            "Cao Văn Sơn",
            "04/04/1998",
            "Nam",
            "087198000003",
            "A1",
            "10/01/2026",
            "Đoàn Thanh niên",
            "Đã học lớp bồi dưỡng nhận thức",
            "",
            "",
            "",
        ],
    ]
    job = services.upload(
        by=users.commune_staff,
        kind="candidates",
        file_name="nguon.xlsx",
        data=xlsx([header, *rows]),
    )
    job.refresh_from_db()
    assert job.counts["create"] == 2 and job.counts["error"] == 1, job.problems
    assert job.problems[0]["row"] == 4
    services.commit(job, by=users.commune_staff, mode=ImportMode.VALID_ONLY, decisions={})
    assert Case.objects.get(person__citizen_id="087200000001").stage == Stage.CANDIDATE
    phuc = Case.objects.get(person__citizen_id="087199000002")
    assert (phuc.stage, phuc.certificate_on) == (Stage.DOSSIER, D(2026, 3, 20))


def test_units_are_imported_in_order_within_scope(tree: Tree, users: Users) -> None:
    header = [
        "Mã đơn vị",
        "Tên đơn vị",
        "Loại tổ chức",
        "Loại hình chi bộ",
        "Mã đơn vị cấp trên",
        "Ngày thành lập",
    ]
    rows = [
        ["A3", "Chi bộ Khóm 3", "Chi bộ", "Khóm", "A", "01/07/2025"],
        ["B9", "Chi bộ Ấp 9", "Chi bộ", "Ấp", "B", "01/07/2025"],
        ["A1", "Chi bộ Khóm 1", "Chi bộ", "Khóm", "A", "01/07/2025"],
    ]
    job = services.upload(
        by=users.commune_staff, kind="units", file_name="cb.xlsx", data=xlsx([header, *rows])
    )
    job.refresh_from_db()
    assert job.counts == {"create": 1, "update": 0, "skip": 1, "error": 1, "ask": 0}
    services.commit(job, by=users.commune_staff, mode=ImportMode.VALID_ONLY, decisions={})
    assert Organization.objects.get(code="A3").parent == tree.ward_a


def test_the_template_explains_every_column(tree: Tree, users: Users) -> None:
    response = login(users.commune_staff).get(reverse("imports:template", args=["members"]))
    book = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book["Danh sách"][1]]
    assert "Họ và tên *" in header and "Số CCCD *" in header
    notes = [[c.value for c in r] for r in book["Ghi chú"].iter_rows()]
    gender = next(r for r in notes if r[0] == "Giới tính")
    assert gender[3] == "Nam; Nữ"


def test_the_errors_come_back_as_the_sheet_with_an_error_column(
    tree: Tree, users: Users, roster: tuple[bytes, dict[str, int]]
) -> None:
    data, at = roster
    client = login(users.commune_staff)
    job = services.upload(by=users.commune_staff, kind="members", file_name="x.xlsx", data=data)
    response = client.get(reverse("imports:errors", args=[job.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[0][-1] == "Lỗi"
    assert (
        rows[at["out_of_scope"] - 1][-1]
        == "Mã chi bộ: Không có chi bộ mã “B1” trong phạm vi của bạn."
    )
    assert rows[1][-1] in (None, "")


def test_imports_answer_the_scope_matrix(tree: Tree, users: Users) -> None:
    url = reverse("imports:list")
    assert Client().get(url).status_code == 302
    assert login(users.auditor).get(url).status_code == 403
    assert login(users.cell_secretary).get(url).status_code == 200
    job = services.upload(
        by=users.commune_staff, kind="members", file_name="x.csv", data=b"a,b\n1,2\n"
    )
    assert login(users.outsider).get(reverse("imports:detail", args=[job.pk])).status_code == 404
    assert (
        login(users.commune_staff).get(reverse("imports:detail", args=[job.pk])).status_code == 200
    )


def test_a_large_file_is_checked_and_written_in_the_background(
    transactional_db: None, tree: Tree, users: Users, settings: Any
) -> None:
    settings.IMPORT_BACKGROUND_ROWS = 10
    settings.IMPORT_JOIN_THREADS = True
    data = xlsx([MEMBER_HEADER, *[good_row(i) for i in range(40)]])
    job = services.upload(by=users.commune_staff, kind="members", file_name="big.xlsx", data=data)
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.counts["create"] == 40
    assert services.progress(job.pk) == (40, 40)
    services.commit(job, by=users.commune_staff, mode=ImportMode.ALL_OR_NOTHING, decisions={})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE
    assert Member.objects.filter(organization=tree.cell_a1).count() == 40


def test_cases_kept_on_paper_are_imported_up_to_probation(tree: Tree, users: Users) -> None:
    header = [
        *CANDIDATE_HEADER,
        "Ngày chi bộ họp xét đề nghị kết nạp",
        "Ngày nghị quyết của đảng ủy cơ sở",
        "Ngày quyết định kết nạp",
        "Số quyết định kết nạp",
        "Ngày chi bộ nhận quyết định",
        "Ngày tổ chức lễ kết nạp",
    ]
    rows = [
        [
            "Tô Thị Một",
            "01/01/1999",
            "Nữ",
            "087199000101",
            "A1",
            "10/01/2025",
            "Đoàn Thanh niên",
            "Đảng ủy cơ sở đã có nghị quyết",
            "01/03/2025",
            "10/04/2025",
            "20/04/2025",
            "",
            "",
            "",
            "",
        ],
        [
            "Tô Thị Hai",
            "02/02/1999",
            "Nữ",
            "087199000102",
            "A1",
            "10/01/2025",
            "Đoàn Thanh niên",
            "Đảng viên dự bị",
            "01/03/2025",
            "10/04/2025",
            "20/04/2025",
            "05/05/2025",
            "45-QĐ/ĐU",
            "07/05/2025",
            "20/05/2025",
        ],
        [
            "Tô Thị Ba",
            "03/03/1999",
            "Nữ",
            "087199000103",
            "A1",
            "10/01/2025",
            "Đoàn Thanh niên",
            "Đã có quyết định kết nạp",
            "01/03/2025",
            "10/04/2025",
            "20/04/2025",
            "15/04/2025",
            "46-QĐ/ĐU",
            "",
            "",
        ],
        [
            "Tô Thị Bốn",
            "04/04/1999",
            "Nữ",
            "087199000104",
            "A1",
            "10/01/2025",
            "Đoàn Thanh niên",
            "Đảng viên dự bị",
            "01/03/2025",
            "10/04/2025",
            "",
            "",
            "",
            "",
            "",
        ],
    ]
    job = services.upload(
        by=users.commune_staff,
        kind="candidates",
        file_name="dang-lam.xlsx",
        data=xlsx([header, *rows]),
    )
    job.refresh_from_db()
    assert job.counts["create"] == 2, job.problems
    problems = problems_by_row(job)
    assert (
        problems[4]["errors"][0][0] == "Ngày quyết định kết nạp"
    )  # before the committee's resolution
    assert problems[5]["errors"][0] == [
        "Ngày nghị quyết của đảng ủy cơ sở",
        "Hồ sơ ở bước “Đảng viên dự bị” cần có ngày này.",
    ]
    services.commit(job, by=users.commune_staff, mode=ImportMode.VALID_ONLY, decisions={})
    one = Case.objects.get(person__citizen_id="087199000101")
    assert (one.stage, one.committee_resolution_on) == (Stage.COMMITTEE_RESOLVED, D(2025, 4, 20))
    two = Case.objects.get(person__citizen_id="087199000102")
    assert two.stage == Stage.PROBATIONARY and two.decision_number == "45-QĐ/ĐU"
    member = Member.objects.get(person__citizen_id="087199000102")
    assert (member.status, member.admitted_on, member.ceremony_on) == (
        "probationary",
        D(2025, 5, 5),
        D(2025, 5, 20),
    )
    assert two.steps.filter(note="Ghi nhận từ hồ sơ giấy.").count() == 6


def test_a_commit_that_meets_a_new_error_writes_nothing(tree: Tree, users: Users) -> None:
    """Between the preview and the commit someone records a member with the
    same card number: the all-or-nothing commit finds it and keeps every row
    out, the ones before it included."""
    rows = [good_row(i) for i in range(5)]
    rows[3][10] = "82000999"
    job = services.upload(
        by=users.commune_staff,
        kind="members",
        file_name="x.xlsx",
        data=xlsx([MEMBER_HEADER, *rows]),
    )
    job.refresh_from_db()
    assert job.counts["create"] == 5
    other = make_member(tree.cell_a2, "Người Khác", citizen_id="087099999999")
    update_member(other, by="test", person_changes={}, member_changes={"card_number": "82000999"})
    before, audits = Member.objects.count(), AuditEntry.objects.count()
    services.commit(job, by=users.commune_staff, mode=ImportMode.ALL_OR_NOTHING, decisions={})
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED
    assert problems_by_row(job)[5]["errors"][0][0] == "Số thẻ đảng viên"
    assert Member.objects.count() == before
    assert AuditEntry.objects.count() == audits + 2  # only the job's own entries


def test_an_import_interrupted_by_a_restart_is_resumed(
    tree: Tree, users: Users, settings: Any
) -> None:
    from django.core.management import call_command

    settings.IMPORT_BACKGROUND_ROWS = 2  # the thread never starts: nothing commits in a test
    job = services.upload(
        by=users.commune_staff,
        kind="members",
        file_name="x.xlsx",
        data=xlsx([MEMBER_HEADER, *[good_row(i) for i in range(4)]]),
    )
    assert job.status == ImportStatus.CHECKING
    call_command("resume_imports", stdout=io.StringIO())
    job.refresh_from_db()
    assert job.status == ImportStatus.CHECKED and job.counts["create"] == 4


def test_lookups_of_a_large_file_run_in_slices(
    tree: Tree, users: Users, roster: tuple[bytes, dict[str, int]], monkeypatch: Any
) -> None:
    from apps.members import selectors

    monkeypatch.setattr(selectors, "LOOKUP_CHUNK", 7)
    data, at = roster
    job = services.upload(by=users.commune_staff, kind="members", file_name="x.xlsx", data=data)
    assert job.counts == {"create": 1991, "update": 1, "skip": 0, "error": 7, "ask": 1}
    assert problems_by_row(job)[at["namesake"]]["action"] == "ask"
