"""The examples of issue 12, each a small file: implausible rows are
refused with every error of the row at once, never stored."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from apps.common.clock import VIETNAM
from apps.imports import services
from apps.members.models import Person
from tests.conftest import Tree, Users
from tests.imports.test_import import CANDIDATE_HEADER, MEMBER_HEADER, xlsx


@pytest.fixture(autouse=True)
def on_30_november_2026() -> Any:
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, tzinfo=VIETNAM), tick=False):
        yield


def member_row(
    i: int, born: str, admitted: str, ceremony: str, full: str, status: str = "Đảng viên chính thức"
) -> list[Any]:
    return [
        f"Trần Văn Số {i}",
        born,
        "Nam",
        f"08708000{i:04d}",
        "Kinh",
        "A1",
        status,
        admitted,
        ceremony,
        full,
        "",
    ]


def errors_of(
    tree: Tree, users: Users, kind: str, rows: list[list[Any]]
) -> dict[int, list[list[str]]]:
    header = MEMBER_HEADER if kind == "members" else [*CANDIDATE_HEADER]
    job = services.upload(
        by=users.commune_staff, kind=kind, file_name="x.xlsx", data=xlsx([header, *rows])
    )
    job.refresh_from_db()
    assert job.counts["create"] == 0, job.problems
    return {p["row"]: p["errors"] for p in job.problems}


def test_implausible_member_rows_are_refused(tree: Tree, users: Users) -> None:
    rows = [
        member_row(1, "01/01/1996", "19/05/2010", "02/06/2010", "02/06/2011"),  # admitted at 14
        member_row(
            2, "05/03/1980", "19/05/2010", "02/06/2010", "02/12/2010"
        ),  # full after 6 months
        member_row(3, "05/03/1980", "19/05/2026", "02/06/2026", "02/06/2027"),  # full in 2027
        member_row(4, "05/03/1980", "19/05/2030", "", "", "Đảng viên dự bị"),  # admitted in 2030
        member_row(5, "05/03/65", "19/05/2010", "02/06/2010", "02/06/2011"),  # two-digit year
    ]
    found = errors_of(tree, users, "members", rows)
    assert found[2] == [
        [
            "Ngày vào Đảng",
            "Ngày quyết định kết nạp “19/05/2010”: sinh ngày 01/01/1996, khi đó đảng viên mới 14 "
            "tuổi; chỉ kết nạp người từ đủ 18 tuổi (quy tắc E2). Hãy xem lại cả hai ngày.",
        ]
    ]
    assert found[3] == [
        [
            "Ngày chính thức",
            "Ngày chính thức “02/12/2010” ở trước ngày hết thời gian dự bị (02/06/2011, đủ 12 tháng "
            "từ 02/06/2010): đảng viên được công nhận chính thức từ ngày hết thời gian dự bị "
            "(quy tắc T3). Hãy xem lại ngày trong hồ sơ.",
        ]
    ]
    assert found[4] == [
        [
            "Ngày chính thức",
            "Ngày chính thức “02/06/2027” ở sau hôm nay (30/11/2026): việc đã xảy ra không thể mang "
            "ngày trong tương lai. Hãy xem lại ngày (nhất là năm).",
        ]
    ]
    assert [e[0] for e in found[5]] == ["Ngày vào Đảng"] and "19/05/2030" in found[5][0][1]
    # never "decision before birth": the year read is refused with both readings
    assert found[6] == [
        [
            "Ngày sinh",
            "“05/03/65”: năm chỉ có 2 chữ số. Hãy ghi đủ 4 chữ số theo hồ sơ: 05/03/1965 hay 05/03/2065?",
        ]
    ]
    assert not Person.objects.filter(citizen_id__startswith="08708000").exists()


def test_every_error_of_a_row_is_given_at_once(tree: Tree, users: Users) -> None:
    row = member_row(1, "1962", "19/05/2030", "02/06/2029", "02/06/2031")
    row[2] = "X"
    found = errors_of(tree, users, "members", [row])
    assert [column for column, _m in found[2]] == [
        "Ngày sinh",
        "Giới tính",
        "Ngày vào Đảng",
        "Ngày kết nạp",
        "Ngày chính thức",
        "Ngày kết nạp",
    ]


def candidate_row(i: int, born: str, opened: str) -> list[Any]:
    return [
        f"Lê Thị Số {i}",
        born,
        "Nữ",
        f"08720000{i:04d}",
        "A1",
        opened,
        "Đoàn Thanh niên",
        "",
        "",
    ]


def test_implausible_candidates_are_refused(tree: Tree, users: Users) -> None:
    rows = [
        candidate_row(1, "01/01/2000", "01/12/2027"),  # pool entry in the future
        candidate_row(2, "01/01/2027", "10/01/2026"),  # born in 2027
        candidate_row(3, "01/01/2015", "10/01/2026"),  # eleven years old
        candidate_row(4, "01/01/2000", "01/01/1999"),  # in the pool before birth
    ]
    found = errors_of(tree, users, "candidates", rows)
    assert "ở sau hôm nay (30/11/2026)" in found[2][0][1] and found[2][0][0] == "Ngày đưa vào nguồn"
    assert found[3][0] == [
        "Ngày sinh",
        "Ngày sinh “01/01/2027” không thể đúng: ngày sinh phải từ 01/01/1900 đến hôm nay "
        "(30/11/2026). Hãy xem lại trong hồ sơ.",
    ]
    assert found[4] == [
        [
            "Ngày đưa vào nguồn",
            "Ngày vào nguồn “10/01/2026”: sinh ngày 01/01/2015, khi đó người này mới 11 tuổi; "
            "nguồn phát triển đảng viên chỉ nhận người từ đủ 16 tuổi. Hãy xem lại cả hai ngày.",
        ]
    ]
    assert found[5] == [
        [
            "Ngày đưa vào nguồn",
            "Ngày vào nguồn “01/01/1999” ở trước ngày sinh (01/01/2000): phải sau ngày đó. "
            "Hãy xem lại cả hai ngày trong hồ sơ.",
        ]
    ]


def test_the_youngest_age_in_the_pool_is_a_setting(tree: Tree, users: Users, settings: Any) -> None:
    settings.CANDIDATE_MIN_AGE_YEARS = 18
    found = errors_of(tree, users, "candidates", [candidate_row(1, "01/01/2009", "10/01/2026")])
    assert "chỉ nhận người từ đủ 18 tuổi" in found[2][0][1]


def test_a_probationary_member_past_probation_is_flagged(tree: Tree, users: Users) -> None:
    rows = [member_row(7, "05/03/1980", "19/05/2019", "02/06/2019", "", "Đảng viên dự bị")]
    job = services.upload(
        by=users.commune_staff,
        kind="members",
        file_name="x.xlsx",
        data=xlsx([MEMBER_HEADER, *rows]),
    )
    job.refresh_from_db()
    assert job.counts["create"] == 1
    assert (
        "1 đảng viên dự bị trong tệp đã hết thời gian dự bị mà chưa được công nhận đảng viên "
        "chính thức."
    ) in job.notes
    (row,) = job.preview
    assert row["notes"] == [
        [
            "Đảng viên chính thức hay dự bị",
            "thời gian dự bị đã hết ngày 02/06/2020: việc công nhận đảng viên chính thức đã chậm "
            "77 tháng.",
        ]
    ]


def test_a_utf16_csv_is_read(tree: Tree, users: Users) -> None:
    text = (
        "Họ và tên\tNgày sinh\tGiới tính\tSố CCCD\tMã chi bộ\tĐảng viên chính thức hay dự bị\t"
        "Ngày vào Đảng\tNgày kết nạp\tNgày chính thức\n"
        "Võ Văn Tư\t05/03/1985\tNam\t087085000321\tA1\tĐảng viên chính thức\t19/05/2015\t"
        "02/06/2015\t02/06/2016\n"
    )
    job = services.upload(
        by=users.commune_staff, kind="members", file_name="ds.csv", data=text.encode("utf-16")
    )
    job.refresh_from_db()
    assert job.counts["create"] == 1, (job.message, job.problems)


def test_a_column_typed_month_first_makes_its_other_dates_questionable(
    tree: Tree, users: Users
) -> None:
    rows = [
        member_row(1, "12/25/1980", "19/05/2010", "02/06/2010", "02/06/2011"),
        member_row(2, "05/03/1981", "19/05/2010", "02/06/2010", "02/06/2011"),
        member_row(3, "25/03/1982", "19/05/2010", "02/06/2010", "02/06/2011"),  # day first: sure
        member_row(4, "04/04/1983", "19/05/2010", "02/06/2010", "02/06/2011"),  # same either way
    ]
    job = services.upload(
        by=users.commune_staff,
        kind="members",
        file_name="x.xlsx",
        data=xlsx([MEMBER_HEADER, *rows]),
    )
    job.refresh_from_db()
    found = {p["row"]: p["errors"] for p in job.problems}
    assert set(found) == {2, 3}
    assert found[3] == [
        [
            "Ngày sinh",
            "“05/03/1981” có thể là 05/03 hoặc 03/05: dòng 2 của cột này ghi tháng trước ngày. "
            "Hãy ghi mọi ngày trong cột theo thứ tự ngày trước, dạng dd/mm/yyyy.",
        ]
    ]
    assert job.counts["create"] == 2


def test_a_paper_case_voted_on_goes_through_the_rules_of_that_day(tree: Tree, users: Users) -> None:
    header = [
        *CANDIDATE_HEADER,
        "Số giấy chứng nhận",
        "Ngày bắt đầu làm hồ sơ",
        "Ngày chi bộ họp xét đề nghị kết nạp",
    ]
    stage = "Chi bộ đã có nghị quyết đề nghị kết nạp"

    def row(
        i: int, born: str, certificate: str = "01/03/2025", opened: str = "10/01/2025"
    ) -> list[Any]:
        return [
            *candidate_row(i, born, opened)[:7],
            stage,
            certificate,
            "12/GCN",
            "05/03/2025",
            "01/04/2025",
        ]

    rows = [
        row(1, "01/06/2008"),  # 16 at the vote
        row(2, "01/01/1962"),  # 63 at the vote, no consent in the file
        row(3, "01/01/2000", "01/03/2019", "10/01/2019"),  # certificate expired at the vote
        row(4, "01/01/2000"),
    ]
    job = services.upload(
        by=users.commune_staff, kind="candidates", file_name="x.xlsx", data=xlsx([header, *rows])
    )
    job.refresh_from_db()
    found = {p["row"]: p["errors"] for p in job.problems}
    assert set(found) == {2, 3, 4} and job.counts["create"] == 1, job.problems
    for number in (2, 3, 4):
        (error,) = found[number]
        assert error[0] == "Ngày chi bộ họp xét đề nghị kết nạp"
        assert error[1].startswith("Tại cuộc họp chi bộ xét kết nạp ngày 01/04/2025: "), error
    assert "Mới đủ 202 tháng tuổi vào ngày biểu quyết; cần tối thiểu 216 tháng" in found[2][0][1]
    assert "Quá tuổi quy định (759 tháng, tối đa 720)" in found[3][0][1]
    assert not Person.objects.filter(citizen_id__in=["087200000001", "087200000002"]).exists()
