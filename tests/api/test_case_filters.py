"""The cases API filters before it pages: `?overdue=1` counts and lists
only overdue cases, the same ones the board flags (issue "province
scale": the filter used to run on the page after paging)."""

from __future__ import annotations

import random

from apps.admissions import evaluation
from apps.admissions.models import Case
from apps.admissions.synthetic import bulk_create_cases
from apps.common.clock import today
from apps.members.synthetic import PeopleFactory
from tests.conftest import Tree, Users, api_client


def test_overdue_filter_applies_before_paging(tree: Tree, users: Users) -> None:
    day = today()
    rng = random.Random(5)
    bulk_create_cases(
        by="test",
        cells=[tree.cell_a1, tree.cell_a2],
        count=120,
        rng=rng,
        today=day,
        factory=PeopleFactory(rng, day, serial_start=7_000_000),
    )
    flagged = {
        c.pk
        for c in Case.objects.prefetch_related("consents")
        if (nxt := evaluation.next_deadline(c, day)) is not None and nxt.overdue
    }
    assert 5 < len(flagged) < Case.objects.count()
    client = api_client(users.commune_staff)
    seen: list[int] = []
    url: str | None = "/api/v1/cases/?overdue=1&limit=4"
    while url:
        body = client.get(url).json()
        assert body["count"] == len(flagged)
        assert all(row["next_deadline"]["overdue"] for row in body["results"])
        assert 0 < len(body["results"]) <= 4
        seen += [row["id"] for row in body["results"]]
        url = body["next"]
    assert sorted(seen) == sorted(flagged)


def test_a_missing_or_foreign_case_reads_the_same_in_vietnamese(tree: Tree, users: Users) -> None:
    from tests.admissions.conftest import candidate

    case = candidate(tree)  # in cell A1: outside commune B's scope
    client = api_client(users.outsider)
    missing = client.get("/api/v1/cases/987654/")
    foreign = client.get(f"/api/v1/cases/{case.pk}/")
    assert missing.status_code == foreign.status_code == 404
    assert missing.json() == foreign.json()
    assert missing.json()["detail"].startswith("Không tìm thấy")
