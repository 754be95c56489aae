"""Excel files written for people: numbers as numbers, dates as dates, and
text that can never be read as a formula (a cell starting with = + - @ stays
text), so an export never carries one."""

from __future__ import annotations

import datetime
import io
import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@")


def keep_text(cells: Iterable[Any]) -> None:
    """Store text that starts like a formula (= + - @) as text, so a file
    written from people's input can never carry a formula."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"


# Column widths come from the header and the first rows, since a
# write-only sheet fixes them before any row is written.
WIDTH_SAMPLE = 200


def workbook(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet: a bold `header`, then `rows` (dates shown dd/mm/yyyy,
    booleans as ✓, None as blank, formula-like text kept as text).

    Written with openpyxl's write-only mode, row by row from the iterable,
    so time is linear in the rows and memory holds only WIDTH_SAMPLE of
    them (issue "province scale": the old sheet re-read every row on each
    append, quadratic). Returns the file's bytes."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    rows = iter(rows)
    sample = [list(map(_value, row)) for row in itertools.islice(rows, WIDTH_SAMPLE)]
    for index, label in enumerate(header):
        width = max([len(str(label)), *(len(_shown(r[index])) for r in sample if index < len(r))])
        sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(width + 2, 8), 50)
    bold = Font(bold=True)
    sheet.append([_cell(sheet, label, bold) for label in header])
    for row in itertools.chain(sample, (list(map(_value, r)) for r in rows)):
        sheet.append([_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _cell(sheet: Any, value: Any, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    elif isinstance(value, datetime.date):
        cell.number_format = "DD/MM/YYYY"
    if font is not None:
        cell.font = font
    return cell


def _shown(value: Any) -> str:
    if isinstance(value, datetime.date):
        return "dd/mm/yyyy"
    return str(value)


def _value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else ""
    return value


def xlsx_response(
    file_name: str, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Any:
    """A list page's current view as a downloaded workbook."""
    from django.http import HttpResponse

    response = HttpResponse(
        workbook(title, header, rows),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{file_name}.xlsx"'
    return response
