"""Benchmark: subtree-scoped reads at 100 000 and 1 000 000 members on
PostgreSQL, each next to the equivalent hand-written SQL measured in the same
run. The ratio (ours / SQL) is the figure that matters.

    make bench                      # both sizes (1M takes ~20 min to generate once)
    python bench/bench_tree.py --sizes 100000

Each size gets its own database (ptdv_bench_<N>), generated once with
`generate_data --seed 1` and reused by later runs. PTDV_BENCH_PG overrides
the server URL (default postgres://postgres:postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("PTDV_BENCH_PG", "postgres://postgres:postgres@127.0.0.1:5432")
REPEAT = 7


def timed(fn: Callable[[], Any], repeat: int = REPEAT) -> float:
    """Median wall time in milliseconds, after one warm-up call."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def measure(size: int) -> dict[str, Any]:
    """Runs inside a process whose DATABASE_URL points at the bench database."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from apps.accounts.models import Role, User
    from apps.accounts.services import create_user, grant_role
    from apps.members.models import Member
    from apps.members.selectors import active_member_counts
    from apps.organizations.choices import OrgKind
    from apps.organizations.models import Organization

    call_command("migrate", verbosity=0)
    if Member.objects.count() != size:
        if Organization.objects.exists():
            raise SystemExit(f"bench database for {size} holds other data: drop it first")
        call_command("generate_data", members=size, seed=1, verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    province = Organization.objects.get(kind=OrgKind.PROVINCE, parent=None)
    commune = Organization.objects.filter(parent=province).order_by("code").first()
    assert commune is not None
    officer = User.objects.filter(username="bench_officer").first()
    if officer is None:
        officer = create_user(by="bench", username="bench_officer", full_name="Bench", password="x")
        grant_role(officer, by="bench", organization=province, role=Role.ORG_COMMITTEE)
    officer.must_change_password = False
    officer.save()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer)

    def page(unit: Organization) -> Callable[[], Any]:
        def run() -> None:
            response = client.get(f"/members/?unit={unit.pk}")
            assert response.status_code == 200

        return run

    def sql_page(unit: Organization) -> Callable[[], Any]:
        # What the page needs, written by hand: the count and the first 50 rows.
        def run() -> None:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM members_member m JOIN organizations_organization o "
                    "ON o.id = m.organization_id WHERE o.path LIKE %s "
                    "AND m.status IN ('probationary', 'full')",
                    [unit.path + "%"],
                )
                cursor.fetchone()
                cursor.execute(
                    "SELECT m.id, p.full_name, p.date_of_birth, o.name, m.status "
                    "FROM members_member m JOIN members_person p ON p.id = m.person_id "
                    "JOIN organizations_organization o ON o.id = m.organization_id "
                    "WHERE o.path LIKE %s AND m.status IN ('probationary', 'full') "
                    "ORDER BY p.sort_key, m.id LIMIT 50",
                    [unit.path + "%"],
                )
                cursor.fetchall()

        return run

    def sql_counts() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT o.category, count(*) FROM members_member m JOIN organizations_organization o "
                "ON o.id = m.organization_id WHERE o.path LIKE %s "
                "AND m.status IN ('probationary', 'full') GROUP BY o.category",
                [province.path + "%"],
            )
            cursor.fetchall()

    rows = []
    for label, ours, theirs in [
        ("member list page, whole province", page(province), sql_page(province)),
        ("member list page, one commune", page(commune), sql_page(commune)),
        (
            "member counts by cell category, province",
            lambda: active_member_counts(province),
            sql_counts,
        ),
    ]:
        a, b = timed(ours), timed(theirs)
        rows.append(
            {
                "size": size,
                "what": label,
                "ptdv_ms": round(a, 1),
                "sql_ms": round(b, 1),
                "ratio": round(a / b, 2) if b else None,
            }
        )
    return {"rows": rows}


def ensure_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--measure", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        name = f"ptdv_bench_{size}"
        ensure_database(name)
        env = {**os.environ, "DATABASE_URL": f"{SERVER}/{name}", "DJANGO_DEBUG": "1"}
        started = time.monotonic()
        out = subprocess.run(
            [sys.executable, __file__, "--measure", str(size)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        results.extend(json.loads(out.strip().splitlines()[-1])["rows"])
        print(f"# {size} members measured in {time.monotonic() - started:.0f} s", file=sys.stderr)
    print(f"{'members':>9}  {'what':<44} {'PTĐV ms':>9} {'SQL ms':>8} {'ratio':>6}")
    for r in results:
        print(f"{r['size']:>9}  {r['what']:<44} {r['ptdv_ms']:>9} {r['sql_ms']:>8} {r['ratio']:>6}")


if __name__ == "__main__":
    main()
