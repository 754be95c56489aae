"""Reading an uploaded roster safely: .xlsx (through python-calamine) or
.csv, with the checks that keep a bad upload from doing harm — size, a
password-protected or old-format workbook, a file that is no spreadsheet,
a compressed "bomb", too many rows or columns. Every refusal is a
FileRejected carrying a Vietnamese message."""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Generator
from dataclasses import dataclass, field
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
    """The first sheet that holds anything, as its non-blank rows of cell
    values; `numbers[i]` is the sheet row number of `rows[i]`, for messages
    "dòng 12" (fully blank rows are left out wherever they are)."""

    sheet: str
    rows: list[list[Any]]
    numbers: list[int] = field(default_factory=list)
    # How many rows the sheet has, read or not (for "the sheet has n rows").
    height: int = 0


def limits() -> tuple[int, int]:
    return (
        getattr(settings, "IMPORT_MAX_BYTES", 15 * 1024 * 1024),
        getattr(settings, "IMPORT_MAX_ROWS", 60_000),
    )


def max_cells() -> int:
    """The most cells a workbook part may hold, or span (setting
    IMPORT_MAX_CELLS)."""
    return int(getattr(settings, "IMPORT_MAX_CELLS", 3_000_000))


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
        table = _read_csv(data, max_rows)
    else:
        raise FileRejected(
            _("The file is not a spreadsheet: upload an Excel workbook (.xlsx) or a CSV file.")
        )
    rows, numbers = _trim(table.rows)
    # The header may sit under a title block of up to 19 rows (the engine
    # finds it and counts the rows under it again); the file is read up to
    # max_rows + 50 rows, and its real height is said.
    if len(rows) - 20 > max_rows:
        raise FileRejected(
            _("The sheet has {n} rows; at most {limit} can be imported at once.").format(
                n=_format_count(max(table.height, len(rows)) - 1), limit=_format_count(max_rows)
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
    table.rows, table.numbers = rows, numbers
    return table


def _format_count(n: int) -> str:
    """A count as Vietnamese write it: 250.000."""
    return f"{n:,}".replace(",", ".")


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
    # Within those bounds a 2 MB file can still hold tens of millions of
    # cells, and the parser keeps every cell of the sheet's rectangle in
    # memory: count them first, streaming, in constant memory.
    for entry in entries:
        if entry.filename.lower().endswith(".xml"):
            _check_cells(archive, entry)
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        names_ = [n for n in book.sheet_names if n.strip().lower() not in ("ghi chú", "ghi chu")]
        # The first sheet that holds anything (an empty cover sheet first
        # is common); the template's notes sheet is never the roster.
        for sheet_name in names_ or book.sheet_names[:1]:
            sheet = book.get_sheet_by_name(sheet_name)
            rows = sheet.to_python(skip_empty_area=False, nrows=max_rows + 50)
            if any(not _blank(v) for row in rows for v in row):
                break
        height = int(getattr(sheet, "height", 0) or 0)
    except Exception as exc:  # calamine raises its own error types
        raise FileRejected(_("The workbook is damaged and cannot be read.")) from exc
    return Table(sheet_name, [list(r) for r in rows], height=height)


_CHUNK = 1024 * 1024
_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
# Fast path: count the cell elements, and read the references of those
# written the common way (`<c r="B12"`, as Excel, LibreOffice and openpyxl
# write them); when the two counts differ (a prefix, a cell without a
# reference, an attribute before it) the part is read again element by
# element.
_PLAIN_CELL = re.compile(rb"<c[\s/>]")
_ANY_CELL = re.compile(_PREFIX + rb"c[\s/>]")
_CELL_REF = re.compile(rb'<c r="([A-Z]{1,3})(\d{1,7})"')
_SHARED_STRING = re.compile(_PREFIX + rb"si[\s/>]")
# Element by element: a row (`<row r="12">`), a cell (`<c r="B12">`) or a
# shared string (`<si>`); `_QUOTED` reads one again when a quoted attribute
# value holds a ">".
_ELEMENT = re.compile(_PREFIX + rb"(c|row|si)(?=[\s/>])([^>]*)>")
_QUOTED = re.compile(rb"""(?:[^>"']|"[^"]*"|'[^']*')*>""")
_ATTRIBUTE = re.compile(rb"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_REF = re.compile(rb"([A-Za-z]{0,3})(\d{0,7})")


class _Extent:
    """Cells counted so far in one workbook part and the rectangle they span."""

    def __init__(self) -> None:
        self.limit = max_cells()
        self.cells = self.strings = 0
        self.top = self.left = 1 << 62
        self.bottom = self.right = 0

    def add(self, cells: int, rows: tuple[int, int], columns: tuple[int, int]) -> None:
        self.cells += cells
        self.top, self.bottom = min(self.top, rows[0]), max(self.bottom, rows[1])
        self.left, self.right = min(self.left, columns[0]), max(self.right, columns[1])

    def check(self) -> None:
        spread = 0
        if self.bottom >= self.top and self.right >= self.left:
            spread = (self.bottom - self.top + 1) * (self.right - self.left + 1)
        if max(self.cells, self.strings, spread) > self.limit:
            raise _too_many_cells(self.limit)


def _too_many_cells(limit: int) -> FileRejected:
    return FileRejected(
        _(
            "The workbook holds or spans more than {limit} cells, more than a roster "
            "needs (a small file can hold millions of cells). Copy only the roster's rows "
            "and columns into a new workbook, or split it into smaller files, then upload "
            "it again."
        ).format(limit=f"{limit:,}".replace(",", "."))
    )


def _pieces(
    archive: zipfile.ZipFile, entry: zipfile.ZipInfo
) -> Generator[tuple[bytes, int], int | None, None]:
    """The inflated part as (text, cut) pieces of about 1 MB; no element
    crosses `cut`, and the text after it starts the next piece."""
    carry = b""
    try:
        with archive.open(entry) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                data = carry + chunk
                # Elements never hold "<": cut before the last one, which may
                # continue in the next piece.
                cut = data.rfind(b"<") if chunk else len(data)
                cut = len(data) if cut < 0 else cut
                resume = yield data, cut
                carry = data[cut if resume is None else resume :]
                if len(carry) > _CHUNK:  # one element of over a megabyte
                    raise FileRejected(
                        _("The workbook expands to an unreasonable size and was refused as unsafe.")
                    )
                if not chunk:
                    return
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise FileRejected(_("The workbook is damaged and cannot be read.")) from exc


def _check_cells(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """Refuse a workbook part that holds more than max_cells() cells or
    shared strings, or whose cells span a rectangle of more than max_cells()
    (the parser fills the rectangle: two cells at A1 and XFD1048576 would
    cost it 17 billion). Reads the part in 1 MB pieces, in constant memory;
    formatted empty cells count too."""
    extent = _Extent()
    plain = True  # every cell so far reads `<c r="B12"`
    for data, cut in _pieces(archive, entry):
        if b"si" in data:
            extent.strings += len(_SHARED_STRING.findall(data, 0, cut))
        # "<c" also starts "<col", "<cfRule"…: an upper bound, exact for a
        # piece of sheet data, made exact when it disagrees.
        cells = data.count(b"<c", 0, cut)
        refs = _CELL_REF.findall(data, 0, cut) if plain else []
        if b":c" in data:
            cells += len(_ANY_CELL.findall(data, 0, cut)) - len(_PLAIN_CELL.findall(data, 0, cut))
        if plain and cells != len(refs):
            cells = len(_ANY_CELL.findall(data, 0, cut))
            plain = cells == len(refs)
        extent.cells += cells
        if plain and refs:
            columns = [_column_number(c) for c in {r[0] for r in refs}]
            rows = [int(n) for n in {r[1] for r in refs}]
            extent.add(0, (min(rows), max(rows)), (min(columns), max(columns)))
        extent.check()
    if not plain:
        _check_cells_exactly(archive, entry)


def _check_cells_exactly(archive: zipfile.ZipFile, entry: zipfile.ZipInfo) -> None:
    """`_check_cells` element by element, for parts whose cells do not all
    carry a plain reference (their place follows from the cell before)."""
    extent = _Extent()
    row = col = 0
    pieces = _pieces(archive, entry)
    resume: int | None = None
    try:
        data, cut = next(pieces)
        while True:
            position, resume = 0, None
            while match := _ELEMENT.search(data, position, cut):
                name, attributes = match.group(1), match.group(2)
                position = match.end()
                if attributes.count(b'"') % 2 or attributes.count(b"'") % 2:
                    quoted = _QUOTED.match(data, match.start(2), cut)
                    if quoted is None:
                        resume = match.start()  # read it again with the next piece
                        break
                    attributes, position = data[match.start(2) : quoted.end()], quoted.end()
                if name == b"si":
                    extent.strings += 1
                    continue
                letters, digits = _reference(attributes)
                if name == b"row":
                    row = int(digits) if digits else row + 1
                    col = 0
                    continue
                col = _column_number(letters) if letters else col + 1
                if digits:
                    row = int(digits)
                extent.add(1, (row, row), (col, col))
            extent.check()
            data, cut = pieces.send(resume)
    except StopIteration:
        return


def _reference(attributes: bytes) -> tuple[bytes, bytes]:
    """The column letters and row digits of an element's `r` attribute
    (either may be empty). A reference written any other way (an entity, a
    range) is refused: the parser could read it differently."""
    for name, double, single in _ATTRIBUTE.findall(attributes):
        if name == b"r":
            ref = _REF.fullmatch(double or single)
            if ref is None:
                raise FileRejected(
                    _("The workbook expands to an unreasonable size and was refused as unsafe.")
                )
            return ref.group(1), ref.group(2)
    return b"", b""


def _column_number(letters: bytes) -> int:
    """Excel's column letters as a number: A → 1, Z → 26, AA → 27."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


def _read_csv(data: bytes, max_rows: int) -> Table:
    # Excel's "Unicode text" is UTF-16 with a byte-order mark.
    encodings = ("utf-16",) if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ()
    for encoding in (*encodings, "utf-8-sig", "cp1258"):
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
    # Like a workbook's, the rows read are bounded: a file of commas or of
    # empty lines would otherwise become millions of values in memory.
    rows: list[list[Any]] = []
    cells, limit, height = 0, max_cells(), 0
    for row in csv.reader(io.StringIO(text), dialect):
        cells += max(1, len(row))
        if cells > limit:
            raise _too_many_cells(limit)
        height += 1
        if len(rows) <= max_rows + 50:
            rows.append(list(row))
    return Table("CSV", rows, height=height)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _trim(rows: list[list[Any]]) -> tuple[list[list[Any]], list[int]]:
    """Drop the fully blank rows, wherever they are, and trailing empty
    columns; also give the sheet row number of each row kept."""
    kept = [(i + 1, row) for i, row in enumerate(rows) if not all(_blank(v) for v in row)]
    numbers = [n for n, _row in kept]
    rows = [row for _n, row in kept]
    width = 0
    for row in rows:
        for i in range(len(row) - 1, -1, -1):
            if not _blank(row[i]):
                width = max(width, i + 1)
                break
    return [(row + [None] * width)[:width] for row in rows], numbers
