"""Finding 6 (issue #11), personal data (Law 91/2025/QH15; RULES.md,
"Personal data"): masked citizen IDs were recovered by prefix search;
ethnicity, religion and relatives were shown to roles without
view_personal; dossier and member pages, the API and the exports left no
audit row; replacing a dossier document lost its old values."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.admissions import services as case_services
from apps.admissions.history import document_label
from apps.admissions.models import Case
from apps.audit.models import AuditEntry
from tests.conftest import Tree, Users, make_member, make_user
from tests.security.conftest import login

D = dt.date
CID = "087185012345"


def test_finding_6_citizen_id_prefix_search_finds_nothing(tree: Tree, users: Users) -> None:
    make_member(tree.cell_a1, "Nguyễn Văn Kín", citizen_id=CID)
    auditor = login(users, "auditor")
    for q in ("0", "087", "0871850", CID[:-1], CID):
        assert auditor.get(f"/api/v1/members/?q={q}").json()["count"] == 0, q
        assert auditor.get(reverse("members:list") + f"?q={q}").context["page"].paginator.count == 0
    secretary = login(users, "cell_secretary")
    assert secretary.get(f"/api/v1/members/?q={CID[:-1]}").json()["count"] == 0
    found = secretary.get(f"/api/v1/members/?q={CID}").json()
    assert [r["person"]["full_name"] for r in found["results"]] == ["Nguyễn Văn Kín"]


def test_finding_6_sensitive_fields_hidden_without_view_personal(
    tree: Tree, users: Users, case: Case
) -> None:
    member = make_member(
        tree.cell_a1, "Thạch Thị Sa Rươl", citizen_id=CID, ethnicity="05", religion="buddhism"
    )
    case_services.add_verification(
        case, by="test", relation="cha", full_name="Huỳnh Văn Tư", concluded_on=D(2024, 5, 6)
    )
    member_url = reverse("members:detail", args=[member.pk])
    case_url = reverse("admissions:case", args=[case.pk])
    for who in ("auditor", "training_centre"):
        client = login(users, who)
        page = client.get(member_url).content.decode()
        assert "Khmer" not in page and "Phật giáo" not in page and CID not in page, who
        person = client.get(f"/api/v1/members/{member.pk}/").json()["person"]
        assert (person["ethnicity"], person["religion"], person["citizen_id"]) == (None,) * 3
        dossier = client.get(case_url).content.decode()
        assert "Huỳnh Văn Tư" not in dossier and "cha:" not in dossier, who
        assert "verification:cha" not in dossier, who
        quality = client.get(
            reverse("reports:list", args=[tree.ward_a.pk]) + "?figure=quality:ethnic_minority"
        )
        assert quality.status_code == 403, who
    secretary = login(users, "cell_secretary")
    page = secretary.get(member_url).content.decode()
    assert "Khmer" in page and "Phật giáo" in page and CID in page
    assert "Huỳnh Văn Tư" in secretary.get(case_url).content.decode()


def test_finding_6_dossier_view_is_audited(
    tree: Tree, users: Users, case: Case, members: dict[str, Any]
) -> None:
    from apps.audit.models import AccessEntry

    auditor = login(users, "auditor")
    auditor.get(reverse("admissions:case", args=[case.pk]))
    auditor.get(reverse("members:detail", args=[members["a1"].pk]))
    auditor.get(f"/api/v1/cases/{case.pk}/")
    auditor.get("/api/v1/members/?q=nguyen")
    staff = login(users, "commune_staff")
    staff.get(reverse("members:list") + f"?unit={tree.ward_a.pk}&format=xlsx")

    def rows(**lookup: Any) -> list[Any]:
        return list(AccessEntry.objects.filter(**lookup))

    [page] = rows(actor=users.auditor, kind="page", content_type__model="case")
    assert page.object_id == str(case.pk) and page.organization == tree.cell_a1
    [member_page] = rows(actor=users.auditor, kind="page", content_type__model="member")
    assert member_page.object_id == str(members["a1"].pk)
    [api] = rows(actor=users.auditor, kind="api", content_type__model="case")
    assert api.object_id == str(case.pk)
    [search] = rows(actor=users.auditor, kind="api", object_id="")
    assert search.filters == {"q": "nguyen"} and search.rows == 1
    [export] = rows(actor=users.commune_staff, kind="export")
    assert export.filters == {"unit": str(tree.ward_a.pk)} and export.rows == 3
    assert export.organization == tree.ward_a

    # the auditor's page: who viewed or exported what, filtered, in scope
    log = reverse("audit:access")
    listed = auditor.get(log).context["page"]
    assert listed.paginator.count == 5
    by_staff = auditor.get(log + "?user=vanphong").context["page"]
    assert [e.kind for e in by_staff] == ["export"]
    in_cell = auditor.get(log + f"?unit={tree.cell_a1.pk}").context["page"]
    assert {e.kind for e in in_cell} == {"page", "api"}
    today = timezone.localtime(export.at).strftime("%d/%m/%Y")  # a Vietnamese day
    assert (
        auditor.get(log + f"?date_from={today}&date_to={today}").context["page"].paginator.count
        == 5
    )
    assert auditor.get(log + "?date_to=01/01/2020").context["page"].paginator.count == 0
    assert login(users, "commune_staff").get(log).status_code == 403
    other = make_user("kiemtra_b", "auditor", tree.commune_b)
    client = login(users, "auditor")
    client.logout()
    assert client.login(username=other.username, password="test-password-2026")
    assert client.get(log).context["page"].paginator.count == 0  # ward A is not theirs


def test_finding_6_document_replacement_keeps_old_values(
    case: Case, users: Users, tmp_path: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = login(users, "cell_secretary")
    url = reverse("admissions:case_part", args=[case.pk, "document"])

    def upload(name: str, body: bytes, received: str, number: str) -> None:
        client.post(
            url,
            {
                "document-code": "application",
                "document-received_on": received,
                "document-number": number,
                "document-file": SimpleUploadedFile(name, body, content_type="application/pdf"),
            },
        )

    upload("don-cu.pdf", b"%PDF-1.4 old", "01/04/2024", "01")
    upload("don-moi.pdf", b"%PDF-1.4 new", "03/04/2024", "02")
    entry = AuditEntry.objects.filter(
        object_id=str(case.pk), note=document_label("application")
    ).first()
    assert entry is not None
    changes = entry.changes
    assert changes["document:application"] == ["2024-04-01", "2024-04-03"]
    assert changes["document:application:number"] == ["01", "02"]
    old, new = changes["document:application:file"]
    assert "don-cu" in old
    assert hashlib.sha256(b"%PDF-1.4 old").hexdigest() in old
    assert "don-moi" in new and hashlib.sha256(b"%PDF-1.4 new").hexdigest() in new
