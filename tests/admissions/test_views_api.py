"""Web pages and API of the admission workflow: the scope matrix, a blocked
step's message next to its field, the board and inbox counts, the API."""

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.admissions import steps
from apps.admissions.choices import Stage
from apps.admissions.models import Case
from apps.members.models import Member
from tests.admissions.conftest import candidate, present, ready_for_vote
from tests.conftest import PASSWORD, Tree, Users, api_client

D = dt.date


def login(users: Users, who: str) -> Client:
    client = Client()
    assert client.login(username=getattr(users, who).username, password=PASSWORD)
    return client


@pytest.fixture
def case(tree: Tree, voters: list[Member]) -> Case:
    return ready_for_vote(candidate(tree), voters)


URLS = [
    # (name, url(case, tree), permitted, out of scope, without permission)
    (
        "board",
        lambda c, t: reverse("admissions:board", args=[t.cell_a1.pk]),
        "cell_secretary",
        "outsider",
        None,
    ),
    (
        "case",
        lambda c, t: reverse("admissions:case", args=[c.pk]),
        "cell_secretary",
        "outsider",
        None,
    ),
    (
        "new candidate",
        lambda c, t: reverse("admissions:case_create", args=[t.cell_a1.pk]),
        "cell_secretary",
        "outsider",
        "auditor",
    ),
    (
        "cell vote form",
        lambda c, t: reverse("admissions:case_action", args=[c.pk, "cell_vote"]),
        "cell_secretary",
        "outsider",
        "training_centre",
    ),
    (
        "decision form",
        lambda c, t: reverse("admissions:case_action", args=[c.pk, "decide_admission"]),
        "commune_staff",
        "outsider",
        "cell_secretary",
    ),
    (
        "move case",
        lambda c, t: reverse("admissions:case_move", args=[c.pk]),
        "cell_secretary",
        "outsider",
        "auditor",
    ),
    ("inbox", lambda c, t: reverse("admissions:inbox"), "commune_staff", None, "cell_secretary"),
    ("policies", lambda c, t: reverse("admissions:policies"), "auditor", None, None),
    (
        "new policy",
        lambda c, t: reverse("admissions:policy_create"),
        "administrator",
        None,
        "province_officer",
    ),
    ("calendar", lambda c, t: reverse("admissions:calendar"), "auditor", None, None),
    ("api case", lambda c, t: f"/api/v1/cases/{c.pk}/", "cell_secretary", "outsider", None),
]


@pytest.mark.parametrize("row", URLS, ids=[u[0] for u in URLS])
def test_admission_pages_answer_the_scope_matrix(
    row: Any, case: Case, tree: Tree, users: Users
) -> None:
    _name, url_of, permitted, out_of_scope, no_permission = row
    url = url_of(case, tree)
    api = url.startswith("/api/")

    def client(who: str) -> Client:
        return api_client(getattr(users, who)) if api else login(users, who)

    anonymous = Client().get(url)
    assert anonymous.status_code == (401 if api else 302)
    if out_of_scope:
        assert client(out_of_scope).get(url).status_code == 404
    if no_permission:
        assert client(no_permission).get(url).status_code == 403
    assert client(permitted).get(url).status_code == 200


def vote_post(case: Case, yes: int) -> dict[str, Any]:
    data: dict[str, Any] = {"on": "10/06/2024", "yes": yes, "no": 0, "abstain": 0}
    for pk, status in present(case).items():
        data[f"att_{pk}"] = status
    return data


