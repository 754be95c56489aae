"""Two people bulk-approving at once with the same first decision number
(PostgreSQL, threads): every decision gets its own number (issue 13)."""

import datetime as dt
import threading
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection, connections

from apps.admissions import views
from apps.admissions.models import Case
from apps.members.models import Member
from tests.admissions.test_decision_numbers import NAMES, resolved
from tests.conftest import Tree, Users


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_bulk_approvals_never_share_a_number(
    tree: Tree, voters: list[Member], users: Users
) -> None:
    cases = resolved(tree, voters, len(NAMES))
    halves = [cases[:1], cases[1:]]
    barrier = threading.Barrier(2)
    outcomes: list[Any] = []

    def staff(mine: list[Case]) -> None:
        try:
            rows = [r for r in views._inbox_rows(users.commune_staff) if r["case"] in mine]
            barrier.wait()
            data = {"on": dt.date(2024, 7, 15), "first_number": 125, "number_suffix": "-QĐ/ĐU"}
            request: Any = SimpleNamespace(user=users.commune_staff)
            outcomes.append(views._bulk_approve(request, rows, data))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=staff, args=(half,)) for half in halves]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(done for done, _failed, _given in outcomes) == [1, 2], outcomes
    given = sorted(
        Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("decision_number", flat=True)
    )
    assert given == ["125-QĐ/ĐU", "126-QĐ/ĐU", "127-QĐ/ĐU"]
