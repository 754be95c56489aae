"""The loser of a step race is told who took the step and when (issue 13):
several people submit the same step on PostgreSQL at once; exactly one is
recorded, each other gets "Hồ sơ đã được … cập nhật lúc hh:mm; hãy tải lại"."""

import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import translation

from apps.admissions.choices import Action, Stage
from apps.admissions.models import CaseStep
from apps.admissions.steps import StepData, take
from apps.members.models import Member
from tests.admissions.conftest import candidate, present, ready_for_vote
from tests.conftest import Tree

D = dt.date
RACERS = 8


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_the_losers_of_a_step_race_are_told_who_won(tree: Tree, voters: list[Member]) -> None:
    case = ready_for_vote(candidate(tree), voters)
    case = take(
        case,
        Action.CELL_VOTE,
        StepData(on=D(2024, 6, 10), attendance=present(case, on=D(2024, 6, 10)), yes=6, no=0),
        "test",
    ).case
    barrier = threading.Barrier(RACERS)
    results: list[str] = []
    lock = threading.Lock()

    def racer(i: int) -> None:
        try:
            with translation.override("vi"):
                barrier.wait()
                try:
                    take(
                        case,
                        Action.COMMITTEE_RESOLVE,
                        StepData(on=D(2024, 6, 20), seen_stage=Stage.CELL_RESOLVED),
                        f"Ủy viên {i}",
                    )
                    outcome = "ok"
                except ValidationError as exc:
                    outcome = " ".join(exc.messages)
            with lock:
                results.append(outcome)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=racer, args=(i,)) for i in range(RACERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    losers = [r for r in results if r != "ok"]
    assert len(losers) == RACERS - 1
    assert all("Ủy viên" in r and "tải lại" in r for r in losers), losers
    assert CaseStep.objects.filter(case=case, action=Action.COMMITTEE_RESOLVE).count() == 1
