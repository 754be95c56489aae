"""Benchmark: building the demo province (`manage.py load_demo`) on the
embedded SQLite database, against `manage.py migrate` of an empty database
measured in the same run, pair by pair (A B A B …), so the ratio holds on a
noisy machine. Each figure is the whole process: start-up included.

    python bench/bench_demo.py            # 5 pairs
    python bench/bench_demo.py --runs 9 --today 06/02/2027

Goal (issue "any day"): load_demo under 10 s on a quiet machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable


def _run(args: list[str], db: Path) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one child process."""
    # as `make run` runs them: debug mode, the embedded database
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_DEBUG": "1"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _line(name: str, values: list[float], unit: str = "s") -> str:
    return (
        f"{name:<28} min {min(values):8.3f}{unit}  median {statistics.median(values):8.3f}{unit}"
        f"  max {max(values):8.3f}{unit}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--today", default="", help="load_demo --today dd/mm/yyyy")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        migrated = work / "migrated.sqlite3"
        _run(["migrate", "--noinput"], migrated)  # the template every demo run starts from
        demo_args = ["load_demo", *(["--today", args.today] if args.today else [])]
        rows: dict[str, list[float]] = {k: [] for k in ("mw", "mc", "dw", "dc", "rw", "rc")}
        for _ in range(args.runs):
            fresh = work / "fresh.sqlite3"
            fresh.unlink(missing_ok=True)
            mw, mc = _run(["migrate", "--noinput"], fresh)
            copy = work / "demo.sqlite3"
            shutil.copyfile(migrated, copy)
            dw, dc = _run(demo_args, copy)
            for key, value in zip(rows, (mw, mc, dw, dc, dw / mw, dc / mc), strict=True):
                rows[key].append(value)
    print(f"{args.runs} pairs, whole processes, SQLite")
    print(_line("migrate (baseline) wall", rows["mw"]))
    print(_line("migrate (baseline) cpu", rows["mc"]))
    print(_line("load_demo wall", rows["dw"]))
    print(_line("load_demo cpu", rows["dc"]))
    print(_line("load_demo / migrate wall", rows["rw"], "×"))
    print(_line("load_demo / migrate cpu", rows["rc"], "×"))


if __name__ == "__main__":
    main()
