"""Excel files written for people: numbers as numbers, dates as dates, and
text that can never be read as a formula (a cell starting with = + - @ stays
text), so an export never carries one."""

from __future__ import annotations

import datetime
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@")


def keep_text(cells: Iterable[Any]) -> None:
    """Store text that starts like a formula (= + - @) as text, so a file
    written from people's input can never carry a formula."""
    for cell in cells:
        if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
            cell.data_type = "s"


def workbook(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    keep_text(sheet[1])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_value(v) for v in row])
        keep_text(sheet[sheet.max_row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, datetime.date):
                cell.number_format = "DD/MM/YYYY"
    for column in sheet.columns:
        width = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(max(width + 2, 8), 50)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


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
