"""The real rosters of tests/imports/cases/, each imported through the
import service with its exact outcome (docs/imports.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from apps.imports import services
from apps.imports.models import ImportMode, ImportStatus
from apps.members.models import Member, Person
from apps.members.selectors import members_in_scope, search_members
from apps.organizations.choices import CellCategory, OrgKind
from apps.organizations.models import Organization
from tests.conftest import Tree, Users, make_unit

CASES = Path(__file__).parent / "cases"


@pytest.fixture
def cell(tree: Tree) -> Organization:
    """The cell the case files name, in the commune staff's ward."""
    return make_unit("CL-P1-CB01", "Chi bộ Khóm 1", OrgKind.CELL, tree.ward_a, CellCategory.KHOM)


def upload(users: Users, name: str) -> Any:
    job = services.upload(
        by=users.commune_staff,
        kind="members",
        file_name=name,
        data=(CASES / name).read_bytes(),
    )
    job.refresh_from_db()
    return job


def commit(users: Users, job: Any) -> Any:
    job = services.commit(job, by=users.commune_staff, mode=ImportMode.ALL_OR_NOTHING, decisions={})
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.problems
    return job


def test_names_typed_in_tcvn3_and_vni_are_stored_as_unicode(
    cell: Organization, users: Users
) -> None:
    job = upload(users, "legacy_fonts_tcvn3_vni.xlsx")
    assert job.status == ImportStatus.CHECKED
    assert job.counts == {"create": 2, "update": 0, "skip": 0, "error": 0, "ask": 0}
    assert job.rows_total == 2
    converted = next(n for n in job.notes if "phông chữ cũ" in n)
    assert converted.startswith("4 ô được gõ bằng phông chữ cũ (TCVN3: 2, VNI: 2)")
    assert "dòng 2, Họ và tên: “NguyÔn V¨n Hïng” → “Nguyễn Văn Hùng”" in converted
    preview = {row["row"]: dict(row["values"]) for row in job.preview}
    assert preview[2]["Họ và tên"] == "Nguyễn Văn Hùng"
    assert preview[3]["Quê quán"] == "Cao Lãnh, Đồng Tháp"
    assert preview[2]["Ngày sinh"] == "01/01/1980"
    commit(users, job)
    tcvn3 = Person.objects.get(citizen_id="087080000211")
    vni = Person.objects.get(citizen_id="087082000212")
    for person in (tcvn3, vni):
        assert person.full_name == "Nguyễn Văn Hùng"  # NFC: one code point a letter
        assert person.full_name.encode() == "Nguy\u1ec5n V\u0103n H\u00f9ng".encode()
        assert person.hometown == "Cao Lãnh, Đồng Tháp"
    found = search_members(
        members_in_scope(users.commune_staff), "nguyen van hung", users.commune_staff
    )
    assert {m.person.citizen_id for m in found} == {"087080000211", "087082000212"}


def test_the_row_of_column_numbers_is_skipped(cell: Organization, users: Users) -> None:
    job = upload(users, "official_layout_number_row.xlsx")
    assert job.counts["create"] == 1 and job.counts["error"] == 0, job.problems
    assert job.rows_total == 1
    assert "Dòng 2 là dòng đánh số cột nên không được đọc." in job.notes
    commit(users, job)
    member = Member.objects.get(person__citizen_id="087084000213")
    assert member.person.full_name == "Lý Văn Mạnh" and member.organization == cell


def test_the_header_is_found_under_the_title_block(cell: Organization, users: Users) -> None:
    job = upload(users, "official_layout_title_block.xlsx")
    assert job.counts["create"] == 1 and job.counts["error"] == 0, job.problems
    assert job.rows_total == 1
    assert "Dòng tiêu đề cột là dòng 7; 4 dòng phía trên không được đọc." in job.notes
    commit(users, job)
    assert Member.objects.get(person__citizen_id="087187000214").person.full_name == "Lâm Thị Hoa"


