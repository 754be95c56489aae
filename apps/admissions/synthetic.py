"""Synthetic admission cases in bulk, for benchmarks (`generate_data
--cases N`): people at every stage, with the dates and the step history a
case at that stage has. Written directly, like the synthetic members: the
dates follow the workflow's order and are derived backwards from today
(each birth date from the day the person entered the pool), but the rules
are not re-checked."""

from __future__ import annotations

import datetime
import random
from typing import Any

from django.db import transaction

from apps.audit.models import AuditAction
from apps.audit.services import Actor, record_many
from apps.members.models import Person
from apps.members.synthetic import PeopleFactory
from apps.organizations.models import Organization

from .choices import Action, CaseKind, SourceOrg, Stage
from .models import Case, CaseStep

# Stage mix of a province's cases (open and closed).
STAGE_MIX = [
    (Stage.CANDIDATE, 25),
    (Stage.TRAINED, 14),
    (Stage.DOSSIER, 14),
    (Stage.CELL_RESOLVED, 3),
    (Stage.COMMITTEE_RESOLVED, 3),
    (Stage.ADMITTED, 2),
    (Stage.PROBATIONARY, 15),
    (Stage.RECOGNITION_CELL_RESOLVED, 1),
    (Stage.RECOGNITION_COMMITTEE_RESOLVED, 1),
    (Stage.FULL_MEMBER, 17),
    (Stage.WITHDRAWN, 5),
]
# Each step: the action, the stage it leads to, the case field it dates,
# and the days after the previous step (range).
PATH: list[tuple[Action, Stage, str, tuple[int, int]]] = [
    (Action.RECORD_CERTIFICATE, Stage.TRAINED, "certificate_on", (10, 90)),
    (Action.OPEN_DOSSIER, Stage.DOSSIER, "", (5, 30)),
    (Action.CELL_VOTE, Stage.CELL_RESOLVED, "cell_resolution_on", (30, 120)),
    (Action.COMMITTEE_RESOLVE, Stage.COMMITTEE_RESOLVED, "committee_resolution_on", (5, 25)),
    (Action.DECIDE_ADMISSION, Stage.ADMITTED, "decision_on", (5, 30)),
    (Action.HOLD_CEREMONY, Stage.PROBATIONARY, "ceremony_on", (5, 30)),
    (
        Action.RECOGNITION_VOTE,
        Stage.RECOGNITION_CELL_RESOLVED,
        "recognition_resolution_on",
        (366, 390),
    ),
    (
        Action.RECOGNITION_COMMITTEE_RESOLVE,
        Stage.RECOGNITION_COMMITTEE_RESOLVED,
        "recognition_committee_on",
        (3, 20),
    ),
    (Action.DECIDE_RECOGNITION, Stage.FULL_MEMBER, "recognition_decision_on", (3, 20)),
]
DEPTH = {stage: i + 1 for i, (_a, stage, _f, _d) in enumerate(PATH)}
DEPTH[Stage.CANDIDATE] = 0


def _plan(
    rng: random.Random, stage: Stage, today: datetime.date
) -> tuple[datetime.date, list[tuple[Action, Stage, str, datetime.date]]]:
    """The opening day and the dated steps of a case that reached `stage` by
    today, built backwards from a last step in the recent past."""
    depth = DEPTH.get(stage, 1)
    gaps = [rng.randint(*PATH[i][3]) for i in range(depth)]
    last = today - datetime.timedelta(days=rng.randint(1, 120))
    opened = last - datetime.timedelta(days=sum(gaps) + rng.randint(0, 60))
    steps, day = [], opened
    for i in range(depth):
        day = day + datetime.timedelta(days=gaps[i])
        action, after, field, _d = PATH[i]
        steps.append((action, after, field, day))
    return opened, steps


@transaction.atomic
def bulk_create_cases(
    *,
    by: Actor,
    cells: list[Organization],
    count: int,
    rng: random.Random,
    today: datetime.date,
    factory: PeopleFactory,
) -> int:
    values, weights = zip(*STAGE_MIX, strict=True)
    people: list[Person] = []
    cases: list[Case] = []
    plans: list[list[tuple[Action, Stage, str, datetime.date]]] = []
    for i in range(count):
        cell = cells[i % len(cells)]
        stage = rng.choices(values, weights=weights)[0]
        opened, steps = _plan(rng, Stage.TRAINED if stage == Stage.WITHDRAWN else stage, today)
        # Born so as to be 18 years and a month to 40 when entering the pool:
        # never too young or too old at a vote, whatever today is.
        born = opened - datetime.timedelta(days=18 * 366 + 31 + rng.randint(0, 22 * 365))
        person = factory.person(cell.category, born=born)
        person.refresh_search_fields()
        fields: dict[str, Any] = {}
        for _action, _after, field, day in steps:
            if field:
                fields[field] = day
        if "decision_on" in fields:
            fields["decision_received_on"] = fields["decision_on"] + datetime.timedelta(days=2)
            fields["decision_number"] = f"{i}-QĐ/ĐU"
        closed_on = None
        if stage == Stage.WITHDRAWN:
            closed_on = (steps[-1][3] if steps else opened) + datetime.timedelta(days=10)
            steps.append((Action.WITHDRAW, Stage.WITHDRAWN, "", closed_on))
        elif stage == Stage.FULL_MEMBER:
            closed_on = fields["recognition_decision_on"]
        people.append(person)
        cases.append(
            Case(
                organization=cell,
                kind=CaseKind.ADMISSION,
                source=rng.choice(list(SourceOrg)),
                stage=stage,
                opened_on=opened,
                closed_on=closed_on,
                youth_union_exists=person.youth_union,
                **fields,
            )
        )
        plans.append(steps)
    Person.objects.bulk_create(people, batch_size=2000)
    for person, case in zip(people, cases, strict=True):
        case.person = person
    Case.objects.bulk_create(cases, batch_size=2000)
    label = by if isinstance(by, str) else ""
    CaseStep.objects.bulk_create(
        [
            CaseStep(
                case=case,
                action=action,
                stage_after=after,
                on=day,
                by_label=label,
                policy_code="synthetic",
            )
            for case, steps in zip(cases, plans, strict=True)
            for action, after, _field, day in steps
        ],
        batch_size=5000,
    )
    record_many(by, AuditAction.CREATE, [(c, None) for c in cases], note="synthetic data")
    return len(cases)