def test_the_cell_vote_form_records_the_vote_and_shows_the_arithmetic(
    case: Case, users: Users
) -> None:
    client = login(users, "cell_secretary")
    response = client.post(
        reverse("admissions:case_action", args=[case.pk, "cell_vote"]), vote_post(case, 6)
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.CELL_RESOLVED
    page = client.get(
        reverse("admissions:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "6 tán thành trên 6 được tính" in page


def test_a_blocked_vote_shows_the_rule_in_vietnamese_and_saves_nothing(
    tree: Tree, voters: list[Member], users: Users
) -> None:
    case = ready_for_vote(candidate(tree), voters, certificate=D(2019, 6, 9))
    client = login(users, "cell_secretary")
    response = client.post(
        reverse("admissions:case_action", args=[case.pk, "cell_vote"]), vote_post(case, 6)
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        "Ngày: E5: Giấy chứng nhận lớp bồi dưỡng ngày 09/06/2019 đã hết hạn từ 09/06/2024" in html
    )
    case.refresh_from_db()
    assert case.stage == Stage.DOSSIER and not case.votes.exists()


def test_the_board_shows_each_case_under_its_stage_with_its_deadline(
    case: Case, users: Users, tree: Tree
) -> None:
    steps.record_cell_vote(
        case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=6, no=0
    )
    response = login(users, "commune_staff").get(reverse("admissions:board", args=[tree.ward_a.pk]))
    columns = {col["stage"].value: col["cards"] for col in response.context["columns"]}
    card = columns[Stage.CELL_RESOLVED][0]
    assert card["case"].pk == case.pk
    assert (
        card["deadline"].rule == "T1" and card["deadline"].overdue
    )  # 60 wd from 10/06/2024 passed long ago
    assert response.context["total"] == sum(len(c) for c in columns.values())


def test_the_inbox_lists_cases_waiting_for_the_committee_and_approves_in_bulk(
    case: Case, users: Users
) -> None:
    steps.record_cell_vote(
        case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=6, no=0
    )
    client = login(users, "commune_staff")
    rows = client.get(reverse("admissions:inbox")).context["rows"]
    assert [r["case"].pk for r in rows] == [case.pk]
    response = client.post(
        reverse("admissions:inbox"), {"case": [case.pk], "op": "approve", "on": "20/06/2024"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.COMMITTEE_RESOLVED
    # the decision needs numbers: given a first number they are assigned in order
    client.post(
        reverse("admissions:inbox"),
        {
            "case": [case.pk],
            "op": "approve",
            "on": "15/07/2024",
            "first_number": 125,
            "number_suffix": "-QĐ/ĐU",
        },
    )
    case.refresh_from_db()
    assert (case.stage, case.decision_number) == (Stage.ADMITTED, "125-QĐ/ĐU")


def test_returning_from_the_inbox_puts_the_case_on_hold_with_the_reason(
    case: Case, users: Users
) -> None:
    steps.record_cell_vote(
        case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=6, no=0
    )
    client = login(users, "commune_staff")
    client.post(
        reverse("admissions:inbox"),
        {
            "case": [case.pk],
            "op": "return",
            "on": "20/06/2024",
            "reason": "Thiếu bản tự khai của mẹ",
        },
    )
    case.refresh_from_db()
    assert case.on_hold and "Thiếu bản tự khai của mẹ" in case.hold_reason


def test_the_api_takes_a_step_and_refuses_a_blocked_one(case: Case, users: Users) -> None:
    client = api_client(users.cell_secretary)
    body = {
        "on": "2024-06-10",
        "yes": 6,
        "no": 0,
        "attendance": {str(k): v for k, v in present(case).items()},
    }
    response = client.post(
        f"/api/v1/cases/{case.pk}/cell_vote/", body, content_type="application/json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == Stage.CELL_RESOLVED
    # the committee's step is not the cell secretary's
    assert (
        client.post(
            f"/api/v1/cases/{case.pk}/committee_resolve/",
            {"on": "2024-06-20"},
            content_type="application/json",
        ).status_code
        == 403
    )
    detail = client.get(f"/api/v1/cases/{case.pk}/").json()
    assert detail["deadlines"][0]["rule"] == "T1"
    assert detail["next_steps"][0]["action"] == "committee_resolve"


def test_the_api_lists_cases_by_stage_within_scope(case: Case, users: Users, tree: Tree) -> None:
    rows = api_client(users.cell_secretary).get("/api/v1/cases/?stage=dossier").json()["results"]
    assert [r["id"] for r in rows] == [case.pk]
    assert api_client(users.outsider).get("/api/v1/cases/").json()["results"] == []


def test_preflight_checks_a_dossier_without_saving(users: Users) -> None:
    client = api_client(users.auditor)
    response = client.post(
        "/api/v1/preflight",
        {
            "vote_on": "05/03/2026",
            "date_of_birth": "06/03/2008",
            "is_citizen": True,
            "education_ok": True,
            "awareness_certificate_on": "2021-03-04",
            "application_on": "2026-01-01",
            "personal_history_on": "2026-01-01",
            "comments_on": "2026-02-01",
            "cell_comment_on": "2026-02-10",
            "verifications": [{"relation": "bản thân", "concluded_on": "2026-02-01"}],
            "introducers": [
                {
                    "name": name,
                    "full_since": "2010-01-01",
                    "together_since": "2020-01-01",
                    "introduced_on": "2026-02-01",
                }
                for name in ("A", "B")
            ],
            "vote": {"attendance": ["present"] * 9 + ["exempt_absent"], "yes": 6, "no": 3},
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    body = response.json()
    assert response.status_code == 200 and body["policy"] == "2025" and not body["passes"]
    blocked = {o["rule"] for o in body["outcomes"] if o["severity"] == "block"}
    assert blocked == {"E2", "E5"}
    assert body["vote"] == {"official_members": 10, "denominator": 9, "required": 6, "passed": True}
    assert not Case.objects.exists()


def test_an_administrator_adds_a_policy_version_without_code(users: Users) -> None:
    from apps.admissions.models import PolicyVersion

    client = login(users, "administrator")
    form = client.get(reverse("admissions:policy_create")).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(
        {
            "code": "2026",
            "effective_from": "01/01/2026",
            "ceremony_clock": "issued",
            "min_official_members_blocks": "",
        }
    )
    response = client.post(reverse("admissions:policy_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    version = PolicyVersion.objects.get(code="2026")
    assert version.ceremony_clock == "issued" and version.references  # references carried over
    from apps.admissions.evaluation import policy_for

    assert policy_for(D(2026, 3, 1)).code == "2026"


def test_a_scanned_document_is_served_only_within_scope_and_the_download_is_recorded(
    case: Case, users: Users, tmp_path: Any, settings: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from apps.admissions.models import CaseDocument
    from apps.audit.models import AccessEntry

    settings.MEDIA_ROOT = tmp_path
    client = login(users, "cell_secretary")
    client.post(
        reverse("admissions:case_part", args=[case.pk, "document"]),
        {
            "document-code": "application",
            "document-received_on": "01/04/2024",
            "document-file": SimpleUploadedFile(
                "don.pdf", b"%PDF-1.4 test", content_type="application/pdf"
            ),
        },
    )
    doc = CaseDocument.objects.get(case=case, code="application")
    url = reverse("admissions:document_file", args=[doc.pk])
    response = client.get(url)
    assert response.status_code == 200 and response.getvalue() == b"%PDF-1.4 test"
    assert AccessEntry.objects.filter(
        kind="file", object_id=str(case.pk), filters={"document": "application"}
    ).exists()
    assert login(users, "outsider").get(url).status_code == 404
    assert login(users, "training_centre").get(url).status_code == 403


def test_the_readmission_page_answers_the_scope_matrix(tree: Tree, users: Users) -> None:
    from apps.members.services import update_member
    from tests.conftest import make_member

    former = make_member(tree.cell_a1, "Đinh Văn Lâm", citizen_id="087180000777")
    update_member(
        former,
        by="test",
        person_changes={},
        member_changes={"status": "removed", "left_on": D(2020, 3, 1)},
    )
    url = reverse("admissions:readmit", args=[former.pk])
    assert Client().get(url).status_code == 302
    assert login(users, "outsider").get(url).status_code == 404
    assert login(users, "auditor").get(url).status_code == 403
    assert login(users, "cell_secretary").get(url).status_code == 200


def test_board_inbox_and_api_list_queries_do_not_grow_with_cases(
    tree: Tree, voters: list[Member], users: Users
) -> None:
    def add_cases(first: int) -> None:
        for i in range(first, first + 6):
            case = ready_for_vote(
                candidate(tree, f"Nguyễn Văn Số {i}", citizen_id=f"0871980009{i:02d}"), voters
            )
            steps.record_cell_vote(
                case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=6, no=0
            )

    urls = (
        reverse("admissions:board", args=[tree.ward_a.pk]),
        reverse("admissions:inbox"),
        "/api/v1/cases/",
    )
    client = login(users, "commune_staff")

    def counts() -> list[int]:
        found = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            found.append(len(queries))
        return found

    add_cases(0)
    with_six = counts()
    add_cases(6)
    assert counts() == with_six  # the same queries for 6 cases as for 12
    # session, user, second factor, grants, the page's own reads, access log
    assert max(with_six) <= 16, with_six


def test_the_board_title_is_plain_text(users: Users, tree: Tree) -> None:
    html = (
        login(users, "cell_secretary")
        .get(reverse("admissions:board", args=[tree.cell_a1.pk]))
        .content.decode()
    )
    title = html.split("<title>")[1].split("</title>")[0]
    assert "<" not in title and "Chi bộ Khóm 1" in title


def test_a_decision_approved_in_bulk_gets_its_receipt_date_with_the_ceremony(
    case: Case, users: Users
) -> None:
    steps.record_cell_vote(
        case, by="test", on=D(2024, 6, 10), attendance=present(case), yes=6, no=0
    )
    steps.committee_resolve(case, by="test", on=D(2024, 6, 20))
    login(users, "commune_staff").post(
        reverse("admissions:inbox"),
        {"case": [case.pk], "op": "approve", "on": "15/07/2024", "first_number": 7},
    )
    case.refresh_from_db()
    assert case.stage == Stage.ADMITTED and case.decision_received_on is None
    url = reverse("admissions:case_action", args=[case.pk, "hold_ceremony"])
    client = login(users, "cell_secretary")
    # a ceremony before the receipt it names is refused, and nothing is saved
    assert client.post(url, {"on": "01/08/2024", "received_on": "02/08/2024"}).status_code == 400
    case.refresh_from_db()
    assert case.decision_received_on is None
    assert client.post(url, {"on": "01/08/2024", "received_on": "17/07/2024"}).status_code == 302
    case.refresh_from_db()
    assert (case.stage, case.decision_received_on) == (Stage.PROBATIONARY, D(2024, 7, 17))


def test_a_pending_verification_is_concluded_from_the_case_page(tree: Tree, users: Users) -> None:
    from apps.admissions import services

    case = candidate(tree)
    row = services.add_verification(
        case, by="test", relation="Mẹ", full_name="Trần Thị Tư", concluded_on=None
    )
    client = login(users, "cell_secretary")
    url = reverse("admissions:verification_conclude", args=[case.pk, row.pk])
    client.post(url, {"concluded_on": "31/02/2024"})
    row.refresh_from_db()
    assert row.concluded_on is None
    client.post(url, {"concluded_on": "05/05/2024"})
    row.refresh_from_db()
    assert row.concluded_on == D(2024, 5, 5)
    assert login(users, "outsider").post(url, {"concluded_on": "05/05/2024"}).status_code == 404
