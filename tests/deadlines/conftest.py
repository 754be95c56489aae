import datetime as dt
from typing import Any

import pytest

from apps.admissions import steps
from apps.admissions.models import Case
from apps.common.clock import VIETNAM
from apps.members.models import Member
from tests.admissions.conftest import candidate, present, ready_for_vote
from tests.conftest import Tree, make_member

D = dt.date
RESOLVED = D(2025, 11, 20)  # T1 due Friday 13/02/2026, just before Tết


def at(time_machine: Any, day: dt.date) -> None:
    time_machine.move_to(dt.datetime.combine(day, dt.time(9), VIETNAM), tick=False)


@pytest.fixture
def voters(tree: Tree) -> list[Member]:
    names = ["Nguyễn Văn Một", "Trần Văn Hai", "Lê Thị Ba", "Phạm Văn Bốn"]
    return [make_member(tree.cell_a1, n, admitted=D(2005, 1, 10)) for n in names]


def resolved_case(tree: Tree, voters: list[Member], name: str, citizen_id: str) -> Case:
    """A case whose cell voted on 20/11/2025: the committee's T1 is running."""
    case = ready_for_vote(candidate(tree, name, citizen_id=citizen_id), voters)
    return steps.record_cell_vote(
        case, by="test", on=RESOLVED, attendance=present(case), yes=4, no=0
    )
