"""Every URL answers the scope matrix: anonymous → login (or 401/403 for the
API), out of scope → 404, in scope without the permission → 403, permitted →
200. One table, so a new URL without a row is noticed in review."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, Tree, Users, api_client


@dataclass
class Case:
    name: str
    url: Callable[[Tree, Users, dict[str, Any]], str]
    permitted: str
    out_of_scope: str | None
    no_permission: str | None
    api: bool = False


def u(name: str, *args: Any) -> str:
    return reverse(name, args=args)


CASES = [
    Case("home", lambda t, us, m: u("home"), "cell_secretary", None, None),
    Case(
        "unit detail",
        lambda t, us, m: u("organizations:detail", t.cell_a1.pk),
        "cell_secretary",
        "outsider",
        None,
    ),
    Case(
        "unit detail as of",
        lambda t, us, m: u("organizations:detail", t.ward_a.pk) + "?as_of=31/12/2024",
        "commune_staff",
        "outsider",
        None,
    ),
    Case(
        "unit create",
        lambda t, us, m: u("organizations:create", t.ward_a.pk),
        "commune_staff",
        "outsider",
        "auditor",
    ),
    Case(
        "unit edit",
        lambda t, us, m: u("organizations:edit", t.ward_a.pk),
        "commune_staff",
        "outsider",
        "training_centre",
    ),
    Case(
        "unit rename",
        lambda t, us, m: u("organizations:rename", t.cell_a1.pk),
        "commune_staff",
        "outsider",
        "cell_secretary",
    ),
    Case(
        "unit move",
        lambda t, us, m: u("organizations:move", t.cell_a1.pk),
        "commune_staff",
        "outsider",
        "cell_secretary",
    ),
    Case(
        "unit merge",
        lambda t, us, m: u("organizations:merge", t.cell_a1.pk),
        "commune_staff",
        "outsider",
        "cell_secretary",
    ),
    Case(
        "unit split",
        lambda t, us, m: u("organizations:split", t.cell_a1.pk),
        "commune_staff",
        "outsider",
        "cell_secretary",
    ),
    Case(
        "unit dissolve",
        lambda t, us, m: u("organizations:dissolve", t.cell_a2.pk),
        "province_officer",
        "outsider",
        "auditor",
    ),
    Case(
        "member list",
        lambda t, us, m: u("members:list") + f"?unit={t.cell_a1.pk}",
        "cell_secretary",
        "outsider",
        None,
    ),
    Case(
        "member create",
        lambda t, us, m: u("members:create") + f"?unit={t.cell_a1.pk}",
        "cell_secretary",
        "outsider",
        "auditor",
    ),
    Case(
        "member detail",
        lambda t, us, m: u("members:detail", m["a1"].pk),
        "cell_secretary",
        "outsider",
        None,
    ),
    Case(
        "member edit",
        lambda t, us, m: u("members:edit", m["a1"].pk),
        "cell_secretary",
        "outsider",
        "training_centre",
    ),
    Case(
        "member transfer",
        lambda t, us, m: u("members:transfer", m["a1"].pk),
        "commune_staff",
        "outsider",
        "auditor",
    ),
    Case(
        "user list",
        lambda t, us, m: u("accounts:user_list"),
        "administrator",
        None,
        "province_officer",
    ),
    Case(
        "user create",
        lambda t, us, m: u("accounts:user_create"),
        "administrator",
        None,
        "commune_staff",
    ),
    Case(
        "user detail",
        lambda t, us, m: u("accounts:user_detail", us.cell_secretary.pk),
        "administrator",
        "admin_b",
        "province_officer",
    ),
    Case("password change", lambda t, us, m: u("accounts:password_change"), "auditor", None, None),
    Case(
        "api unit",
        lambda t, us, m: f"/api/v1/organizations/{t.cell_a1.pk}/",
        "cell_secretary",
        "outsider",
        None,
        api=True,
    ),
    Case(
        "api units",
        lambda t, us, m: "/api/v1/organizations/",
        "cell_secretary",
        None,
        None,
        api=True,
    ),
    Case(
        "api member",
        lambda t, us, m: f"/api/v1/members/{m['a1'].pk}/",
        "cell_secretary",
        "outsider",
        None,
        api=True,
    ),
    Case(
        "api members of a unit",
        lambda t, us, m: f"/api/v1/members/?unit={t.cell_a1.pk}",
        "cell_secretary",
        "outsider",
        None,
        api=True,
    ),
    Case("api schema", lambda t, us, m: "/api/schema/", "auditor", None, None, api=True),
    Case(
        "access log",
        lambda t, us, m: u("audit:access") + f"?unit={t.ward_a.pk}",
        "auditor",
        None,
        "commune_staff",
    ),
    Case(
        "dashboard",
        lambda t, us, m: u("reports:dashboard", t.ward_a.pk),
        "commune_staff",
        "cell_secretary",
        None,
    ),
    Case(
        "dashboard of a cell",
        lambda t, us, m: u("reports:dashboard", t.cell_a1.pk) + "?as_of=31/12/2025",
        "cell_secretary",
        "outsider",
        None,
    ),
    Case(
        "figure list",
        lambda t, us, m: u("reports:list", t.ward_a.pk) + "?figure=done:admissions:year",
        "auditor",
        "outsider",
        None,
    ),
    Case(
        "progress report",
        lambda t, us, m: u("reports:report", t.ward_a.pk) + "?period=q1&year=2025",
        "commune_staff",
        "outsider",
        None,
    ),
    Case(
        "progress report xlsx",
        lambda t, us, m: u("reports:report", t.province.pk) + "?format=xlsx",
        "auditor",
        "commune_staff",
        None,
    ),
    Case(
        "targets",
        lambda t, us, m: u("targets:unit", t.ward_a.pk) + "?period=2026&kind=pool",
        "auditor",
        "outsider",
        None,
    ),
    Case(
        "monitoring settings",
        lambda t, us, m: u("targets:settings", t.ward_a.pk),
        "commune_staff",
        "outsider",
        "auditor",
    ),
]


def client_for(users: Users, who: str | None, api: bool = False) -> Client:
    """A logged-in browser session, or for the API a personal token."""
    if who and api:
        return api_client(getattr(users, who))
    client = Client()
    if who:
        assert client.login(username=getattr(users, who).username, password=PASSWORD)
    return client


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_scope_matrix(case: Case, tree: Tree, users: Users, members: dict[str, Any]) -> None:
    url = case.url(tree, users, members)

    anonymous = Client().get(url)
    if case.api:
        assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Bearer"
    else:
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]

    if case.out_of_scope:
        assert client_for(users, case.out_of_scope, case.api).get(url).status_code == 404
    if case.no_permission:
        assert client_for(users, case.no_permission, case.api).get(url).status_code == 403
    assert client_for(users, case.permitted, case.api).get(url).status_code == 200


POSTS = [
    (
        "unit rename",
        lambda t, m: u("organizations:rename", t.cell_a1.pk),
        {"name": "Chi bộ mới", "on": "01/08/2025"},
    ),
    (
        "member transfer",
        lambda t, m: u("members:transfer", m["a1"].pk),
        {"to": "", "on": "01/08/2025"},
    ),
    ("user revoke", lambda t, m: u("accounts:user_revoke", 1, 1), {}),
    ("user two-factor reset", lambda t, m: u("accounts:user_reset_two_factor", 1), {}),
    ("user token revoke", lambda t, m: u("accounts:user_token_revoke", 1, 1), {}),
    ("targets", lambda t, m: u("targets:unit", t.ward_a.pk), {"u1-value": "3"}),
    (
        "monitoring settings",
        lambda t, m: u("targets:settings", t.ward_a.pk),
        {"q4_threshold": "30"},
    ),
]


@pytest.mark.parametrize(("name", "url", "data"), POSTS, ids=[p[0] for p in POSTS])
def test_writes_out_of_scope_answer_404_and_change_nothing(
    name: str, url: Any, data: dict[str, str], tree: Tree, users: Users, members: dict[str, Any]
) -> None:
    from apps.audit.models import AuditEntry

    before = AuditEntry.objects.count()
    response = client_for(users, "outsider").post(url(tree, members), data)
    assert response.status_code in (403, 404)
    assert AuditEntry.objects.count() == before


def test_a_list_never_leaks_rows_outside_the_scope(
    tree: Tree, users: Users, members: dict[str, Any]
) -> None:
    response = client_for(users, "cell_secretary").get(u("members:list"))
    names = {m.person.full_name for m in response.context["page"]}
    assert names == {"Nguyễn Văn Á", "Trần Thị Bích"}
    api = client_for(users, "outsider", api=True).get("/api/v1/members/").json()
    assert [r["person"]["full_name"] for r in api["results"]] == ["Phạm Văn Bình"]
    units = client_for(users, "cell_secretary", api=True).get("/api/v1/organizations/").json()
    assert [r["code"] for r in units["results"]] == ["A1"]
