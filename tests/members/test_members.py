import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from apps.audit.models import AccessEntry, AuditAction, AuditEntry
from apps.members.choices import MemberStatus
from apps.members.models import Member, Person
from apps.members.selectors import search_members
from apps.members.services import create_member, transfer_member
from tests.conftest import PASSWORD, Tree, Users, make_member


def login(users: Users, who: str) -> Client:
    client = Client()
    client.login(username=getattr(users, who).username, password=PASSWORD)
    return client


def test_search_ignores_diacritics_and_case(tree: Tree) -> None:
    make_member(tree.cell_a1, "Nguyễn Văn Á")
    make_member(tree.cell_a1, "Nguyễn Văn Anh")
    make_member(tree.cell_a1, "Đặng Thị Ước", gender="female")
    qs = Member.objects.all()
    assert [m.person.full_name for m in search_members(qs, "nguyen van a", None)] == [
        "Nguyễn Văn Á",
        "Nguyễn Văn Anh",
    ]
    assert [m.person.full_name for m in search_members(qs, "DANG uoc", None)] == ["Đặng Thị Ước"]
    assert search_members(qs, "Nguyễn Văn Á", None).count() == 2


def test_a_citizen_id_is_found_whole_by_those_who_may_see_it(tree: Tree, users: Users) -> None:
    make_member(tree.cell_a1, "Nguyễn Văn Á", citizen_id="087123456789")
    qs = Member.objects.all()
    found = search_members(qs, "087123456789", users.cell_secretary).get()
    assert found.person.full_name == "Nguyễn Văn Á"
    assert not search_members(qs, "0871234", users.cell_secretary).exists()
    assert not search_members(qs, "087123456789", users.auditor).exists()


def test_the_member_list_sorts_the_vietnamese_way(tree: Tree, users: Users) -> None:
    for name in ["Đỗ Văn Đạt", "Trần Văn Yên", "Lê Thị Dung", "Nguyễn Văn Ân", "Phạm Văn An"]:
        make_member(tree.cell_a1, name)
    response = login(users, "cell_secretary").get(reverse("members:list"))
    names = [m.person.full_name for m in response.context["page"]]
    assert names == ["Phạm Văn An", "Nguyễn Văn Ân", "Lê Thị Dung", "Đỗ Văn Đạt", "Trần Văn Yên"]


def test_the_member_list_query_count_does_not_grow_with_rows(
    tree: Tree, users: Users, django_assert_max_num_queries
) -> None:
    for i in range(30):
        make_member(tree.cell_a1 if i % 2 else tree.cell_a2, f"Nguyễn Văn Số{i}")
    client = login(users, "province_officer")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("members:list") + f"?unit={tree.ward_a.pk}")
    assert response.status_code == 200
    assert "30" in response.content.decode()


def test_the_unit_page_query_count_does_not_grow_with_children(tree: Tree, users: Users) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.conftest import make_unit

    client = login(users, "province_officer")
    url = reverse("organizations:detail", args=[tree.ward_a.pk])

    def queries() -> int:
        with CaptureQueriesContext(connection) as done:
            assert client.get(url).status_code == 200
        return len(done)

    queries()  # sessions and caches warmed
    before = queries()
    for i in range(15):
        make_unit(f"A-X{i}", f"Chi bộ thêm {i}", "cell", tree.ward_a, "khom")
    assert queries() == before


def test_a_unit_page_count_equals_the_member_list_it_links_to(
    tree: Tree, users: Users, members: dict[str, Member]
) -> None:
    client = login(users, "province_officer")
    page = client.get(reverse("organizations:detail", args=[tree.province.pk]))
    counts = dict((child.pk, n) for child, n in page.context["children"])
    for child_pk, n in counts.items():
        listed = (
            client.get(reverse("members:list") + f"?unit={child_pk}")
            .context["page"]
            .paginator.count
        )
        assert listed == n
    assert page.context["total_members"] == 4


