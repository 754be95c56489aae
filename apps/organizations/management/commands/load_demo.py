from typing import Any

from django.core.management.base import BaseCommand
from django.utils import translation

from apps.organizations.demo import load_demo
from apps.organizations.models import Organization


class Command(BaseCommand):
    help = "Load the demo province (Đồng Tháp) if the database is empty, and print the demo logins."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        if Organization.objects.exists():
            self.stdout.write("Dữ liệu đã có sẵn: không nạp lại dữ liệu mẫu.")
        else:
            import datetime
            import random

            from django.db import transaction

            from apps.admissions.demo import load_demo_cases
            from apps.targets.demo import load_demo_targets
            from apps.training.demo import load_demo_classes

            today = datetime.date.today()
            with transaction.atomic():
                load_demo(seed=options["seed"], today=today)
                cases = load_demo_cases(rng=random.Random(options["seed"] + 1), today=today)
                load_demo_classes(rng=random.Random(options["seed"] + 2), today=today)
                load_demo_targets(rng=random.Random(options["seed"] + 3), today=today)
            self.stdout.write(
                f"Đã nạp dữ liệu mẫu tỉnh Đồng Tháp ({cases} hồ sơ phát triển đảng viên)."
            )
        self.print_logins()

    def print_logins(self) -> None:
        from apps.accounts.models import RoleAssignment
        from apps.organizations.demo import DEMO_PASSWORD

        rows = (
            RoleAssignment.objects.filter(
                user__username__in=[
                    "bithu_khom1",
                    "vanphong_caolanh",
                    "vanphong_mytho",
                    "bantochuc_tinh",
                    "trungtam_chinhtri",
                    "kiemtra_tinh",
                    "quantri",
                ]
            )
            .select_related("user", "organization")
            .order_by("id")
        )
        self.stdout.write(f"\nTài khoản dùng thử (mật khẩu chung: {DEMO_PASSWORD}):")
        for grant in rows:
            self.stdout.write(
                f"  {grant.user.username:<20} {grant.get_role_display()} — {grant.organization.name}"
            )
