"""Setting targets: a level sets those of the units directly below it; bad
input names the unit and the rule, and nothing is half-saved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from apps.audit.models import AuditEntry
from apps.targets import services
from apps.targets.models import MonitoringSettings, Target, TargetKind, Term
from tests.conftest import PASSWORD, Tree, Users


def login(user: object) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)  # type: ignore[attr-defined]
    return client


def admissions() -> TargetKind:
    return TargetKind.objects.get(code="admissions")


def test_commune_staff_set_their_cells_targets_but_not_their_own(tree: Tree, users: Users) -> None:
    client = login(users.commune_staff)
    url = reverse("targets:unit", args=[tree.ward_a.pk]) + "?kind=admissions&period=2026"
    page = client.get(url).content.decode()
    assert f'name="u{tree.ward_a.pk}-value"' in page and "disabled" in page
    before = AuditEntry.objects.count()
    response = client.post(
        url,
        {
            f"u{tree.cell_a1.pk}-value": "4",
            f"u{tree.cell_a2.pk}-share_min": "3",
            f"u{tree.cell_a2.pk}-share_max": "4,5",
            f"u{tree.ward_a.pk}-value": "99",  # disabled: ignored
        },
    )
    assert response.status_code == 302
    saved = {t.organization_id: t for t in Target.objects.filter(year=2026)}
    assert saved[tree.cell_a1.pk].value == 4
    assert saved[tree.cell_a2.pk].share_max == Decimal("4.5")
    assert tree.ward_a.pk not in saved
    assert AuditEntry.objects.count() == before + 2


def test_the_province_sets_the_communes_targets_and_sees_a_mismatch(
    tree: Tree, users: Users
) -> None:
    client = login(users.province_officer)
    url = reverse("targets:unit", args=[tree.province.pk]) + "?kind=admissions&period=2026"
    client.post(
        url,
        {
            f"u{tree.province.pk}-value": "20",
            f"u{tree.ward_a.pk}-value": "12",
            f"u{tree.commune_b.pk}-value": "6",
        },
    )
    page = client.get(url).content.decode()
    assert (
        "Tổng chỉ tiêu giao cho các đơn vị trực thuộc là 18, khác chỉ tiêu của đơn vị là 20."
        in page
    )


def test_a_term_target_is_kept_apart_from_the_yearly_ones(tree: Tree, users: Users) -> None:
    term = Term.objects.get(name="2025–2030")
    client = login(users.province_officer)
    url = reverse("targets:unit", args=[tree.province.pk]) + f"?kind=admissions&period=t{term.pk}"
    client.post(url, {f"u{tree.ward_a.pk}-value": "60"})
    target = Target.objects.get(organization=tree.ward_a)
    assert (target.term, target.year, target.value) == (term, None, 60)


def test_bad_rows_name_the_unit_and_the_rule_and_save_nothing(tree: Tree, users: Users) -> None:
    client = login(users.commune_staff)
    url = reverse("targets:unit", args=[tree.ward_a.pk]) + "?kind=admissions&period=2026"
    response = client.post(
        url,
        {
            f"u{tree.cell_a1.pk}-value": "4",
            f"u{tree.cell_a2.pk}-value": "2",
            f"u{tree.cell_a2.pk}-share_min": "3",
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Chi bộ Trường THCS An Hòa: nhập số người hoặc tỷ lệ trên số đảng viên, "
        "không nhập cả hai." in page
    )
    assert not Target.objects.exists()
    response = client.post(
        url,
        {
            f"u{tree.cell_a1.pk}-share_min": "5",
            f"u{tree.cell_a1.pk}-share_max": "4",
        },
    )
    assert "mức trên của tỷ lệ (4%) thấp hơn mức dưới (5%)" in response.content.decode()
    response = client.post(url, {f"u{tree.cell_a1.pk}-value": "-1"})
    assert response.status_code == 400 and not Target.objects.exists()


def test_the_service_refuses_a_share_for_a_term_and_units_out_of_reach(
    tree: Tree, users: Users
) -> None:
    term = Term.objects.get(name="2025–2030")
    with translation.override("vi"), pytest.raises(ValidationError) as exc:
        services.set_targets(
            by=users.commune_staff,
            kind=admissions(),
            term=term,
            values={
                tree.cell_a1: services.TargetInput(share_min=Decimal(3)),
                tree.ward_a: services.TargetInput(value=10),  # set by the province
                tree.cell_b1: services.TargetInput(value=1),  # another commune
            },
        )
    text = " ".join(exc.value.messages)
    assert "Chi bộ Khóm 1: chỉ tiêu nhiệm kỳ là số người" in text
    assert "Đảng bộ phường An Hòa: bạn không có quyền giao chỉ tiêu" in text
    assert "Chi bộ Ấp 1: bạn không có quyền giao chỉ tiêu" in text
    assert not Target.objects.exists()


def test_clearing_a_target_deletes_it_with_an_audit_row(tree: Tree, users: Users) -> None:
    services.set_targets(
        by="test", kind=admissions(), year=2026, values={tree.cell_a1: services.TargetInput(5)}
    )
    changed = services.set_targets(
        by=users.commune_staff,
        kind=admissions(),
        year=2026,
        values={tree.cell_a1: services.TargetInput()},
    )
    assert changed == 1 and not Target.objects.exists()
    assert AuditEntry.objects.filter(action="delete", actor=users.commune_staff).count() == 1


def test_a_cell_secretary_cannot_set_targets(tree: Tree, users: Users) -> None:
    client = login(users.cell_secretary)
    url = reverse("targets:unit", args=[tree.cell_a1.pk])
    assert client.get(url).status_code == 200  # may read
    assert client.post(url, {f"u{tree.cell_a1.pk}-value": "9"}).status_code == 403
    assert not Target.objects.exists()


def test_monitoring_settings_are_inherited_and_validated(tree: Tree, users: Users) -> None:
    client = login(users.commune_staff)
    url = reverse("targets:settings", args=[tree.ward_a.pk])
    response = client.post(
        url, {"q4_threshold": "0", "idle_years": "3", "min_official_members": "3"}
    )
    assert response.status_code == 400
    assert (
        "Ngưỡng cảnh báo dồn cuối năm (phần trăm số kết nạp cả năm thực hiện trong quý IV): "
        in response.content.decode()
    )
    assert not MonitoringSettings.objects.exists()
    client.post(
        url,
        {"carry_over": "on", "q4_threshold": "35", "idle_years": "2", "min_official_members": "3"},
    )
    assert services.settings_for(tree.cell_a1).q4_threshold == 35  # from the ward
    assert services.settings_for(tree.commune_b).q4_threshold == 40  # the default


def test_administrators_add_the_next_term_and_overlaps_are_refused(
    tree: Tree, users: Users
) -> None:
    url = reverse("targets:terms")
    assert login(users.commune_staff).get(url).status_code == 200
    assert login(users.commune_staff).post(url, {}).status_code == 403
    admin = login(users.administrator)
    response = admin.post(
        url, {"name": "2030–2035", "starts_on": "01/10/2030", "ends_on": "30/09/2035"}
    )
    assert response.status_code == 302 and Term.objects.filter(name="2030–2035").exists()
    response = admin.post(url, {"name": "sai", "starts_on": "01/01/2029", "ends_on": "31/12/2031"})
    assert response.status_code == 400
    assert "trùng thời gian với nhiệm kỳ 2025–2030" in response.content.decode()
