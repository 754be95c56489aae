"""The permission matrix, generated from the URLconf: every named URL and API
route has one row saying what an anonymous visitor, a user outside the
unit's scope, a user in scope without the permission and a permitted user
get. `test_every_named_url_has_a_row` fails when a URL is added without its
row, so no page escapes the matrix (STYLE.md: tests generated from the
URLconf, as NetBox's view test cases)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apps.accounts.models import User
from tests.conftest import PASSWORD, Tree, Users, api_client, make_member

D = dt.date


@dataclass
class World:
    """The objects the URLs point at, all in ward A (cell A1) unless named."""

    tree: Tree
    users: Users
    members: dict[str, Any]
    ids: dict[str, int] = field(default_factory=dict)


@dataclass
class Row:
    """What each persona gets from one URL.

    `permitted` gets `ok`; `out_of_scope` (a user of commune B) gets 404;
    `no_permission` (in scope, without the permission) gets 403. A None
    persona means the case does not arise, with the reason in `note`.
    Anonymous visitors are sent to the login page (HTML) or get 401 with
    `WWW-Authenticate: Bearer` (API), unless `anonymous` says otherwise."""

    url: Callable[[World], str]
    permitted: str | None
    out_of_scope: str | None = None
    no_permission: str | None = None
    method: str = "get"
    data: dict[str, Any] | Callable[[World], dict[str, Any]] = field(default_factory=dict)
    ok: int = 200
    anonymous: int | None = None
    api: bool = False
    note: str = ""


def u(name: str, *args: Any) -> str:
    return reverse(name, args=args)


NOT_IN_A_UNIT = "the page is not about one unit: every user sees only their own rows"

MATRIX: dict[str, Row] = {
    # ---------------------------------------------------------------- shell
    "home": Row(lambda w: u("home"), "cell_secretary", note=NOT_IN_A_UNIT),
    # ---------------------------------------------------------------- deadlines
    "deadlines:list": Row(
        lambda w: u("deadlines:list") + f"?unit={w.tree.cell_a1.pk}",
        "cell_secretary",
        "outsider",
        note="every role may view its units' deadlines; without ?unit= the user's own",
    ),
    "deadlines:settings": Row(lambda w: u("deadlines:settings"), "auditor", note=NOT_IN_A_UNIT),
    "deadlines:unit_settings": Row(
        lambda w: u("deadlines:unit_settings", w.tree.ward_a.pk),
        "commune_staff",
        "outsider",
        "auditor",
        note="set_targets: the unit's staff and the levels above",
    ),
    "deadlines:feed_issue": Row(
        lambda w: u("deadlines:feed_issue"), "auditor", method="post", ok=302, note=NOT_IN_A_UNIT
    ),
    "deadlines:feed_revoke": Row(
        lambda w: u("deadlines:feed_revoke"), "auditor", method="post", ok=302, note=NOT_IN_A_UNIT
    ),
    "deadlines:feed": Row(
        lambda w: u("deadlines:feed", "not-a-token"),
        None,
        anonymous=404,
        note="the secret token in the URL is the credential (calendar programs cannot log in): "
        "an unknown or revoked one answers 404 to everyone; tests/deadlines covers a valid one",
    ),
    "deadlines:notifications": Row(
        lambda w: u("deadlines:notifications"), "auditor", note=NOT_IN_A_UNIT
    ),
    "deadlines:notifications_read": Row(
        lambda w: u("deadlines:notifications_read"),
        "auditor",
        method="post",
        ok=302,
        note="a user marks only their own notifications",
    ),
    # ---------------------------------------------------------------- accounts
    "accounts:password_change": Row(
        lambda w: u("accounts:password_change"), "auditor", note=NOT_IN_A_UNIT
    ),
    "accounts:security": Row(lambda w: u("accounts:security"), "auditor", note=NOT_IN_A_UNIT),
    "accounts:two_factor_enrol": Row(
        lambda w: u("accounts:two_factor_enrol"), "auditor", note=NOT_IN_A_UNIT
    ),
    "accounts:recovery_codes_renew": Row(
        lambda w: u("accounts:recovery_codes_renew"),
        "auditor",
        method="post",
        ok=302,
        note="without a second factor there are no codes to renew: back to the page",
    ),
    "accounts:token_create": Row(
        lambda w: u("accounts:token_create"),
        "auditor",
        method="post",
        data={"name": "x", "days": "30", "password": "wrong"},
        ok=400,
        note="the password is asked again; a wrong one is refused",
    ),
    "accounts:token_revoke": Row(
        lambda w: u("accounts:token_revoke", w.ids["token"]),
        "commune_staff",
        out_of_scope="auditor",
        method="post",
        ok=302,
        note="a token is its owner's: anyone else gets 404",
    ),
    "accounts:user_list": Row(
        lambda w: u("accounts:user_list"), "administrator", no_permission="province_officer"
    ),
    "accounts:user_create": Row(
        lambda w: u("accounts:user_create"), "administrator", no_permission="commune_staff"
    ),
    "accounts:user_detail": Row(
        lambda w: u("accounts:user_detail", w.users.cell_secretary.pk),
        "administrator",
        out_of_scope="admin_b",
        no_permission="province_officer",
    ),
    "accounts:user_reset_password": Row(
        lambda w: u("accounts:user_reset_password", w.users.cell_secretary.pk),
        "administrator",
        out_of_scope="admin_b",
        no_permission="province_officer",
        method="post",
        data={"password": "Mat-khau-tam-2026"},
        ok=302,
    ),
    "accounts:user_reset_two_factor": Row(
        lambda w: u("accounts:user_reset_two_factor", w.users.cell_secretary.pk),
        "administrator",
        out_of_scope="admin_b",
        no_permission="province_officer",
        method="post",
        ok=302,
    ),
    "accounts:user_token_revoke": Row(
        lambda w: u("accounts:user_token_revoke", w.users.commune_staff.pk, w.ids["token"]),
        "administrator",
        out_of_scope="admin_b",
        no_permission="province_officer",
        method="post",
        ok=302,
    ),
    "accounts:user_grant": Row(
        lambda w: u("accounts:user_grant", w.users.cell_secretary.pk),
        "administrator",
        out_of_scope="admin_b",
        no_permission="province_officer",
        method="post",
        data=lambda w: {"organization": w.tree.cell_a2.pk, "role": "cell_secretary"},
        ok=302,
    ),
    "accounts:user_revoke": Row(
        lambda w: u("accounts:user_revoke", w.users.cell_secretary.pk, w.ids["grant"]),
        "administrator",
        out_of_scope="admin_b",
        no_permission="province_officer",
        method="post",
        ok=302,
    ),
    # ---------------------------------------------------------------- the tree
    "organizations:detail": Row(
        lambda w: u("organizations:detail", w.tree.cell_a1.pk), "cell_secretary", "outsider"
    ),
    "organizations:create": Row(
        lambda w: u("organizations:create", w.tree.ward_a.pk),
        "commune_staff",
        "outsider",
        "auditor",
    ),
    "organizations:edit": Row(
        lambda w: u("organizations:edit", w.tree.ward_a.pk),
        "commune_staff",
        "outsider",
        "training_centre",
    ),
    "organizations:rename": Row(
        lambda w: u("organizations:rename", w.tree.cell_a1.pk),
        "commune_staff",
        "outsider",
        "cell_secretary",
    ),
    "organizations:move": Row(
        lambda w: u("organizations:move", w.tree.cell_a1.pk),
        "commune_staff",
        "outsider",
        "cell_secretary",
    ),
    "organizations:merge": Row(
        lambda w: u("organizations:merge", w.tree.cell_a1.pk),
        "commune_staff",
        "outsider",
        "cell_secretary",
    ),
    "organizations:split": Row(
        lambda w: u("organizations:split", w.tree.cell_a1.pk),
        "commune_staff",
        "outsider",
        "cell_secretary",
    ),
    "organizations:dissolve": Row(
        lambda w: u("organizations:dissolve", w.tree.cell_a2.pk),
        "province_officer",
        "outsider",
        "auditor",
    ),
    # ---------------------------------------------------------------- members
    "members:list": Row(
        lambda w: u("members:list") + f"?unit={w.tree.cell_a1.pk}", "cell_secretary", "outsider"
    ),
    "members:create": Row(
        lambda w: u("members:create") + f"?unit={w.tree.cell_a1.pk}",
        "cell_secretary",
        "outsider",
        "auditor",
    ),
    "members:detail": Row(
        lambda w: u("members:detail", w.members["a1"].pk), "cell_secretary", "outsider"
    ),
    "members:edit": Row(
        lambda w: u("members:edit", w.members["a1"].pk),
        "cell_secretary",
        "outsider",
        "training_centre",
    ),
    "members:transfer": Row(
        lambda w: u("members:transfer", w.members["a1"].pk),
        "commune_staff",
        "outsider",
        "auditor",
    ),
    # ---------------------------------------------------------------- admissions
    "admissions:board": Row(
        lambda w: u("admissions:board", w.tree.cell_a1.pk), "cell_secretary", "outsider"
    ),
    "admissions:case_create": Row(
        lambda w: u("admissions:case_create", w.tree.cell_a1.pk),
        "cell_secretary",
        "outsider",
        "auditor",
    ),
    "admissions:case": Row(
        lambda w: u("admissions:case", w.ids["case"]), "cell_secretary", "outsider"
    ),
    "admissions:case_action": Row(
        lambda w: u("admissions:case_action", w.ids["case"], "cell_vote"),
        "cell_secretary",
        "outsider",
        "auditor",
    ),
    "admissions:case_part": Row(
        lambda w: u("admissions:case_part", w.ids["case"], "comment"),
        "cell_secretary",
        "outsider",
        "auditor",
        method="post",
        data={"comment-on": "10/05/2024", "comment-text": "Tích cực trong công tác Đoàn."},
        ok=302,
    ),
    "admissions:case_pick": Row(
        lambda w: u("admissions:case_pick", w.ids["case"], "introducer") + "?q=Một",
        "cell_secretary",
        "outsider",
        "auditor",
    ),
    "admissions:case_hold": Row(
        lambda w: u("admissions:case_hold", w.ids["case"]),
        "cell_secretary",
        "outsider",
        "auditor",
        method="post",
        data={"on_hold": "on", "reason": "Đi làm ăn xa"},
        ok=302,
    ),
    "admissions:case_criteria": Row(
        lambda w: u("admissions:case_criteria", w.ids["case"]),
        "cell_secretary",
        "outsider",
        "auditor",
        method="post",
        ok=302,
    ),
    "admissions:case_part_remove": Row(
        lambda w: u(
            "admissions:case_part_remove", w.ids["case"], "verification", w.ids["verification"]
        ),
        "cell_secretary",
        "outsider",
        "auditor",
        method="post",
        data={"reason": "Ghi nhầm người"},
        ok=302,
    ),
    "admissions:verification_conclude": Row(
        lambda w: u("admissions:verification_conclude", w.ids["case"], w.ids["verification"]),
        "cell_secretary",
        "outsider",
        "auditor",
        method="post",
        data={"concluded_on": "06/05/2024"},
        ok=302,
    ),
    "admissions:criterion_add": Row(
        lambda w: u("admissions:criterion_add", w.tree.ward_a.pk),
        "commune_staff",
        "outsider",
        "auditor",
        method="post",
        data={"text": "Hoàn thành tốt nhiệm vụ năm trước"},
        ok=302,
    ),
    "admissions:criterion_retire": Row(
        lambda w: u("admissions:criterion_retire", w.ids["criterion"]),
        "commune_staff",
        "outsider",
        "auditor",
        method="post",
        ok=302,
    ),
    "admissions:case_move": Row(
        lambda w: u("admissions:case_move", w.ids["case"]),
        "commune_staff",
        "outsider",
        "auditor",
    ),
    "admissions:document_file": Row(
        lambda w: u("admissions:document_file", w.ids["scan"]),
        "cell_secretary",
        "outsider",
        "auditor",
        note="a scan is personal data: view_personal",
    ),
    "admissions:readmit": Row(
        lambda w: u("admissions:readmit", w.ids["former"]),
        "cell_secretary",
        "outsider",
        "auditor",
    ),
    "admissions:inbox": Row(
        lambda w: u("admissions:inbox"),
        "commune_staff",
        no_permission="cell_secretary",
        note=NOT_IN_A_UNIT,
    ),
    "admissions:policies": Row(lambda w: u("admissions:policies"), "auditor", note=NOT_IN_A_UNIT),
    "admissions:policy_create": Row(
        lambda w: u("admissions:policy_create"),
        "administrator",
        no_permission="province_officer",
        note="policy versions are the installation's: no unit",
    ),
    "admissions:calendar": Row(lambda w: u("admissions:calendar"), "auditor", note=NOT_IN_A_UNIT),
    "admissions:calendar_delete": Row(
        lambda w: u("admissions:calendar_delete", w.ids["calendar"]),
        "administrator",
        no_permission="province_officer",
        method="post",
        ok=302,
        note="the calendar is the installation's: no unit",
    ),
    # ---------------------------------------------------------------- training
    "training:list": Row(lambda w: u("training:list"), "cell_secretary", note=NOT_IN_A_UNIT),
    "training:create": Row(
        lambda w: u("training:create"),
        "training_centre",
        no_permission="commune_staff",
        note=NOT_IN_A_UNIT,
    ),
    "training:provider_create": Row(
        lambda w: u("training:provider_create"),
        "training_centre",
        no_permission="commune_staff",
        method="post",
        data=lambda w: {"name": "Trung tâm mới", "organization": w.tree.province.pk},
        ok=302,
        note=NOT_IN_A_UNIT,
    ),
    "training:waiting": Row(lambda w: u("training:waiting"), "commune_staff", note=NOT_IN_A_UNIT),
    "training:detail": Row(
        lambda w: u("training:detail", w.ids["class"]), "cell_secretary", "outsider"
    ),
    "training:status": Row(
        lambda w: u("training:status", w.ids["class"]),
        "training_centre",
        "outsider",
        "commune_staff",
        method="post",
        data={"status": "open"},
        ok=302,
    ),
    "training:cancel": Row(
        lambda w: u("training:cancel", w.ids["class"]),
        "training_centre",
        "outsider",
        "commune_staff",
        note="the review screen; the POST with a reason cancels",
    ),
    "training:reopen": Row(
        lambda w: u("training:reopen", w.ids["class"]),
        "training_centre",
        "outsider",
        "commune_staff",
        ok=302,
        note="a class that is not cancelled sends its manager back to the class page",
    ),
    "training:export": Row(
        lambda w: u("training:export", w.ids["class"], "list.pdf"), "cell_secretary", "outsider"
    ),
    # ---------------------------------------------------------------- targets and reports
    "targets:unit": Row(
        lambda w: u("targets:unit", w.tree.ward_a.pk) + "?period=2026&kind=pool",
        "auditor",
        "outsider",
    ),
    "targets:settings": Row(
        lambda w: u("targets:settings", w.tree.ward_a.pk),
        "commune_staff",
        "outsider",
        "auditor",
    ),
    "targets:terms": Row(lambda w: u("targets:terms"), "auditor", note=NOT_IN_A_UNIT),
    "reports:dashboard": Row(
        lambda w: u("reports:dashboard", w.tree.ward_a.pk), "commune_staff", "cell_secretary"
    ),
    "reports:list": Row(
        lambda w: u("reports:list", w.tree.ward_a.pk) + "?figure=done:admissions:year",
        "auditor",
        "outsider",
    ),
    "reports:report": Row(
        lambda w: u("reports:report", w.tree.ward_a.pk) + "?period=q1&year=2025",
        "commune_staff",
        "outsider",
    ),
    # ---------------------------------------------------------------- imports and papers
    "imports:list": Row(
        lambda w: u("imports:list"), "commune_staff", no_permission="auditor", note=NOT_IN_A_UNIT
    ),
    "imports:detail": Row(
        lambda w: u("imports:detail", w.ids["import"]),
        "commune_staff",
        out_of_scope="province_officer",
        note="an import is seen only by who uploaded it",
    ),
    "imports:errors": Row(
        lambda w: u("imports:errors", w.ids["import"]),
        "commune_staff",
        out_of_scope="province_officer",
        note="an import is seen only by who uploaded it",
    ),
    "imports:template": Row(
        lambda w: u("imports:template", "members"), "auditor", note="the empty template"
    ),
    "documents:case": Row(
        lambda w: u("documents:case", w.ids["case"]), "cell_secretary", "outsider", "auditor"
    ),
    "documents:bundle": Row(
        lambda w: u("documents:bundle", w.ids["case"]), "cell_secretary", "outsider", "auditor"
    ),
    "documents:paper": Row(
        lambda w: u("documents:paper", w.ids["case"], "1-KNĐ", 0),
        "cell_secretary",
        "outsider",
        "auditor",
    ),
    "documents:templates": Row(
        lambda w: u("documents:templates"), "auditor", note="the templates are the installation's"
    ),
    "documents:builtin": Row(
        lambda w: u("documents:builtin", "1-KNĐ"), "auditor", note="the empty built-in template"
    ),
    "audit:access": Row(
        lambda w: u("audit:access") + f"?unit={w.tree.ward_a.pk}",
        "auditor",
        no_permission="commune_staff",
        note=NOT_IN_A_UNIT,
    ),
    # ---------------------------------------------------------------- the API
    "preflight": Row(
        lambda w: "/api/v1/preflight",
        "cell_secretary",
        method="post",
        data={},
        ok=400,
        api=True,
        note="facts only, no stored object: an empty body is a 400 naming the fields",
    ),
    "api-me": Row(lambda w: "/api/v1/me/", "auditor", api=True, note=NOT_IN_A_UNIT),
    "api-me-password": Row(
        lambda w: "/api/v1/me/password/",
        "auditor",
        method="post",
        data={},
        ok=400,
        api=True,
        note=NOT_IN_A_UNIT,
    ),
    "api-root": Row(lambda w: "/api/v1/", "auditor", api=True, note=NOT_IN_A_UNIT),
    "organization-list": Row(
        lambda w: "/api/v1/organizations/", "cell_secretary", api=True, note=NOT_IN_A_UNIT
    ),
    "organization-detail": Row(
        lambda w: f"/api/v1/organizations/{w.tree.cell_a1.pk}/",
        "cell_secretary",
        "outsider",
        api=True,
    ),
    "member-list": Row(
        lambda w: f"/api/v1/members/?unit={w.tree.cell_a1.pk}",
        "cell_secretary",
        "outsider",
        api=True,
    ),
    "member-detail": Row(
        lambda w: f"/api/v1/members/{w.members['a1'].pk}/", "cell_secretary", "outsider", api=True
    ),
    "case-list": Row(lambda w: "/api/v1/cases/", "cell_secretary", api=True, note=NOT_IN_A_UNIT),
    "case-detail": Row(
        lambda w: f"/api/v1/cases/{w.ids['case']}/", "cell_secretary", "outsider", api=True
    ),
    "case-step": Row(
        lambda w: f"/api/v1/cases/{w.ids['case']}/committee_resolve/",
        "commune_staff",
        "outsider",
        "cell_secretary",
        method="post",
        data={"on": "2024-06-20"},
        ok=400,
        api=True,
        note="the case waits for its vote: the committee's step is refused with the rule",
    ),
    "training-class-list": Row(
        lambda w: "/api/v1/classes/", "cell_secretary", api=True, note=NOT_IN_A_UNIT
    ),
    "training-class-detail": Row(
        lambda w: f"/api/v1/classes/{w.ids['class']}/", "cell_secretary", "outsider", api=True
    ),
    "training-class-nominate": Row(
        lambda w: f"/api/v1/classes/{w.ids['class']}/nominate/",
        "commune_staff",
        "outsider",
        "auditor",
        method="post",
        data={},
        ok=400,
        api=True,
    ),
    "enrolment-list": Row(
        lambda w: "/api/v1/enrolments/", "cell_secretary", api=True, note=NOT_IN_A_UNIT
    ),
    "enrolment-detail": Row(
        lambda w: f"/api/v1/enrolments/{w.ids['enrolment']}/",
        "cell_secretary",
        "outsider",
        api=True,
    ),
    "schema": Row(lambda w: "/api/schema/", "auditor", api=True, note="the API's description"),
    "api-docs": Row(lambda w: "/api/docs/", "auditor", anonymous=401, note="the API's description"),
}

# Named URLs outside the matrix, each with the reason.
EXEMPT = {
    "accounts:login": "public: the way in",
    "accounts:logout": "ends the visitor's own session, whoever they are",
    "accounts:two_factor_verify": "the login's second step: only a session that gave its password",
    "set_language": "public: Django's language switch, changes only the visitor's cookie",
}


def _named_urls(patterns: list[Any], namespace: str = "") -> Iterator[str]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            full = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _named_urls(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def test_every_named_url_has_a_row() -> None:
    named = set(_named_urls(get_resolver().url_patterns))
    missing = sorted(named - set(MATRIX) - set(EXEMPT))
    stale = sorted((set(MATRIX) | set(EXEMPT)) - named)
    assert missing == [], f"URLs without a row in the permission matrix: {missing}"
    assert stale == [], f"rows for URLs that no longer exist: {stale}"


@pytest.fixture
def world(tree: Tree, users: Users, members: dict[str, Any]) -> World:
    from apps.accounts.models import RoleAssignment
    from apps.accounts.services import create_api_token
    from apps.admissions import services as admissions
    from apps.admissions.choices import DocumentCode
    from apps.admissions.models import CalendarOverride, LocalCriterion
    from apps.imports import services as imports
    from apps.members.choices import MemberStatus
    from apps.members.services import update_member
    from apps.training import services as training
    from apps.training.models import CourseKind, Provider
    from tests.admissions.conftest import candidate, ready_for_vote
    from tests.imports.test_import import MEMBER_HEADER, xlsx

    w = World(tree, users, members)
    voters = [make_member(tree.cell_a1, f"Đảng viên {i}", admitted=D(2005, 1, 10)) for i in "ABC"]
    case = ready_for_vote(candidate(tree), voters)  # papers 1-KNĐ… are due
    w.ids["case"] = case.pk
    w.ids["verification"] = admissions.add_verification(
        case, by="test", relation="Cha", full_name="Huỳnh Văn Tư", concluded_on=None
    ).pk
    scan = SimpleUploadedFile("don.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    w.ids["scan"] = admissions.add_document(
        case, by="test", code=DocumentCode.APPLICATION, received_on=D(2024, 4, 1), file=scan
    ).pk
    w.ids["criterion"] = LocalCriterion.objects.create(organization=tree.ward_a, text="Tốt").pk
    w.ids["calendar"] = CalendarOverride.objects.create(
        date=D(2026, 5, 2), kind=CalendarOverride.WORKING_DAY, note="Làm bù"
    ).pk
    former = make_member(tree.cell_a1, "Lê Văn Cũ", citizen_id="087170000999")
    update_member(
        former,
        by="test",
        person_changes={},
        member_changes={"status": MemberStatus.REMOVED, "left_on": D(2015, 6, 1)},
    )
    w.ids["former"] = former.pk
    w.ids["token"] = create_api_token(users.commune_staff, by="test", name="x", days=30)[0].pk
    w.ids["grant"] = RoleAssignment.objects.get(user=users.cell_secretary).pk
    provider = Provider.objects.create(name="Trung tâm Chính trị", organization=tree.province)
    klass = training.create_class(
        by="test",
        kind=CourseKind.objects.get(code="awareness"),
        provider=provider,
        title="Lớp nhận thức 1/2026",
        capacity=30,
        units=[tree.ward_a],
        days=[D(2026, 3, 7), D(2026, 3, 14)],
    )
    w.ids["class"] = klass.pk
    w.ids["enrolment"] = training.nominate(klass, by="test", case=case, unit=tree.ward_a).pk
    bad_row = ["Lê Văn Sai", "30/02/1988", "Nam", "087188004321", "Kinh", "A1"]
    job = imports.upload(
        by=users.commune_staff,
        kind="members",
        file_name="x.xlsx",
        data=xlsx([MEMBER_HEADER, [*bad_row, "Đảng viên chính thức", "03/02/2015"]]),
    )
    w.ids["import"] = job.pk
    return w


def _client(users: Users, who: str, api: bool) -> Client:
    user: User = getattr(users, who)
    if api:
        return api_client(user)
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def _request(client: Client, row: Row, world: World) -> Any:
    data = row.data(world) if callable(row.data) else row.data
    url = row.url(world)
    if row.method == "post":
        if row.api:
            return client.post(url, data, content_type="application/json")
        return client.post(url, data)
    return client.get(url)


@pytest.mark.parametrize("name", sorted(MATRIX), ids=sorted(MATRIX))
def test_permission_matrix(name: str, world: World) -> None:
    row = MATRIX[name]
    anonymous = _request(Client(), row, world)
    if row.anonymous is not None:
        assert anonymous.status_code == row.anonymous
    elif row.api:
        assert anonymous.status_code == 401 and anonymous["WWW-Authenticate"] == "Bearer"
    else:
        assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    if row.out_of_scope:
        got = _request(_client(world.users, row.out_of_scope, row.api), row, world)
        assert got.status_code == 404, f"{row.out_of_scope}: {got.status_code}"
    if row.no_permission:
        got = _request(_client(world.users, row.no_permission, row.api), row, world)
        assert got.status_code == 403, f"{row.no_permission}: {got.status_code}"
    if row.permitted:
        got = _request(_client(world.users, row.permitted, row.api), row, world)
        assert got.status_code == row.ok, f"{row.permitted}: {got.status_code}"


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
    response = _client(users, "outsider", False).post(url(tree, members), data)
    assert response.status_code in (403, 404)
    assert AuditEntry.objects.count() == before


def test_a_list_never_leaks_rows_outside_the_scope(
    tree: Tree, users: Users, members: dict[str, Any]
) -> None:
    response = _client(users, "cell_secretary", False).get(u("members:list"))
    names = {m.person.full_name for m in response.context["page"]}
    assert names == {"Nguyễn Văn Á", "Trần Thị Bích"}
    api = _client(users, "outsider", True).get("/api/v1/members/").json()
    assert [r["person"]["full_name"] for r in api["results"]] == ["Phạm Văn Bình"]
    units = _client(users, "cell_secretary", True).get("/api/v1/organizations/").json()
    assert [r["code"] for r in units["results"]] == ["A1"]
