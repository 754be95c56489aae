"""Corrections with a reason (issue 13): a wrongly recorded introducer (one
wrong "worked together since" date used to block a case for good) is
removed with the reason, audited with what it held, and recorded again."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from apps.admissions import services
from apps.admissions.evaluation import preflight
from apps.admissions.models import Case
from apps.audit.models import AuditEntry
from apps.members.models import Member
from tests.admissions.conftest import candidate, ready_for_vote
from tests.conftest import PASSWORD, Tree, Users

D = dt.date
VOTE = D(2024, 6, 10)


def blocked_rules(case: Case) -> set[str]:
    return {o.rule for o in preflight(case, VOTE) if o.severity == "block"}


def test_a_wrong_introducer_is_removed_with_a_reason_and_recorded_again(
    tree: Tree, voters: list[Member], users: Users
) -> None:
    case = ready_for_vote(candidate(tree), voters)
    case.introducers.all().delete()
    wrong = services.add_introducer(
        case,
        by="test",
        member=voters[0],
        together_since=D(2024, 1, 1),
        introduced_on=D(2024, 4, 15),
    )
    assert "D6" in blocked_rules(case)  # 3 months together: too short
    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    assert client.login(username=users.cell_secretary.username, password=PASSWORD)
    url = reverse("admissions:case_part_remove", args=[case.pk, "introducer", wrong.pk])
    # without a reason nothing changes
    client.post(url, {"reason": " "})
    assert case.introducers.count() == 1
    assert client.post(url, {"reason": "Ghi nhầm ngày cùng công tác"}).status_code == 302
    assert case.introducers.count() == 0
    entry = AuditEntry.objects.filter(object_id=str(case.pk)).order_by("-id").first()
    assert entry is not None and "Ghi nhầm ngày cùng công tác" in entry.note
    (old, new) = entry.changes["removed:introducer"]
    assert "01/01/2024" in old and new is None
    services.add_introducer(
        case,
        by="test",
        member=voters[0],
        together_since=D(2021, 1, 1),
        introduced_on=D(2024, 4, 15),
    )
    assert "D6" not in blocked_rules(case)
    page = client.get(reverse("admissions:case", args=[case.pk])).content.decode()
    assert "removed:introducer" not in page


def test_a_part_of_another_case_or_a_closed_case_is_not_removed(
    tree: Tree, voters: list[Member]
) -> None:
    case = ready_for_vote(candidate(tree), voters)
    other = candidate(tree, "Lý Văn Đức", citizen_id="087198000222")
    row = case.verifications.first()
    assert row is not None
    with pytest.raises(LookupError):
        services.remove_part(other, by="test", part="verification", pk=row.pk, reason="x")
    with pytest.raises(ValidationError):
        services.remove_part(case, by="test", part="verification", pk=row.pk, reason="")