def test_a_birth_year_alone_is_refused_never_stored_as_a_guess(
    cell: Organization, users: Users
) -> None:
    people = Person.objects.count()
    job = upload(users, "year_only_birth_dates.xlsx")
    assert job.counts == {"create": 0, "update": 0, "skip": 0, "error": 1, "ask": 0}
    (row,) = job.problems
    assert row["row"] == 2
    assert row["errors"] == [
        [
            "Ngày sinh",
            "“1961” chỉ là năm: hãy ghi đủ ngày sinh theo hồ sơ, dạng dd/mm/yyyy "
            "(ngày/tháng/1961). Không bao giờ tự đặt ra ngày từ một năm.",
        ]
    ]
    # the other values read are shown, the phone typed as a number keeps its 0
    values = dict(row["values"])
    assert values["Điện thoại"] == "0912000701" and values["Họ và tên"] == "Võ Văn Mười Một"
    assert ["Điện thoại", "số điện thoại 912000701 đã mất số 0 ở đầu: đọc là 0912000701."] in row[
        "notes"
    ]
    with pytest.raises(Exception, match="có lỗi"):
        services.commit(job, by=users.commune_staff, mode=ImportMode.ALL_OR_NOTHING, decisions={})
    services.commit(job, by=users.commune_staff, mode=ImportMode.VALID_ONLY, decisions={})
    assert Person.objects.count() == people
    assert not Person.objects.filter(citizen_id="087061000701").exists()


def test_the_preview_page_shows_the_values_read_and_filters_rows(
    cell: Organization, users: Users
) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.conftest import PASSWORD

    job = upload(users, "year_only_birth_dates.xlsx")
    client = Client()
    assert client.login(username=users.commune_staff.username, password=PASSWORD)
    page = client.get(reverse("imports:detail", args=[job.pk])).content.decode()
    assert "Võ Văn Mười Một" in page and "0912000701" in page and "19/05/2015" in page
    assert "“1961” chỉ là năm" in page
    read = page.split('id="read-rows"')[1]
    assert "“1961” chỉ là năm" in read and "Võ Văn Mười Một" in read
    ok_only = client.get(reverse("imports:detail", args=[job.pk]) + "?show=ok").content.decode()
    assert "Võ Văn Mười Một" not in ok_only.split('id="read-rows"')[1]


def test_the_errors_workbook_keeps_the_layout_and_gives_each_error_a_column(
    cell: Organization, users: Users
) -> None:
    """The official layout with a title block, a blank row in the middle and
    a row with three errors."""
    import io

    from openpyxl import load_workbook

    from tests.imports.test_import import MEMBER_HEADER, good_row, xlsx

    bad = good_row(2, cell="CL-P1-CB01")
    bad[1], bad[2], bad[7] = "1961", "X", "12/12/60"
    data = xlsx(
        [
            ["ĐẢNG BỘ PHƯỜNG AN HÒA"],
            ["DANH SÁCH ĐẢNG VIÊN"],
            MEMBER_HEADER,
            good_row(1, cell="CL-P1-CB01"),
            [None] * 11,
            bad,
        ]
    )
    job = services.upload(by=users.commune_staff, kind="members", file_name="x.xlsx", data=data)
    job.refresh_from_db()
    assert job.rows_total == 2 and job.counts["create"] == 1 and job.counts["error"] == 1
    (problem,) = job.problems
    assert problem["row"] == 6 and [e[0] for e in problem["errors"]] == [
        "Ngày sinh",
        "Giới tính",
        "Ngày vào Đảng",
    ]
    book = services.errors_workbook(job)
    rows = [[c.value for c in r] for r in load_workbook(io.BytesIO(book)).active.iter_rows()]
    assert rows[2][11:] == ["Lỗi", "Lỗi (2)", "Lỗi (3)"]
    assert rows[4] == [None] * 14  # the blank row stays in place
    assert rows[5][0] == bad[0] and rows[5][11].startswith("Ngày sinh: “1961” chỉ là năm")
    assert rows[5][13].startswith("Ngày vào Đảng: “12/12/60”")
