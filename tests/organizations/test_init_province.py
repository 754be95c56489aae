"""A real province starts without a shell: `init_province` makes the root
unit and the first administrator, who then imports the tree and creates a
cell secretary from the pages."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from apps.accounts.models import Role, RoleAssignment, User
from apps.audit.models import AuditEntry
from apps.organizations.choices import DecisionBody, OrgKind
from apps.organizations.models import Organization
from apps.targets.models import MonitoringSettings
from tests.imports.test_import import xlsx

ADMIN_PASSWORD = "Mat-khau-quan-tri-2026"
ARGS = [
    "--code",
    "TU-82",
    "--name",
    "Đảng bộ tỉnh Đồng Tháp",
    "--admin-code",
    "82",
    "--username",
    "quantri",
    "--full-name",
    "Đỗ Thanh Sơn",
]


@pytest.fixture
def password_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PTDV_ADMIN_PASSWORD", ADMIN_PASSWORD)


def _log_in(username: str, password: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def test_a_new_province_is_started_and_run_from_the_pages(db: Any, password_in_env: None) -> None:
    out = io.StringIO()
    call_command("init_province", *ARGS, stdout=out)
    assert "Đã tạo đơn vị gốc “Đảng bộ tỉnh Đồng Tháp”" in out.getvalue()
    root = Organization.objects.get(parent=None)
    assert (root.code, root.kind, root.admin_code) == ("TU-82", OrgKind.PROVINCE, "82")
    assert root.decision_body == DecisionBody.GRASSROOTS_STANDING
    assert MonitoringSettings.objects.filter(organization=root).exists()
    admin = User.objects.get(username="quantri")
    assert RoleAssignment.objects.filter(user=admin, organization=root, role=Role.ADMINISTRATOR)
    assert AuditEntry.objects.filter(actor_label="manage.py init_province").count() >= 4

    # The administrator imports the tree from the units template.
    client = _log_in("quantri", ADMIN_PASSWORD)
    header = [
        "Mã đơn vị",
        "Tên đơn vị",
        "Loại tổ chức",
        "Loại hình chi bộ",
        "Mã đơn vị cấp trên",
        "Ngày thành lập",
    ]
    rows = [
        ["P-29869", "Đảng bộ phường Cao Lãnh", "Đảng bộ phường", "", "TU-82", "01/07/2025"],
        ["CB-01", "Chi bộ Khóm 1", "Chi bộ", "Khóm", "P-29869", "01/07/2025"],
        ["CB-02", "Chi bộ Khóm 2", "Chi bộ", "Khóm", "P-29869", "01/07/2025"],
    ]
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("to-chuc.xlsx", xlsx([header, *rows]))
    response = client.post(reverse("imports:list"), {"kind": "units", "file": upload})
    assert response.status_code == 302, response.content.decode()[:3000]
    job_url = response["Location"]
    response = client.post(job_url, {"mode": "all"})
    assert response.status_code == 302, response.content.decode()[:3000]
    cell = Organization.objects.get(code="CB-01")
    assert cell.parent is not None and cell.parent.code == "P-29869"
    assert cell.kind == OrgKind.CELL

    # ... creates a cell secretary and grants the role at the cell.
    response = client.post(
        reverse("accounts:user_create"),
        {"username": "bithu_khom1", "full_name": "Nguyễn Thị Hồng", "password": "Tam-thoi-2026!"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    secretary = User.objects.get(username="bithu_khom1")
    response = client.post(
        reverse("accounts:user_grant", args=[secretary.pk]),
        {"organization": cell.pk, "role": Role.CELL_SECRETARY},
    )
    assert response.status_code == 302, response.content.decode()[:3000]

    # The secretary logs in, changes the temporary password, sees the cell only.
    client = _log_in("bithu_khom1", "Tam-thoi-2026!")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Tam-thoi-2026!",
            "new_password1": "Bi-thu-khom-1-2026",
            "new_password2": "Bi-thu-khom-1-2026",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("organizations:detail", args=[cell.pk])).status_code == 200
    other = Organization.objects.get(code="CB-02")
    assert client.get(reverse("organizations:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("organizations:detail", args=[root.pk])).status_code == 404


def test_init_province_refuses_when_the_tree_has_a_root(db: Any, password_in_env: None) -> None:
    call_command("init_province", *ARGS, stdout=io.StringIO())
    with pytest.raises(CommandError, match="đã có đơn vị gốc “Đảng bộ tỉnh Đồng Tháp”"):
        call_command("init_province", *ARGS[:-4], "--username", "khac", "--full-name", "Người khác")
    assert Organization.objects.count() == 1 and User.objects.count() == 1


def test_init_province_without_a_terminal_needs_the_password_in_the_environment(
    db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PTDV_ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="PTDV_ADMIN_PASSWORD"):
        call_command("init_province", *ARGS)
    monkeypatch.setenv("PTDV_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError, match="Mật khẩu chưa đạt"):
        call_command("init_province", *ARGS)
    assert not Organization.objects.exists() and not User.objects.exists()


def test_init_province_refuses_an_unknown_province_code(db: Any, password_in_env: None) -> None:
    args = [*ARGS]
    args[args.index("82")] = "99"
    with pytest.raises(CommandError, match="--admin-code '99'"):
        call_command("init_province", *args)
    assert not Organization.objects.exists()
