"""Workbooks written for people (apps/common/xlsx.py): what a reader of the
file sees, for rows past the width sample too, from a one-pass iterator."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterator

from openpyxl import load_workbook

from apps.common.xlsx import WIDTH_SAMPLE, workbook


def _rows(n: int) -> Iterator[list[object]]:
    for i in range(n):
        yield [f"Nguyễn Văn {i}", datetime.date(1990, 1, 1 + i % 28), i % 2 == 0, None, "=1+1"]


def test_every_row_is_written_once_from_a_one_pass_iterator() -> None:
    n = WIDTH_SAMPLE * 2 + 7
    sheet = load_workbook(io.BytesIO(workbook("Danh sách", list("ABCDE"), _rows(n)))).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert len(values) == n + 1
    assert values[0] == ("A", "B", "C", "D", "E")
    assert values[-1][0] == f"Nguyễn Văn {n - 1}"


def test_dates_read_as_dates_text_never_as_a_formula_and_booleans_as_ticks() -> None:
    sheet = load_workbook(
        io.BytesIO(workbook("x" * 40, list("ABCDE"), _rows(WIDTH_SAMPLE + 3)))
    ).active
    assert sheet is not None
    assert sheet.title == "x" * 31
    for row in (2, WIDTH_SAMPLE + 3):
        date_cell = sheet.cell(row=row, column=2)
        assert isinstance(date_cell.value, datetime.datetime)
        assert date_cell.number_format == "DD/MM/YYYY"
        formula = sheet.cell(row=row, column=5)
        assert formula.value == "=1+1" and formula.data_type == "s"
        assert sheet.cell(row=row, column=4).value in (None, "")
    assert sheet.cell(row=2, column=3).value == "✓"
    assert sheet.cell(row=1, column=1).font.bold


def test_columns_are_as_wide_as_their_sampled_text_within_bounds() -> None:
    rows = [["ngắn", "x" * 120]]
    sheet = load_workbook(io.BytesIO(workbook("Rộng", ["Họ và tên đầy đủ", "B"], rows))).active
    assert sheet is not None
    assert sheet.column_dimensions["A"].width == len("Họ và tên đầy đủ") + 2
    assert sheet.column_dimensions["B"].width == 50
