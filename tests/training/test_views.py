import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from apps.admissions.choices import Stage
from apps.admissions.models import Case
from apps.audit.services import history
from apps.training import services
from apps.training.models import CourseKind, Provider, TrainingClass
from tests.conftest import PASSWORD, Tree, Users, api_client
from tests.training.test_services import pool_case

D = dt.date


def login(users: Users, who: str) -> Client:
    client = Client()
    assert client.login(username=getattr(users, who).username, password=PASSWORD)
    return client


@pytest.fixture
def klass(tree: Tree) -> TrainingClass:
    centre = Provider.objects.create(name="Trung tâm Chính trị tỉnh", organization=tree.province)
    return services.create_class(
        by="test",
        kind=CourseKind.objects.get(code="awareness"),
        provider=centre,
        title="Lớp nhận thức 1/2024",
        capacity=2,
        units=[tree.ward_a],
        days=[D(2024, 3, 2), D(2024, 3, 9)],
    )


@pytest.mark.parametrize(
    ("url_name", "permitted", "out_of_scope", "no_permission"),
    [
        ("training:list", "commune_staff", None, None),
        ("training:waiting", "training_centre", None, None),
        ("training:create", "training_centre", None, "commune_staff"),
    ],
)
def test_training_pages_answer_the_scope_matrix(
    url_name: str, permitted: str, out_of_scope: Any, no_permission: Any, users: Users
) -> None:
    url = reverse(url_name)
    assert Client().get(url).status_code == 302
    if no_permission:
        assert login(users, no_permission).get(url).status_code == 403
    assert login(users, permitted).get(url).status_code == 200


def test_a_class_page_is_hidden_from_units_it_does_not_serve(
    klass: TrainingClass, users: Users
) -> None:
    url = reverse("training:detail", args=[klass.pk])
    assert login(users, "outsider").get(url).status_code == 404
    assert login(users, "commune_staff").get(url).status_code == 200


def test_nominate_accept_attend_pass_and_certify_through_the_pages(
    klass: TrainingClass, tree: Tree, users: Users
) -> None:
    cases = [
        pool_case(tree, n, f"08719600010{i}")
        for i, n in enumerate(["Lê Văn A", "Lê Văn B", "Lê Văn C"])
    ]
    url = reverse("training:detail", args=[klass.pk])
    staff = login(users, "commune_staff")
    staff.post(url, {"op": "nominate", "case": [c.pk for c in cases]})
    centre = login(users, "training_centre")
    enrolments = list(klass.enrolments.order_by("id"))
    assert len(enrolments) == 3
    # the commune staff cannot accept: that is the provider's work
    staff.post(url, {"op": "accept", "enrolment": [e.pk for e in enrolments]})
    assert klass.enrolments.filter(status="accepted").count() == 0
    centre.post(url, {"op": "accept", "enrolment": [e.pk for e in enrolments]})
    accepted = list(klass.enrolments.filter(status="accepted").order_by("id"))
    assert len(accepted) == 2 and klass.enrolments.filter(status="waitlisted").count() == 1
    for session in klass.sessions.all():
        centre.post(
            url, {"op": "attendance", "session": session.pk, "present": [e.pk for e in accepted]}
        )
    centre.post(
        url,
        {
            "op": "results",
            f"result_{accepted[0].pk}": "passed",
            f"mark_{accepted[0].pk}": "8,5",
            f"result_{accepted[1].pk}": "passed",
            f"mark_{accepted[1].pk}": "7",
        },
    )
    centre.post(
        url,
        {
            "op": "certificates",
            "on": "10/03/2024",
            "first_number": "201",
            "suffix": "/GCN",
            "issuer": "Trung tâm Chính trị tỉnh",
        },
    )
    certified = Case.objects.filter(pk__in=[c.pk for c in cases], stage=Stage.TRAINED)
    assert sorted(certified.values_list("certificate_number", flat=True)) == ["201/GCN", "202/GCN"]
    # the counts on the class list equal the rows of the class page
    row = (
        login(users, "province_officer")
        .get(reverse("training:list"))
        .context["classes"]
        .get(pk=klass.pk)
    )
    page = centre.get(url).context["counts"]
    assert (
        (row.nominated, row.accepted, row.certified)
        == (page["nominated"], page["accepted"], page["certified"])
        == (3, 2, 2)
    )


