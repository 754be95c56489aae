"""Benchmark: importing a members roster on PostgreSQL — rows per second of
the dry run and of the commit, against the time merely to parse the same
file with the same library (python-calamine), measured in the same run.

    python bench/bench_import.py                 # 50 000 rows
    python bench/bench_import.py --rows 10000

The database ptdv_bench_import is dropped and created afresh each run.
PTDV_BENCH_PG overrides the server URL (default
postgres://postgres:postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_tree import ROOT, SERVER

NAME = "ptdv_bench_import"


def roster(rows: int, cells: list[str]) -> bytes:
    from openpyxl import Workbook

    from apps.members.synthetic import PeopleFactory

    rng = random.Random(5)
    factory = PeopleFactory(rng, datetime.date(2026, 6, 30), serial_start=3_000_000)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Danh sách")
    sheet.append(
        [
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Số CCCD",
            "Dân tộc",
            "Mã chi bộ",
            "Đảng viên chính thức hay dự bị",
            "Ngày vào Đảng",
            "Ngày kết nạp",
            "Ngày chính thức",
        ]
    )
    for i in range(rows):
        p = factory.person("street_group", age_years=(31, 66))
        admitted = datetime.date(2010, 1, 1) + datetime.timedelta(days=i % 3000)
        sheet.append(
            [
                p.full_name,
                p.date_of_birth.strftime("%d/%m/%Y"),
                "Nữ" if p.gender == "female" else "Nam",
                p.citizen_id,
                "Kinh",
                cells[i % len(cells)],
                "Đảng viên chính thức",
                admitted,
                admitted + datetime.timedelta(days=14),
                admitted + datetime.timedelta(days=379),
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def measure(rows: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from apps.accounts.models import Role
    from apps.accounts.services import create_user, grant_role
    from apps.imports import services
    from apps.imports.models import ImportMode
    from apps.imports.reading import read_table
    from apps.members.models import Member
    from apps.organizations.models import Organization
    from apps.organizations.services import bulk_create_units, create_organization

    call_command("migrate", verbosity=0)
    settings.IMPORT_BACKGROUND_ROWS = 10**9  # measure in this process
    settings.IMPORT_MAX_ROWS = max(rows, 60_000)
    province = create_organization(
        by="bench",
        code="T",
        name="Đảng bộ tỉnh Thử",
        kind="province",
        parent=None,
        valid_from=datetime.date(2000, 1, 1),
    )
    commune = create_organization(
        by="bench",
        code="X",
        name="Đảng bộ xã Thử",
        kind="commune",
        parent=province,
        valid_from=datetime.date(2000, 1, 1),
    )
    cells = bulk_create_units(
        by="bench",
        parent=commune,
        units=[
            Organization(
                code=f"C{i:03d}",
                name=f"Chi bộ {i}",
                kind="cell",
                category="hamlet",
                valid_from=datetime.date(2000, 1, 1),
            )
            for i in range(200)
        ],
    )
    user = create_user(by="bench", username="bench_import", full_name="Bench", password="x")
    grant_role(user, by="bench", organization=province, role=Role.COMMITTEE_STAFF)
    data = roster(rows, [c.code for c in cells])

    start = time.perf_counter()
    table = read_table(data, "roster.xlsx")
    parse_s = time.perf_counter() - start
    assert len(table.rows) == rows + 1

    start = time.perf_counter()
    job = services.upload(by=user, kind="members", file_name="roster.xlsx", data=data)
    check_s = time.perf_counter() - start
    # Synthetic namesakes (same name and birth date) come back as questions,
    # as in a real roster; the bench answers "a different person" to each.
    asked = {str(p["row"]): "create" for p in job.problems if p["action"] == "ask"}
    assert job.counts.get("create", 0) + len(asked) == rows, (job.counts, job.problems[:3])

    start = time.perf_counter()
    services.commit(job, by=user, mode=ImportMode.ALL_OR_NOTHING, decisions=asked)
    commit_s = time.perf_counter() - start
    assert Member.objects.count() == rows
    return {
        "rows": rows,
        "parse_s": round(parse_s, 2),
        "check_s": round(check_s, 1),
        "commit_s": round(commit_s, 1),
        "bytes": len(data),
        "questions": len(asked),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.rows)))
        return
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{NAME}"')
        conn.execute(f'CREATE DATABASE "{NAME}"')
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{NAME}", "DJANGO_DEBUG": "1"}
    done = subprocess.run(
        [sys.executable, __file__, "--measure", "--rows", str(args.rows)],
        env=env,
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(done.stderr)
    r = json.loads(done.stdout.strip().splitlines()[-1])
    parse_rate = r["rows"] / r["parse_s"]
    print(
        f"# {r['rows']} rows, {r['bytes'] // 1024} KB workbook, "
        f"{r['questions']} namesake questions answered"
    )
    print(f"{'step':<34} {'seconds':>8} {'rows/s':>9} {'ratio to parse':>15}")
    print(f"{'parse only (python-calamine)':<34} {r['parse_s']:>8} {parse_rate:>9.0f} {1:>15}")
    for label, key in (
        ("dry run (check every row)", "check_s"),
        ("commit (write every row)", "commit_s"),
    ):
        rate = r["rows"] / r[key]
        print(f"{label:<34} {r[key]:>8} {rate:>9.0f} {r[key] / r['parse_s']:>15.0f}")


if __name__ == "__main__":
    main()
