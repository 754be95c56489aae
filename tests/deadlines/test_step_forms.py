"""Every step form shows the legal clock that is running (issue 17): the
committee's resolution form reads "T1: còn N ngày làm việc (đến …)", counted
across a weekend, and the ceremony form says the receipt date starts T2."""

import datetime as dt
from typing import Any

from django.test import Client

from apps.members.models import Member
from tests.conftest import PASSWORD, Tree, Users
from tests.deadlines.conftest import at, resolved_case

D = dt.date


def test_the_committee_form_shows_t1_running_and_then_overdue(
    tree: Tree, users: Users, voters: list[Member], time_machine: Any
) -> None:
    at(time_machine, D(2026, 1, 10))
    case = resolved_case(tree, voters, "Huỳnh Thị Mai", "087198000111")
    url = f"/admissions/cases/{case.pk}/step/committee_resolve/"
    # Friday 06/02 to Friday 13/02: five working days, the weekend not counted
    at(time_machine, D(2026, 2, 6))
    staff = Client()  # logged in on the day (sessions expire as the clock moves)
    assert staff.login(username=users.commune_staff.username, password=PASSWORD)
    response = staff.get(url)
    assert response.status_code == 200, response.status_code
    page = response.content.decode()
    assert "T1: còn 5 ngày làm việc (đến 13/02/2026)" in page
    at(time_machine, D(2026, 2, 16))
    assert staff.login(username=users.commune_staff.username, password=PASSWORD)
    assert "T1: quá hạn từ 13/02/2026" in staff.get(url).content.decode()


def test_the_ceremony_form_says_the_receipt_starts_t2(tree: Tree, users: Users) -> None:
    from apps.admissions.choices import Action
    from apps.admissions.forms import ActionForm

    form = ActionForm(action=Action.HOLD_CEREMONY, voters=[])
    assert "T2" in str(form.fields["received_on"].help_text)
