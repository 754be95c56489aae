"""The home page's Việc cần làm: each count equals the list it links to;
the lists stay inside the user's scope."""

import datetime as dt
import re
from typing import Any

from django.test import Client

from apps.members.models import Member
from tests.conftest import PASSWORD, Tree, Users
from tests.deadlines.conftest import at, resolved_case

D = dt.date


def client_for(user: Any) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def three_late_decisions(tree: Tree, voters: list[Member], time_machine: Any) -> None:
    at(time_machine, D(2026, 1, 10))
    for i, name in enumerate(["Huỳnh Thị Mai", "Lê Văn Tâm", "Đỗ Thị Hoa"]):
        resolved_case(tree, voters, name, f"08719800011{i}")


def test_every_home_count_equals_the_length_of_its_list(
    tree: Tree, users: Users, voters: list[Member], time_machine: Any
) -> None:
    three_late_decisions(tree, voters, time_machine)
    at(time_machine, D(2026, 3, 2))
    for who in ("commune_staff", "province_officer", "cell_secretary", "auditor"):
        client = client_for(getattr(users, who))
        home = client.get("/")
        todo = home.context["todo"]
        for bucket in ("overdue", "week", "month"):
            listed = client.get(f"/deadlines/?bucket={bucket}").context["items"]
            assert getattr(todo, bucket) == len(listed), (who, bucket)
        for org, n in home.context["worst_units"]:
            listed = client.get(f"/deadlines/?bucket=overdue&unit={org.pk}").context["items"]
            assert n == len(listed), (who, org)
    text = client_for(users.commune_staff).get("/").content.decode()
    assert "3 quá hạn" in text
    province = client_for(users.province_officer).get("/")
    assert [(o.pk, n) for o, n in province.context["worst_units"]] == [(tree.ward_a.pk, 3)]


def test_each_item_links_to_the_page_where_the_step_is_taken(
    tree: Tree, users: Users, voters: list[Member], time_machine: Any
) -> None:
    three_late_decisions(tree, voters, time_machine)
    at(time_machine, D(2026, 3, 2))
    client = client_for(users.commune_staff)
    page = client.get("/deadlines/?bucket=overdue").content.decode()
    links = re.findall(r'href="(/admissions/cases/\d+/step/committee_resolve/)"', page)
    assert len(links) == 3
    assert client.get(links[0]).status_code == 200


def test_a_unit_outside_the_scope_answers_404(tree: Tree, users: Users) -> None:
    client = client_for(users.outsider)
    assert client.get(f"/deadlines/?unit={tree.ward_a.pk}").status_code == 404
    assert client.get(f"/deadlines/?unit={tree.commune_b.pk}").status_code == 200


def test_a_unit_sets_its_warning_window_and_escalation(
    tree: Tree, users: Users, voters: list[Member], time_machine: Any
) -> None:
    from apps.audit.models import AuditEntry
    from apps.deadlines.models import DeadlineSettings

    client = client_for(users.commune_staff)
    url = f"/deadlines/units/{tree.ward_a.pk}/settings/"
    bad = client.post(url, {"warn_days": "0", "escalate_after_wd": "5"})
    assert bad.status_code == 400
    assert not DeadlineSettings.objects.exists()
    assert client.post(url, {"warn_days": "60", "escalate_after_wd": "3"}).status_code == 302
    row = DeadlineSettings.objects.get(organization=tree.ward_a)
    assert (row.warn_days, row.escalate_after_wd) == (60, 3)
    assert AuditEntry.objects.filter(object_id=str(row.pk), action="create").exists()
    # a wider window shows T1 earlier (60 days before 13/02/2026)
    three_late_decisions(tree, voters, time_machine)
    at(time_machine, D(2025, 12, 20))
    assert client.get("/").context["todo"].later == 3
    secretary = client_for(users.cell_secretary)
    assert secretary.get(url).status_code == 404  # the ward is above the secretary's cell
    assert secretary.get(f"/deadlines/units/{tree.cell_a1.pk}/settings/").status_code == 403
