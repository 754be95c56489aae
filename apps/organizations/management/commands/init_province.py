"""`manage.py init_province`: the first step of a real installation.

Creates, in one audited transaction, the root unit of the tree (the province
committee), its settings (who decides admissions, RULES V5; how targets are
monitored), and the first administrator with the administrator role at the
root. Everything after it — the units below, the rosters, the users — is done
from the pages (import, users). Refuses to run when the tree already has a
root. The password is asked twice on a terminal; without one it is read from
the environment variable PTDV_ADMIN_PASSWORD.

    manage.py init_province --code TU-82 --name "Đảng bộ tỉnh Đồng Tháp" \\
        --admin-code 82 --username quantri --full-name "Đỗ Thanh Sơn"
"""

from __future__ import annotations

import datetime
import getpass
import os
import sys
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation
from vietnam_provinces import Province

from apps.accounts.models import Role, User
from apps.accounts.services import create_user, grant_role
from apps.common.commands import day_argument
from apps.organizations import services
from apps.organizations.choices import DecisionBody, DecisionThreshold, OrgKind
from apps.organizations.models import Organization
from apps.targets.services import save_settings

ACTOR = "manage.py init_province"
PASSWORD_ENV = "PTDV_ADMIN_PASSWORD"
# The root must be open on every date the province's history refers to:
# units and members are imported with their own, older dates.
PARTY_FOUNDED = datetime.date(1930, 2, 3)


class Command(BaseCommand):
    help = (
        "Start a new installation: the province (root) unit, its settings and the first "
        "administrator. Refuses when a root unit exists."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--code", required=True, help="unit code, e.g. TU-82")
        parser.add_argument("--name", required=True, help="e.g. “Đảng bộ tỉnh Đồng Tháp”")
        parser.add_argument(
            "--kind",
            default=OrgKind.PROVINCE.value,
            choices=[OrgKind.PROVINCE.value],
            help="the root's kind (the tree's rules allow only a province committee)",
        )
        parser.add_argument(
            "--admin-code", default="", help="official code of the province (e.g. 82)"
        )
        parser.add_argument(
            "--since",
            type=day_argument,
            default=PARTY_FOUNDED,
            help="the earliest day the tree's history may refer to, dd/mm/yyyy (default 03/02/1930)",
        )
        parser.add_argument(
            "--decision-body",
            default=DecisionBody.GRASSROOTS_STANDING.value,
            choices=[c.value for c in DecisionBody if c.value],
            help="who decides admissions and full membership by default (RULES V5)",
        )
        parser.add_argument(
            "--decision-threshold",
            default=DecisionThreshold.MAJORITY.value,
            choices=[c.value for c in DecisionThreshold if c.value],
        )
        parser.add_argument("--username", required=True)
        parser.add_argument("--full-name", required=True)
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        translation.activate("vi")
        root = Organization.objects.filter(parent=None).order_by("pk").first()
        if root is not None:
            raise CommandError(
                f"Cây tổ chức đã có đơn vị gốc “{root.name}” (mã {root.code}): lệnh này chỉ "
                "dùng cho cài đặt mới. Hãy đăng nhập bằng tài khoản quản trị để thêm đơn vị "
                "và người dùng."
            )
        if User.objects.filter(username=options["username"]).exists():
            raise CommandError(
                f"Tên đăng nhập “{options['username']}” đã có: hãy chọn tên khác (--username)."
            )
        admin_code = options["admin_code"].strip()
        if admin_code:
            known = {str(p.code.value): p.name for p in Province.iter_all()}
            if admin_code not in known:
                raise CommandError(
                    f"--admin-code {admin_code!r}: không phải mã một tỉnh, thành phố sau ngày "
                    "01/07/2025 (34 đơn vị, ví dụ 82 là Đồng Tháp). Hãy kiểm tra lại mã."
                )
        password = self.read_password(options["username"], options["full_name"])
        try:
            unit, user = init_province(password=password, **options)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stdout.write(
            f"Đã tạo đơn vị gốc “{unit.name}” (mã {unit.code}) và tài khoản quản trị "
            f"“{user.username}”.\n"
            "Bước tiếp theo: đăng nhập, vào “Nhập dữ liệu” để nhập cây tổ chức (mẫu "
            "“Tổ chức đảng”), rồi danh sách đảng viên; tạo người dùng và giao vai trò ở "
            "trang “Người dùng”."
        )

    def read_password(self, username: str, full_name: str) -> str:
        """Twice on a terminal; otherwise PTDV_ADMIN_PASSWORD. Checked by the
        installation's password rules (length, not common, not like the name)."""
        if sys.stdin.isatty():
            password = getpass.getpass("Mật khẩu quản trị: ")
            if getpass.getpass("Nhập lại mật khẩu: ") != password:
                raise CommandError("Hai lần nhập mật khẩu không giống nhau: hãy chạy lại lệnh.")
        else:
            password = os.environ.get(PASSWORD_ENV, "")
            if not password:
                raise CommandError(
                    f"Không có bàn phím để nhập mật khẩu: hãy đặt biến môi trường {PASSWORD_ENV}."
                )
        try:
            validate_password(password, User(username=username, full_name=full_name))
        except ValidationError as exc:
            raise CommandError("Mật khẩu chưa đạt: " + " ".join(exc.messages)) from None
        return password


@transaction.atomic
def init_province(*, password: str, **options: Any) -> tuple[Organization, User]:
    """The root unit with its competent body (V5), its monitoring settings,
    and the first administrator (password already validated). Raises
    ValidationError from the services (a code in use, say)."""
    unit = services.create_organization(
        by=ACTOR,
        code=options["code"],
        name=options["name"],
        kind=options["kind"],
        parent=None,
        valid_from=options["since"],
        admin_code=options["admin_code"].strip(),
        decision_body=options["decision_body"],
        decision_threshold=options["decision_threshold"],
    )
    save_settings(
        by=ACTOR, unit=unit, carry_over=False, q4_threshold=40, idle_years=3, min_official_members=3
    )
    user = create_user(
        by=ACTOR, username=options["username"], full_name=options["full_name"], password=password
    )
    user.email = options["email"].strip()
    user.must_change_password = False
    user.save(update_fields=["email", "must_change_password"])
    grant_role(user, by=ACTOR, organization=unit, role=Role.ADMINISTRATOR)
    return unit, user
