"""No lost updates: a member edit form carries the versions it was read at;
a second, stale form is refused with who changed what and when, instead of
silently reverting the first change (issue 13)."""

import datetime as dt
from typing import Any

from django import forms
from django.test import Client
from django.urls import reverse

from apps.members.forms import MemberForm, PersonForm
from apps.members.models import Member
from apps.organizations.models import Organization
from tests.conftest import PASSWORD, Tree, Users, make_member


def form_data(member: Member, user: Any) -> dict[str, str]:
    """What the edit page's two forms post back unchanged, as read now."""
    data: dict[str, str] = {}
    member.refresh_from_db()
    member.person.refresh_from_db()
    for form in (
        PersonForm(prefix="p", instance=member.person, user=user),
        MemberForm(prefix="m", instance=member, cells=Organization.objects.none(), editing=True),
    ):
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if isinstance(field, forms.BooleanField):
                if value:
                    data[key] = "on"
            elif isinstance(value, dt.date):
                data[key] = value.strftime("%d/%m/%Y")
            elif value is not None:
                data[key] = str(value)
    return data


def test_a_stale_edit_is_refused_and_names_the_change(tree: Tree, users: Users) -> None:
    member = make_member(tree.cell_a1, "Nguyễn Văn Cũ", phone="0912345678")
    first, second = Client(), Client(HTTP_ACCEPT_LANGUAGE="vi")
    for client in (first, second):
        assert client.login(username=users.cell_secretary.username, password=PASSWORD)
    url = reverse("members:edit", args=[member.pk])
    read_by_first = form_data(member, users.cell_secretary)
    read_by_second = dict(read_by_first)
    response = first.post(url, {**read_by_first, "p-phone": "0988888888"})
    assert response.status_code == 302
    stale = second.post(url, {**read_by_second, "m-card_number": "12345678"})
    assert stale.status_code == 400
    text = stale.content.decode()
    assert "tải lại" in text and "0988888888" in text
    member.refresh_from_db()
    member.person.refresh_from_db()
    # the first change stands; the stale form changed nothing
    assert member.person.phone == "0988888888" and member.card_number is None
    # reloaded, the second person's change goes through
    fresh = form_data(member, users.cell_secretary)
    assert second.post(url, {**fresh, "m-card_number": "12345678"}).status_code == 302
