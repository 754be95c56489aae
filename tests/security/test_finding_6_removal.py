"""Finding 6 (issue #11), the off-ramp: a cell secretary alone could remove
a probationary member. Removal from the probationary list (RULES P4)
undoes an admission, so it is decided like one: the cell proposes, the
competent committee decides from its inbox (or keeps the member)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.admissions import steps
from apps.admissions.choices import Action, Stage
from apps.admissions.models import Case, CaseStep
from apps.members.choices import MemberStatus
from apps.members.models import Member
from tests.admissions.conftest import candidate, ready_for_vote
from tests.admissions.test_steps import to_probation
from tests.conftest import Tree, Users
from tests.security.conftest import login

NOW = dt.datetime(2025, 3, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
REASON = "Không chấp hành nghị quyết của chi bộ"


def step_url(case: Case, action: str) -> str:
    return reverse("admissions:case_action", args=[case.pk, action])


@pytest.fixture
def probationary(tree: Tree, voters: list[Member]) -> Case:
    with time_machine.travel(NOW, tick=False):
        return to_probation(ready_for_vote(candidate(tree), voters))


@time_machine.travel(NOW, tick=False)
def test_finding_6_cell_cannot_remove_probationary_member_alone(
    probationary: Case, users: Users
) -> None:
    case = probationary
    secretary = login(users, "cell_secretary")
    refused = secretary.post(step_url(case, "remove"), {"on": "03/03/2025", "reason": REASON})
    assert refused.status_code == 403
    with pytest.raises(ValidationError):  # nor through the service, by anyone
        steps.close_case(
            case, by=users.commune_staff, action=Action.REMOVE, on=NOW.date(), reason=REASON
        )
    case.refresh_from_db()
    assert case.stage == Stage.PROBATIONARY

    proposed = secretary.post(
        step_url(case, "propose_removal"), {"on": "03/03/2025", "reason": REASON}
    )
    assert proposed.status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.REMOVAL_PROPOSED
    assert Member.objects.get(person=case.person).status == MemberStatus.PROBATIONARY

    staff = login(users, "commune_staff")
    rows = staff.get(reverse("admissions:inbox")).context["rows"]
    row = next(r for r in rows if r["case"].pk == case.pk)
    assert (row["next_action"], row["proposal"]) == (Action.REMOVE, REASON)
    approved = staff.post(
        reverse("admissions:inbox"), {"op": "approve", "on": "05/03/2025", "case": case.pk}
    )
    assert approved.status_code == 302
    case.refresh_from_db()
    assert (case.stage, case.closed_on, case.close_reason) == (
        Stage.REMOVED,
        dt.date(2025, 3, 5),
        REASON,
    )
    member = Member.objects.get(person=case.person)
    assert (member.status, member.left_on) == (MemberStatus.REMOVED, dt.date(2025, 3, 5))
    decision = CaseStep.objects.get(case=case, action=Action.REMOVE)
    assert decision.by == users.commune_staff and REASON in decision.note
    assert "Ban Thường vụ" in decision.note or "Đảng ủy" in decision.note  # the competent body


@time_machine.travel(NOW, tick=False)
def test_the_committee_may_keep_on_probation_a_member_the_cell_proposed_to_remove(
    probationary: Case, users: Users
) -> None:
    case = steps.propose_removal(
        probationary, by=users.cell_secretary, on=dt.date(2025, 3, 3), reason=REASON
    )
    secretary = login(users, "cell_secretary")
    keep = step_url(case, "decline_removal")
    assert secretary.post(keep, {"on": "04/03/2025", "reason": "Chưa đủ căn cứ"}).status_code == 403
    staff = login(users, "commune_staff")
    assert staff.post(keep, {"on": "04/03/2025", "reason": "Chưa đủ căn cứ"}).status_code == 302
    case.refresh_from_db()
    assert case.stage == Stage.PROBATIONARY
    assert Member.objects.get(person=case.person).status == MemberStatus.PROBATIONARY
