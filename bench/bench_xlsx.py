"""Benchmark: a list export (`apps.common.xlsx.workbook`) against openpyxl's
bare write-only workbook with the same rows, measured in the same run, at
growing row counts. Issue "province scale": exports linear in rows and
within 2× of a write-only workbook.

    python bench/bench_xlsx.py                  # 1 000, 4 000 and 16 000 rows, 5 runs each
    python bench/bench_xlsx.py --rows 100000 --runs 3
"""

from __future__ import annotations

import argparse
import datetime
import io
import os
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "1")

HEADER = ["Họ và tên", "Ngày sinh", "Chi bộ", "Ngày vào Đảng", "Chính thức", "Ghi chú"]


def _rows(n: int) -> Iterator[list[object]]:
    day = datetime.date(1960, 1, 1)
    for i in range(n):
        yield [
            f"Nguyễn Văn Người {i}",
            day + datetime.timedelta(days=i % 15000),
            f"Chi bộ Khóm {i % 60}",
            day + datetime.timedelta(days=8000 + i % 9000),
            i % 3 == 0,
            "-" if i % 7 == 0 else "",
        ]


def _bare(n: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(HEADER)
    for row in _rows(n):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _ours(n: int) -> bytes:
    from apps.common.xlsx import workbook

    return workbook("Danh sách", HEADER, _rows(n))


def _time(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    fn(n)
    return time.perf_counter() - started


def main() -> None:
    import django

    django.setup()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, nargs="*", default=[1000, 4000, 16000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(
        f"{'rows':>8} {'bare min/med/max (s)':>26} {'ours min/med/max (s)':>26} {'ratio min/med/max':>22}"
    )
    for n in args.rows:
        bare, ours, ratio = [], [], []
        for _ in range(args.runs):  # pair by pair, so the ratio holds on a busy machine
            b, o = _time(_bare, n), _time(_ours, n)
            bare.append(b), ours.append(o), ratio.append(o / b)

        def f(v: list[float]) -> str:
            return f"{min(v):.3f}/{statistics.median(v):.3f}/{max(v):.3f}"

        print(f"{n:>8} {f(bare):>26} {f(ours):>26} {f(ratio):>22}")


if __name__ == "__main__":
    main()
