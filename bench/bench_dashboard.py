"""Benchmark: the province dashboard at 300 000 members and 30 000 cases on
PostgreSQL, next to the hand-written SQL aggregates it needs, measured in
the same run. The target: the whole page under 1 s; the ratio (ours / SQL)
says how much the rolling up and rendering add.

    python bench/bench_dashboard.py                  # 300 000 members, 30 000 cases
    python bench/bench_dashboard.py --members 100000 --cases 10000

The database (ptdv_bench_dash_<members>) is generated once with
`generate_data --seed 1 --cases N` plus yearly targets, and reused.
PTDV_BENCH_PG overrides the server URL (default
postgres://postgres:postgres@127.0.0.1:5432).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_tree import ROOT, SERVER, ensure_database, timed

TODAY = datetime.date(2026, 6, 30)  # generate_data's "today"


def measure(members: int, cases: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from apps.accounts.models import Role, User
    from apps.accounts.services import create_user, grant_role
    from apps.admissions.models import Case
    from apps.common import clock
    from apps.members.models import Member
    from apps.organizations.choices import OrgKind
    from apps.organizations.models import Organization
    from apps.reports import dashboard
    from apps.targets import services
    from apps.targets.models import TargetKind

    call_command("migrate", verbosity=0)
    if Organization.objects.exists():
        # generate_data rounds cell sizes, so the member count is approximate
        if Case.objects.count() != cases or abs(Member.objects.count() - members) > members // 100:
            raise SystemExit("the bench database holds other data: drop it first")
    else:
        call_command(
            "generate_data", members=members, cases=cases, seed=1, today=TODAY, verbosity=0
        )
        province = Organization.objects.get(kind=OrgKind.PROVINCE, parent=None)
        communes = list(Organization.objects.filter(parent=province))
        kind = TargetKind.objects.get(code="admissions")
        for year in (2024, 2025, 2026):
            services.set_targets(
                by="bench",
                kind=kind,
                year=year,
                values={c: services.TargetInput(value=40 + c.pk % 30) for c in communes},
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    province = Organization.objects.get(kind=OrgKind.PROVINCE, parent=None)
    units = Organization.objects.filter(path__startswith=province.path).count()
    officer = User.objects.filter(username="bench_officer").first()
    if officer is None:
        officer = create_user(by="bench", username="bench_officer", full_name="Bench", password="x")
        grant_role(officer, by="bench", organization=province, role=Role.ORG_COMMITTEE)
    officer.must_change_password = False
    officer.save()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(officer)
    # The data was generated up to TODAY; "today" on the page is the clock's
    # day (current stages), "as of TODAY" reads each case's stage from its steps.
    as_of = TODAY.strftime("%d/%m/%Y")

    def page(params: dict[str, str]) -> Callable[[], None]:
        def run() -> None:
            response = client.get(f"/reports/units/{province.pk}/", params)
            assert response.status_code == 200, response.status_code

        return run

    def build(day: datetime.date) -> Callable[[], None]:
        def run() -> None:
            dashboard.build(province, day, day)

        return run

    def sql_aggregates() -> None:
        """The aggregates the dashboard needs, by hand: admissions by cell and
        month over three years, by cell for the term, the new members' groups
        this year, open cases by cell and stage, probation endings, the last
        admission and the official members of each cell."""
        like = province.path + "%"
        with connection.cursor() as c:
            c.execute(
                "SELECT mp.organization_id, date_trunc('month', m.admitted_on), count(*) "
                "FROM members_memberplacement mp JOIN members_member m ON m.id = mp.member_id "
                "JOIN organizations_organization o ON o.id = mp.organization_id "
                "WHERE o.path LIKE %s AND m.admitted_on BETWEEN %s AND %s "
                "AND mp.valid_from <= m.admitted_on "
                "AND (mp.valid_to IS NULL OR mp.valid_to > m.admitted_on) GROUP BY 1, 2",
                [like, datetime.date(2024, 1, 1), TODAY],
            )
            c.fetchall()
            c.execute(
                "SELECT mp.organization_id, count(*) FILTER (WHERE p.gender = 'female'), "
                "count(*) FILTER (WHERE p.ethnicity <> '01'), "
                "count(*) FILTER (WHERE p.religion <> 'none'), count(*) FILTER (WHERE p.youth_union), "
                "count(*) FILTER (WHERE age(m.admitted_on, p.date_of_birth) < interval '31 years'), "
                "count(*) FILTER (WHERE p.general_education = '12/12'), "
                "count(*) FILTER (WHERE p.qualification IN ('college','university','master','doctor')), "
                "count(*) FILTER (WHERE p.occupation_group = 'student'), "
                "count(*) FILTER (WHERE p.occupation_group = 'private_worker'), "
                "count(*) FILTER (WHERE p.demobilised_soldier), count(*) "
                "FROM members_memberplacement mp JOIN members_member m ON m.id = mp.member_id "
                "JOIN members_person p ON p.id = m.person_id "
                "JOIN organizations_organization o ON o.id = mp.organization_id "
                "WHERE o.path LIKE %s AND m.admitted_on BETWEEN %s AND %s "
                "AND mp.valid_from <= m.admitted_on "
                "AND (mp.valid_to IS NULL OR mp.valid_to > m.admitted_on) GROUP BY 1",
                [like, datetime.date(2026, 1, 1), TODAY],
            )
            c.fetchall()
            c.execute(
                "SELECT c.organization_id, c.stage, count(*) FROM admissions_case c "
                "JOIN organizations_organization o ON o.id = c.organization_id "
                "WHERE o.path LIKE %s AND c.stage NOT IN "
                "('full_member','withdrawn','rejected','removed','deceased') GROUP BY 1, 2",
                [like],
            )
            c.fetchall()
            c.execute(
                "SELECT c.organization_id, count(*) FROM admissions_case c "
                "JOIN organizations_organization o ON o.id = c.organization_id "
                "WHERE o.path LIKE %s AND c.ceremony_on BETWEEN %s AND %s GROUP BY 1",
                [like, datetime.date(2025, 1, 1), datetime.date(2025, 6, 30)],
            )
            c.fetchall()
            c.execute(
                "SELECT mp.organization_id, max(m.admitted_on), "
                "count(*) FILTER (WHERE m.full_on <= %s AND m.left_on IS NULL) "
                "FROM members_memberplacement mp JOIN members_member m ON m.id = mp.member_id "
                "JOIN organizations_organization o ON o.id = mp.organization_id "
                "WHERE o.path LIKE %s GROUP BY 1",
                [TODAY, like],
            )
            c.fetchall()

    with CaptureQueriesContext(connection) as queries:
        page({})()
    page_queries = len(queries.captured_queries)  # now: the log is a bounded deque
    rows = []
    for label, ours in [
        ("dashboard page, whole province, today", page({})),
        ("dashboard figures only (no HTML), today", build(clock.today())),
        ("page as of 30/06/2026 (stages from steps)", page({"as_of": as_of})),
        ("page as of 31/12/2024", page({"as_of": "31/12/2024"})),
    ]:
        a = timed(ours, repeat=5)
        b = timed(sql_aggregates, repeat=5)
        rows.append(
            {"what": label, "ptdv_ms": round(a, 1), "sql_ms": round(b, 1), "ratio": round(a / b, 2)}
        )
    return {
        "members": members,
        "cases": cases,
        "units": units,
        "queries": page_queries,
        "rows": rows,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=300_000)
    parser.add_argument("--cases", type=int, default=30_000)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.members, args.cases)))
        return
    name = f"ptdv_bench_dash_{args.members}"
    ensure_database(name)
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{name}", "DJANGO_DEBUG": "1"}
    started = time.monotonic()
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--measure",
            "--members",
            str(args.members),
            "--cases",
            str(args.cases),
        ],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    print(
        f"# {result['members']} members, {result['cases']} cases, {result['units']} units; "
        f"{result['queries']} SQL queries per page; measured in {time.monotonic() - started:.0f} s"
    )
    print(f"{'what':<40} {'PTĐV ms':>9} {'SQL ms':>8} {'ratio':>6}")
    for r in result["rows"]:
        print(f"{r['what']:<40} {r['ptdv_ms']:>9} {r['sql_ms']:>8} {r['ratio']:>6}")


if __name__ == "__main__":
    main()
