"""`manage.py load_demo [--today DD/MM/YYYY] [--seed N]`: the demo province,
built as of a day (default: today in Vietnam) through the same services as
users' pages, then the demo logins printed. Does nothing on a database that
already has units."""

from __future__ import annotations

import contextlib
import datetime
import random
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation

from apps.audit import services as audit
from apps.common import clock
from apps.common.commands import day_argument
from apps.organizations.demo import DEMO_SECRETARY_CELL, FIRST_DEMO_DAY, load_demo
from apps.organizations.models import Organization

DEMO_USERNAMES = [
    "bithu_khom1",
    "vanphong_caolanh",
    "vanphong_mytho",
    "bantochuc_tinh",
    "trungtam_chinhtri",
    "kiemtra_tinh",
    "quantri",
]


class Command(BaseCommand):
    help = (
        "Load the demo province (Đồng Tháp) as of a day if the database is empty, "
        "and print the demo logins."
    )
    # `make run` migrates first, and migrate runs the system checks.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--today",
            type=day_argument,
            default=None,
            help="build the demo as of this day, dd/mm/yyyy (default: today in Vietnam)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        if Organization.objects.exists():
            self.stdout.write("Dữ liệu đã có sẵn: không nạp lại dữ liệu mẫu.")
        else:
            today = options["today"] or clock.today()
            if today < FIRST_DEMO_DAY:
                raise CommandError(
                    f"--today {today:%d/%m/%Y}: dữ liệu mẫu mô tả tỉnh Đồng Tháp sau khi "
                    f"sắp xếp đơn vị hành chính ngày {FIRST_DEMO_DAY:%d/%m/%Y}; hãy chọn "
                    "ngày từ đó trở về sau."
                )
            started = time.monotonic()
            cases = build_demo(seed=options["seed"], today=today)
            self.stdout.write(
                f"Đã nạp dữ liệu mẫu tỉnh Đồng Tháp tính đến ngày {today:%d/%m/%Y} "
                f"({cases} hồ sơ phát triển đảng viên, {time.monotonic() - started:.1f} giây)."
            )
        self.print_logins()

    def print_logins(self) -> None:
        from apps.accounts.models import RoleAssignment
        from apps.organizations.demo import DEMO_PASSWORD

        rows = (
            RoleAssignment.objects.filter(user__username__in=DEMO_USERNAMES)
            .select_related("user", "organization")
            .order_by("id")
        )
        self.stdout.write(f"\nTài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for grant in rows:
            self.stdout.write(
                f"  {grant.user.username:<20} {grant.get_role_display()} — {grant.organization.name}"
            )


def build_demo(*, seed: int, today: datetime.date) -> int:
    """Build the whole demo in one transaction with `today()` pinned to
    `today`; every case must reach the stage it was planned to reach, or
    nothing is kept (RuntimeError names the first one that did not)."""
    from apps.admissions.demo import load_demo_cases
    from apps.admissions.models import Case
    from apps.deadlines import notify
    from apps.targets.demo import load_demo_targets
    from apps.training.demo import load_demo_classes

    # The history of past steps sends no notification; the committees are
    # told once at the end about the cases waiting for them now.
    with (
        _no_query_log(),
        notify.muted(),
        clock.pinned_today(today),
        transaction.atomic(),
        audit.deferred(),
    ):
        load_demo(seed=seed, today=today)
        planned = load_demo_cases(
            rng=random.Random(seed + 1), today=today, showcase=DEMO_SECRETARY_CELL
        )
        reached = dict(Case.objects.values_list("pk", "stage"))
        missed = [(pk, stage, reached[pk]) for pk, stage in planned if reached[pk] != stage]
        if missed:
            pk, want, got = missed[0]
            raise RuntimeError(
                f"demo case {pk} stopped at {got}, planned {want} ({len(missed)} such cases)"
            )
        load_demo_classes(rng=random.Random(seed + 2), today=today)
        load_demo_targets(rng=random.Random(seed + 3), today=today)
    with _no_query_log(), clock.pinned_today(today):
        notify.waiting_now([pk for pk, _stage in planned])
    return len(planned)


@contextlib.contextmanager
def _no_query_log() -> Iterator[None]:
    """In debug mode (`make run`) Django keeps every query's text and time in
    memory; the demo's 27 000 queries spent a tenth of the build there."""
    debug = settings.DEBUG
    settings.DEBUG = False
    try:
        yield
    finally:
        settings.DEBUG = debug
