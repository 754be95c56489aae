"""Reading an uploaded roster safely: .xlsx (through python-calamine) or
.csv, with the checks that keep a bad upload from doing harm — size, a
password-protected or old-format workbook, a file that is no spreadsheet,
a compressed "bomb", too many rows or columns. Every refusal is a
FileRejected carrying a Vietnamese message."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and encrypted .xlsx
ZIP = b"PK\x03\x04"
MAX_COLUMNS = 80


class FileRejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Table:
    """The first sheet as rows of cell values; `first_row` is the sheet row
    number of `rows[0]` (the header), for messages "dòng 12"."""

    sheet: str
    rows: list[list[Any]]
    first_row: int = 1


def limits() -> tuple[int, int]:
    return (
        getattr(settings, "IMPORT_MAX_BYTES", 15 * 1024 * 1024),
        getattr(settings, "IMPORT_MAX_ROWS", 60_000),
    )


def read_table(data: bytes, file_name: str) -> Table:
    max_bytes, max_rows = limits()
    if len(data) > max_bytes:
        raise FileRejected(
            _(
                "The file is {size} MB; the limit is {limit} MB. Split it into smaller files."
            ).format(size=round(len(data) / 1024 / 1024, 1), limit=max_bytes // 1024 // 1024)
        )
    if not data:
        raise FileRejected(_("The file is empty."))
    name = file_name.lower()
    if data.startswith(OLE2):
        raise FileRejected(
            _(
                "The file is protected by a password or saved in the old Excel format (.xls). "
                "Remove the password and save it as an Excel workbook (.xlsx), then upload it again."
            )
        )
    if data.startswith(ZIP):
        table = _read_xlsx(data, max_rows)
    elif name.endswith(".csv") or name.endswith(".txt"):
        table = _read_csv(data)
    else:
        raise FileRejected(
            _("The file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file.")
        )
    rows, skipped = _trim(table.rows)
    table.first_row = skipped + 1
    if len(rows) - 1 > max_rows:
        raise FileRejected(
            _("The sheet has {n} rows; at most {limit} can be imported at once.").format(
                n=len(rows) - 1, limit=max_rows
            )
        )
    if rows and len(rows[0]) > MAX_COLUMNS:
        raise FileRejected(
            _("The sheet has {n} columns; a roster has at most {limit}.").format(
                n=len(rows[0]), limit=MAX_COLUMNS
            )
        )
    if len(rows) < 2:
        raise FileRejected(_("The sheet has no rows under its header."))
    table.rows = rows
    return table


def _read_xlsx(data: bytes, max_rows: int) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except zipfile.BadZipFile as exc:
        raise FileRejected(_("The workbook is damaged and cannot be read.")) from exc
    names = {e.filename for e in entries}
    if "xl/workbook.xml" not in names:
        raise FileRejected(
            _("The file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file.")
        )
    # A few kilobytes that inflate to gigabytes would exhaust the server.
    unpacked = sum(e.file_size for e in entries)
    packed = max(1, sum(e.compress_size for e in entries))
    if unpacked > 400 * 1024 * 1024 or unpacked / packed > 200:
        raise FileRejected(
            _("The workbook expands to an unreasonable size and was refused as unsafe.")
        )
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names_ = [n for n in book.sheet_names if n.strip().lower() not in ("ghi chú", "ghi chu")]
        sheet_name = names_[0] if names_ else book.sheet_names[0]
        sheet = book.get_sheet_by_name(sheet_name)
        rows = sheet.to_python(skip_empty_area=False, nrows=max_rows + 50)
    except Exception as exc:  # calamine raises its own error types
        raise FileRejected(_("The workbook is damaged and cannot be read.")) from exc
    return Table(sheet_name, [list(r) for r in rows])


def _read_csv(data: bytes) -> Table:
    for encoding in ("utf-8-sig", "cp1258"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileRejected(_("The CSV file is not in UTF-8: save it again as “CSV UTF-8”."))
    if "\x00" in text:
        raise FileRejected(
            _("The file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file.")
        )
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return Table("CSV", [list(r) for r in csv.reader(io.StringIO(text), dialect)])


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _trim(rows: list[list[Any]]) -> tuple[list[list[Any]], int]:
    """Drop leading and trailing empty rows and trailing empty columns;
    also say how many leading rows went."""
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    start = 0
    while start < len(rows) and all(_blank(v) for v in rows[start]):
        start += 1
    rows = rows[start:]
    width = 0
    for row in rows:
        for i in range(len(row) - 1, -1, -1):
            if not _blank(row[i]):
                width = max(width, i + 1)
                break
    return [(row + [None] * width)[:width] for row in rows], start