def test_create_member_through_the_form_with_a_vietnamese_date(tree: Tree, users: Users) -> None:
    client = login(users, "cell_secretary")
    response = client.post(
        reverse("members:create") + f"?unit={tree.cell_a1.pk}",
        {
            "p-full_name": "  nguyễn  THỊ   mai ",
            "p-gender": "female",
            "p-date_of_birth": "05/03/1990",
            "p-ethnicity": "01",
            "p-religion": "none",
            "p-citizen_id": "087190000001",
            "p-general_education": "12/12",
            "p-qualification": "university",
            "p-political_theory": "none",
            "p-occupation_group": "teacher",
            "m-organization": tree.cell_a1.pk,
            "m-status": "full",
            "m-admitted_on": "19/05/2015",
            "m-ceremony_on": "01/06/2015",
            "m-full_on": "01/06/2016",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(citizen_id="087190000001")
    assert person.full_name == "Nguyễn Thị Mai"
    assert person.date_of_birth == datetime.date(1990, 3, 5)  # 5 March, not 3 May
    assert person.membership.full_on == datetime.date(2016, 6, 1)


def test_a_bad_member_form_names_the_field_in_vietnamese_and_saves_nothing(
    tree: Tree, users: Users
) -> None:
    client = login(users, "cell_secretary")
    before = (Person.objects.count(), AuditEntry.objects.count())
    response = client.post(
        reverse("members:create") + f"?unit={tree.cell_a1.pk}",
        {
            "p-full_name": "Lê Văn Tám",
            "p-gender": "male",
            "p-date_of_birth": "31/02/1990",
            "p-ethnicity": "01",
            "p-religion": "none",
            "p-citizen_id": "12345",
            "p-general_education": "12/12",
            "p-qualification": "none",
            "p-political_theory": "none",
            "p-occupation_group": "farmer",
            "m-organization": tree.cell_a1.pk,
            "m-status": "full",
            "m-admitted_on": "19/05/2015",
            "m-ceremony_on": "01/06/2015",
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngày sinh: Không có ngày 31/02/1990" in html
    assert "Số CCCD phải gồm đúng 12 chữ số" in html
    assert (Person.objects.count(), AuditEntry.objects.count()) == before


def test_service_rules_reach_the_form_next_to_their_field(tree: Tree, users: Users) -> None:
    client = login(users, "cell_secretary")
    response = client.post(
        reverse("members:create") + f"?unit={tree.cell_a1.pk}",
        {
            "p-full_name": "Lê Văn Tám",
            "p-gender": "male",
            "p-date_of_birth": "01/01/1990",
            "p-ethnicity": "01",
            "p-religion": "none",
            "p-general_education": "12/12",
            "p-qualification": "none",
            "p-political_theory": "none",
            "p-occupation_group": "farmer",
            "m-organization": tree.cell_a1.pk,
            "m-status": "full",
            "m-admitted_on": "19/05/2015",
            "m-ceremony_on": "01/06/2014",
        },
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Ngày lễ kết nạp không thể trước ngày quyết định kết nạp" in html
    assert not Person.objects.filter(full_name="Lê Văn Tám").exists()


def test_a_duplicate_citizen_id_is_refused(tree: Tree) -> None:
    make_member(tree.cell_a1, citizen_id="087111111111")
    with pytest.raises(ValidationError) as exc:
        make_member(tree.cell_a2, "Người Khác", citizen_id="087111111111")
    assert "citizen_id" in exc.value.message_dict


def test_transfer_moves_the_member_from_a_date_and_keeps_history(tree: Tree) -> None:
    member = make_member(tree.cell_a1)
    transfer_member(member, by="test", to=tree.cell_b1, on=datetime.date(2025, 9, 1))
    member.refresh_from_db()
    assert member.organization_id == tree.cell_b1.pk
    assert list(member.placements.values_list("organization_id", "valid_to")) == [
        (tree.cell_a1.pk, datetime.date(2025, 9, 1)),
        (tree.cell_b1.pk, None),
    ]
    assert AuditEntry.objects.filter(action=AuditAction.MOVE, object_id=str(member.pk)).count() == 1


def test_a_member_cannot_belong_to_a_committee(tree: Tree) -> None:
    person = Person(full_name="Võ Văn Kiệt", gender="male", date_of_birth=datetime.date(1980, 1, 1))
    member = Member(
        organization=tree.ward_a,
        status=MemberStatus.FULL,
        admitted_on=datetime.date(2005, 1, 1),
        full_on=datetime.date(2006, 1, 1),
    )
    with pytest.raises(ValidationError) as exc:
        create_member(by="test", person=person, member=member)
    assert "organization" in exc.value.message_dict
    assert not Person.objects.filter(full_name="Võ Văn Kiệt").exists()


def test_personal_data_is_masked_for_roles_without_the_permission(tree: Tree, users: Users) -> None:
    member = make_member(tree.cell_a1, citizen_id="087999999999")
    training = login(users, "training_centre").get(reverse("members:detail", args=[member.pk]))
    assert "087999999999" not in training.content.decode()
    api = login(users, "training_centre").get(f"/api/v1/members/{member.pk}/").json()
    assert api["person"]["citizen_id"] is None
    secretary = login(users, "cell_secretary").get(reverse("members:detail", args=[member.pk]))
    assert "087999999999" in secretary.content.decode()
    # every view of a member's record is itself recorded, once a request
    assert (
        AccessEntry.objects.filter(
            kind="page", object_id=str(member.pk), actor=users.cell_secretary
        ).count()
        == 1
    )