def test_the_waiting_list_shows_candidates_without_a_class(tree: Tree, users: Users) -> None:
    case = pool_case(tree, "Lê Văn Chờ", "087196000333")
    response = login(users, "commune_staff").get(reverse("training:waiting"))
    assert [c.pk for c in response.context["need_awareness"]] == [case.pk]
    assert response.context["need_awareness_count"] == 1


def test_the_class_papers_download_as_pdf_and_excel(
    klass: TrainingClass, tree: Tree, users: Users
) -> None:
    import io

    from openpyxl import load_workbook

    case = pool_case(tree, "=Lê Văn Công", "087196000444")  # a name that looks like a formula
    [enrolment] = services.accept(
        [services.nominate(klass, by="test", case=case, unit=tree.ward_a)], by="test"
    )
    session = klass.sessions.first()
    assert session is not None
    services.record_attendance(session, by="test", present_ids=[enrolment.pk])
    client = login(users, "commune_staff")
    xlsx = client.get(reverse("training:export", args=[klass.pk, "attendance.xlsx"]))
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    assert sheet["A1"].value == "STT"
    name_cell = sheet["B2"]
    assert name_cell.data_type == "s" and str(name_cell.value).startswith(
        "="
    )  # text, not a formula
    assert sheet["C2"].value.date() == D(1996, 1, 1)
    assert sheet["E2"].value == "✓"
    pdf = client.get(reverse("training:export", args=[klass.pk, "list.pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        login(users, "outsider")
        .get(reverse("training:export", args=[klass.pk, "list.pdf"]))
        .status_code
        == 404
    )


def test_a_cancelled_class_records_nothing_more(
    klass: TrainingClass, tree: Tree, users: Users
) -> None:
    from django.core.exceptions import ValidationError

    case = pool_case(tree, "Lê Văn Hủy", "087196000555")
    enrolment = services.nominate(klass, by="test", case=case, unit=tree.ward_a)
    login(users, "training_centre").post(
        reverse("training:cancel", args=[klass.pk]), {"reason": "Không đủ học viên"}
    )
    klass.refresh_from_db()
    assert klass.status == "cancelled"
    with pytest.raises(ValidationError):
        services.accept([enrolment], by="test")


def test_cancelling_a_class_asks_for_a_reason_on_a_review_screen(
    klass: TrainingClass, users: Users
) -> None:
    client = login(users, "training_centre")
    url = reverse("training:cancel", args=[klass.pk])
    review = client.get(url).content.decode()
    assert 'name="reason"' in review and klass.title in review
    # one tap on the old status button no longer cancels
    client.post(reverse("training:status", args=[klass.pk]), {"status": "cancelled"})
    klass.refresh_from_db()
    assert klass.status != "cancelled"
    refused = client.post(url, {"reason": "   "})
    assert refused.status_code == 200 and 'class="error-summary"' in refused.content.decode()
    klass.refresh_from_db()
    assert klass.status != "cancelled"
    done = client.post(url, {"reason": "Giảng viên   bận"}, follow=True)
    klass.refresh_from_db()
    assert (klass.status, klass.cancel_reason) == ("cancelled", "Giảng viên bận")
    page = done.content.decode()
    assert "Giảng viên bận" in page and "Đã hủy lớp Lớp nhận thức 1/2024" in page
    entry = history(klass).first()
    assert entry is not None and entry.note == "Giảng viên bận"
    assert entry.changes["status"][1] == "cancelled"


def test_a_cancelled_class_reopens_to_its_former_status_until_its_last_day(
    klass: TrainingClass, users: Users
) -> None:
    client = login(users, "training_centre")
    before = klass.status
    services.cancel(klass, by="test", reason="Trùng lịch họp")
    last = services.last_day(klass)
    assert last is not None
    with time_machine.travel(dt.datetime.combine(last, dt.time(9)), tick=False):
        assert (
            "Mở lại lớp" in client.get(reverse("training:reopen", args=[klass.pk])).content.decode()
        )
        client.post(reverse("training:reopen", args=[klass.pk]))
    klass.refresh_from_db()
    assert (klass.status, klass.cancel_reason) == (before, "")
    services.cancel(klass, by="test", reason="Trùng lịch họp")
    with time_machine.travel(
        dt.datetime.combine(last + dt.timedelta(days=1), dt.time(9)), tick=False
    ):
        response = client.post(reverse("training:reopen", args=[klass.pk]), follow=True)
        assert "không mở lại được" in response.content.decode()
    klass.refresh_from_db()
    assert klass.status == "cancelled"


def test_the_case_shows_the_new_member_class_it_waits_for_and_an_expired_certificate(
    tree: Tree, users: Users, voters: list[Any]
) -> None:
    from tests.admissions.conftest import candidate, ready_for_vote
    from tests.admissions.test_steps import to_probation

    case = to_probation(ready_for_vote(candidate(tree), voters))
    centre = Provider.objects.create(name="Trường Chính trị tỉnh", organization=tree.province)
    klass = services.create_class(
        by="test",
        kind=CourseKind.objects.get(code="new_member"),
        provider=centre,
        title="Lớp đảng viên mới 2/2024",
        capacity=30,
        units=[tree.province],
        days=[D(2024, 10, 5)],
    )
    client = login(users, "cell_secretary")
    page = client.get(
        reverse("admissions:case", args=[case.pk]), HTTP_ACCEPT_LANGUAGE="vi"
    ).content.decode()
    assert "chưa có tên trong lớp nào" in page
    services.nominate(klass, by="test", case=case, unit=tree.ward_a)
    page = client.get(reverse("admissions:case", args=[case.pk])).content.decode()
    assert "Lớp đảng viên mới 2/2024" in page

    old = candidate(tree, "Lê Thị Cũ", citizen_id="087198000999")
    from apps.admissions import steps

    steps.record_certificate(old, by="test", on=D(2020, 1, 2))
    page = client.get(reverse("admissions:case", args=[old.pk])).content.decode()
    assert "hết hạn từ 02/01/2025: cần học lại lớp" in page


def test_the_training_api_lists_classes_enrolments_and_certificates_in_scope(
    klass: TrainingClass, tree: Tree, users: Users
) -> None:
    case = pool_case(tree, "Lê Văn Api", "087196000666")
    staff = api_client(users.commune_staff)
    created = staff.post(
        f"/api/v1/classes/{klass.pk}/nominate/",
        {"cases": [case.pk]},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    classes = staff.get("/api/v1/classes/?category=awareness").json()["results"]
    assert [(c["id"], c["nominated"], c["accepted"]) for c in classes] == [(klass.pk, 1, 0)]
    assert [
        e["full_name"] for e in staff.get(f"/api/v1/enrolments/?class={klass.pk}").json()["results"]
    ] == ["Lê Văn Api"]
    assert staff.get("/api/v1/enrolments/?certified=1").json()["results"] == []
    outsider = api_client(users.outsider)
    assert outsider.get("/api/v1/classes/").json()["results"] == []
    assert outsider.get(f"/api/v1/classes/{klass.pk}/").status_code == 404
    assert outsider.get("/api/v1/enrolments/").json()["results"] == []


def test_a_committee_sends_members_to_a_cadre_course(tree: Tree, users: Users) -> None:
    from tests.conftest import make_member

    member = make_member(tree.cell_a1, "Võ Văn Cán")
    outsider_member = make_member(tree.cell_b1, "Võ Văn Ngoài")
    school = Provider.objects.create(name="Trường Chính trị tỉnh", organization=tree.province)
    klass = services.create_class(
        by="test",
        kind=CourseKind.objects.get(code="so_cap"),
        provider=school,
        title="Sơ cấp 1/2026",
        capacity=30,
        units=[tree.province],
        days=[D(2026, 5, 9)],
    )
    client = login(users, "commune_staff")
    page = client.get(reverse("training:detail", args=[klass.pk]))
    assert [m.pk for m in page.context["nominable_members"]] == [member.pk]
    client.post(
        reverse("training:detail", args=[klass.pk]),
        {"op": "nominate_members", "member": [member.pk, outsider_member.pk]},
    )
    assert list(klass.enrolments.values_list("person__full_name", flat=True)) == ["Võ Văn Cán"]
