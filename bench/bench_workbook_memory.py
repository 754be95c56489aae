"""Benchmark: the peak memory of reading an uploaded workbook that is small
on the wire but expands to many cells (security issue #11, finding 6).

    python bench/bench_workbook_memory.py              # the 2 MB hostile file and a legitimate roster
    python bench/bench_workbook_memory.py --rows 60000 # the legitimate roster's size

Each file is read by `apps.imports.reading.read_table` in a fresh Python
process; the figure is that process's peak resident memory (VmHWM; not
ru_maxrss, which Linux carries over from the parent across exec) minus its
resident memory just before the read, so Django's own footprint is left
out. The hostile file passes the compression-bomb checks (its
archive inflates by at most 200 times, to under 400 MB): a sheet of about
26 million one-digit cells, padded with random bytes.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MB = 1024 * 1024


def _skeleton() -> dict[str, bytes]:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách"
    sheet.append(["Họ và tên", "Số CCCD"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def hostile_workbook(size: int = 2 * MB) -> bytes:
    """A workbook of `size` bytes whose sheet holds ~26 million cells."""
    parts = _skeleton()
    row = b"<row>" + b"<c><v>1</v></c>" * 430 + b"</row>"
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + row * 60_050 + b"</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            if name != "xl/worksheets/sheet1.xml":
                archive.writestr(name, data)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        packed = buffer.tell()
        # Random bytes (stored) bring the archive to `size` and its
        # inflation ratio under the bomb check's 200.
        archive.writestr(
            zipfile.ZipInfo("xl/media/pad.bin"),
            random.Random(1).randbytes(max(0, size - packed - 200)),
            compress_type=zipfile.ZIP_STORED,
        )
    return buffer.getvalue()


def roster(rows: int) -> bytes:
    """A legitimate members roster of `rows` rows and 11 columns."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(["Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Dân tộc", "Mã chi bộ"] * 2)
    for i in range(rows):
        sheet.append([f"Nguyễn Văn Số {i}", "05/03/1980", "Nam", f"0870{i:08d}", "Kinh", "A1"] * 2)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure(path: str) -> dict[str, object]:
    import django

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from apps.imports.reading import FileRejected, read_table

    data = Path(path).read_bytes()
    before = _status_kb("VmRSS")
    started = time.monotonic()
    try:
        table = read_table(data, "roster.xlsx")
        outcome = f"read {len(table.rows)} rows"
    except FileRejected as exc:
        outcome = f"refused: {exc.message}"
    peak = _status_kb("VmHWM")
    return {
        "file_mb": round(len(data) / MB, 2),
        "extra_peak_mb": round((peak - before) / 1024),
        "seconds": round(time.monotonic() - started, 2),
        "outcome": outcome,
    }


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    sys.path.insert(0, str(ROOT))
    env = {**os.environ, "DJANGO_DEBUG": "1", "LANGUAGE": "en"}
    with tempfile.TemporaryDirectory() as folder:
        for label, data in (
            ("hostile 2 MB workbook", hostile_workbook()),
            (f"roster of {args.rows} rows", roster(args.rows)),
        ):
            path = Path(folder) / "file.xlsx"
            path.write_bytes(data)
            out = subprocess.run(
                [sys.executable, __file__, "--measure", str(path)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            result = json.loads(out.strip().splitlines()[-1])
            print(
                f"{label:<28} {result['file_mb']:>6} MB  peak +{result['extra_peak_mb']:>5} MB"
                f"  {result['seconds']:>6} s  {result['outcome'][:90]}"
            )


if __name__ == "__main__":
    main()
