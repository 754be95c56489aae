"""The figures of the dashboard and the progress report, and the lists
behind them.

Each figure has one row-level selector (which admissions, which cases…)
used twice: grouped per unit for the dashboard, and listed for the page a
figure links to. So a number on the dashboard is, by construction, the
length of its list; tests check it anyway."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from apps.admissions import evaluation
from apps.admissions.choices import ConsentKind
from apps.admissions.models import Case, CaseStep, Consent
from apps.members.choices import MemberStatus
from apps.members.models import Member, MemberPlacement
from apps.training.choices import CourseCategory
from apps.training.models import Enrolment
from domain import admission as d
from domain import statistics as st
from domain.dates import add_months

from .tree import Tree

Stage = d.Stage
# A proposed removal is still open: the person is a probationary member until
# the committee decides.
OPEN_STAGES = [*(s for s in d.PIPELINE if s != Stage.FULL_MEMBER), Stage.REMOVAL_PROPOSED]
# Stages whose case has a running legal deadline (T1, T2, T4, T5).
DEADLINE_STAGES = frozenset(
    {
        Stage.CELL_RESOLVED,
        Stage.APPRAISED,
        Stage.COMMITTEE_RESOLVED,
        Stage.ADMITTED,
        Stage.PROBATIONARY,
        Stage.RECOGNITION_CELL_RESOLVED,
        Stage.RECOGNITION_APPRAISED,
        Stage.RECOGNITION_COMMITTEE_RESOLVED,
    }
)
DATE_FIELDS = (
    "cell_resolution_on",
    "decision_on",
    "decision_received_on",
    "ceremony_on",
    "recognition_resolution_on",
    "recognition_decision_on",
)


# ------------------------------------------------------------ admissions


def admissions(start: datetime.date, end: datetime.date) -> QuerySet[MemberPlacement]:
    """Admissions decided from `start` to `end`, each once, at the cell that
    held the member on the decision date."""
    return (
        MemberPlacement.objects.filter(
            member__admitted_on__gte=start,
            member__admitted_on__lte=end,
            valid_from__lte=F("member__admitted_on"),
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=F("member__admitted_on")))
        .order_by()
    )


QUALITY_FIELDS = (
    "member_id",
    "organization_id",
    "member__admitted_on",
    "member__person__date_of_birth",
    "member__person__gender",
    "member__person__ethnicity",
    "member__person__religion",
    "member__person__youth_union",
    "member__person__general_education",
    "member__person__qualification",
    "member__person__occupation_group",
    "member__person__demobilised_soldier",
)


@dataclass(frozen=True)
class Admission:
    """One admission under the root, with what the quality groups read."""

    member_id: int
    org_id: int
    admitted_on: datetime.date
    facts: tuple[Any, ...]  # date of birth … demobilised, in QUALITY_FIELDS order

    def groups(self, tree: Tree) -> frozenset[st.Quality]:
        born, gender, eth, rel, yu, edu, qual, occ, demob = self.facts
        return st.qualities(
            st.NewMember(
                self.admitted_on,
                born,
                gender,
                eth,
                rel,
                yu,
                edu,
                qual,
                occ,
                demob,
                tree.nodes[self.org_id].residential,
            )
        )


def admission_rows(
    tree: Tree, start: datetime.date, end: datetime.date, bucket: int | None = None
) -> list[Admission]:
    """Every admission from `start` to `end` under the root (or one of its
    rows) on the tree's day, with the facts its quality groups read."""
    rows = admissions(start, end).filter(tree.ever_under()).values_list(*QUALITY_FIELDS)
    return [Admission(r[0], r[1], r[2], tuple(r[3:])) for r in rows if tree.within(r[1], bucket)]


def admission_days(
    tree: Tree, start: datetime.date, end: datetime.date
) -> list[tuple[int, int, datetime.date]]:
    """(row of the tree, unit, decision day) of each admission from `start` to
    `end` under the root, in one query: what months, periods and idle cells
    are counted from. (The same selector as `admission_rows`, lighter.)"""
    buckets = tree.bucket
    out: list[tuple[int, int, datetime.date]] = []
    rows = (
        admissions(start, end)
        .filter(tree.ever_under())
        .values_list("organization_id", "member__admitted_on")
    )
    for org_id, day in rows:
        key = buckets(org_id)
        if key is not None:
            out.append((key, org_id, day))
    return out


def new_members(
    tree: Tree, start: datetime.date, end: datetime.date, bucket: int | None = None
) -> Iterator[tuple[int, int, frozenset[st.Quality]]]:
    """(member id, org id, quality groups) of each admission under the root
    (or under one of its rows)."""
    for row in admission_rows(tree, start, end, bucket):
        yield row.member_id, row.org_id, row.groups(tree)


def idle_since(tree: Tree, years: int) -> datetime.date:
    return add_months(tree.day, -12 * years)


def idle_cells(tree: Tree, years: int, recent: set[int] | None = None) -> list[int]:
    """Open cells, founded at least `years` ago, with no admission after the
    day `years` years back. `recent`: the cells that did admit since then,
    when the caller already has them."""
    since = idle_since(tree, years)
    if recent is None:
        recent = {
            row.org_id for row in admission_rows(tree, since + datetime.timedelta(days=1), tree.day)
        }
    return [n.id for n in tree.cells() if n.valid_from <= since and n.id not in recent]


def official_members_per_cell(tree: Tree, today: datetime.date) -> dict[int, int]:
    """Official (full) members of each cell on the tree's day: today from
    the members' current cell and status, a past day from the placements."""
    day = tree.day
    if day >= today:
        current = (
            Member.objects.filter(status=MemberStatus.FULL)
            .filter(tree.ever_under())
            .order_by()
            .values("organization_id")
            .annotate(n=Count("id"))
            .values_list("organization_id", "n")
        )
        return dict(current)
    rows = (
        MemberPlacement.objects.filter(valid_from__lte=day, member__full_on__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .filter(Q(member__left_on__isnull=True) | Q(member__left_on__gt=day))
        .filter(tree.ever_under())
        .order_by()
        .values("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )
    return dict(rows)


def small_cells(tree: Tree, minimum: int, today: datetime.date) -> list[int]:
    counts = official_members_per_cell(tree, today)
    return [n.id for n in tree.cells() if counts.get(n.id, 0) < minimum]


# ------------------------------------------------------------ pool, training


def pool_entries(start: datetime.date, end: datetime.date) -> QuerySet[Case]:
    """People who entered the candidate pool in the period (first-time and
    re-admission cases alike)."""
    return Case.objects.filter(opened_on__gte=start, opened_on__lte=end).order_by()


def awareness_certificates(start: datetime.date, end: datetime.date) -> QuerySet[Enrolment]:
    """Awareness-class certificates issued in the period, counted at the
    cell of the case the person was nominated with."""
    return Enrolment.objects.filter(
        training_class__kind__category=CourseCategory.AWARENESS,
        certificate_on__gte=start,
        certificate_on__lte=end,
        case__isnull=False,
    ).order_by()


# ------------------------------------------------------------ pipeline


def _stage_on(day: datetime.date) -> Subquery:
    return Subquery(
        CaseStep.objects.filter(case=OuterRef("pk"), on__lte=day)
        .order_by("-on", "-id")
        .values("stage_after")[:1]
    )


@dataclass(frozen=True)
class CaseRow:
    id: int
    org_id: int
    stage: str
    overdue: bool


def pipeline_cases(tree: Tree, today: datetime.date) -> Iterator[CaseRow]:
    """Every case open on the tree's day, with its stage that day and whether
    its running deadline had passed. Today's view reads the stage field;
    a past day reads the last step taken by then."""
    day = tree.day
    qs = Case.objects.filter(opened_on__lte=day).filter(tree.ever_under()).order_by()
    if day >= today:
        qs = qs.exclude(stage__in=list(d.CLOSED)).annotate(at=F("stage"))
    else:
        qs = qs.annotate(at=_stage_on(day))
    overdue = _Overdue(day)
    for row in _with_extensions(qs).values_list(
        "id", "organization_id", "at", *DATE_FIELDS, "decision_ext", "recognition_ext"
    ):
        case_id, org_id, at = row[0], row[1], row[2] or Stage.CANDIDATE
        if at in d.CLOSED or not tree.within(org_id, None):
            continue
        yield CaseRow(case_id, org_id, at, overdue(at, row[3:]))


def overdue_case_ids(qs: QuerySet[Case], day: datetime.date) -> list[int]:
    """The ids of the open cases in `qs` whose running legal deadline
    (T1–T5, RULES) had passed on `day` (today's stages), with the same
    rule as the board and the dashboard; so a filter by it can be applied
    before paging. One query; cases with equal dates are judged once."""
    overdue = _Overdue(day)
    rows = (
        _with_extensions(qs.order_by().filter(stage__in=list(DEADLINE_STAGES)))
        .annotate(at=F("stage"))
        .values_list("id", "at", *DATE_FIELDS, "decision_ext", "recognition_ext")
    )
    return [row[0] for row in rows if overdue(row[1], row[2:])]


def _with_extensions(qs: QuerySet[Case]) -> QuerySet[Case]:
    return qs.annotate(
        decision_ext=Exists(
            Consent.objects.filter(case=OuterRef("pk"), kind=ConsentKind.DECISION_EXTENSION)
        ),
        recognition_ext=Exists(
            Consent.objects.filter(case=OuterRef("pk"), kind=ConsentKind.RECOGNITION_EXTENSION)
        ),
    )


class _Overdue:
    """Whether a case at stage `at`, with its DATE_FIELDS and the two
    extension flags (`rest`), was past its running deadline on `day`."""

    def __init__(self, day: datetime.date) -> None:
        self.day, self.cal = day, evaluation.calendar()
        self.memo: dict[tuple[object, ...], bool] = {}

    def __call__(self, at: str, rest: Sequence[Any]) -> bool:
        if at not in DEADLINE_STAGES:
            return False
        # dates after the day shown had not happened yet
        dates = [x if x is not None and x <= self.day else None for x in rest[:6]]
        fields = _running_clock(Stage(at), dates, rest[6], rest[7])
        key = (at, *fields.values())
        if key not in self.memo:
            nxt = evaluation.open_deadline(d.Timeline(**fields), self.day, self.cal)
            self.memo[key] = bool(nxt and nxt.overdue)
        return self.memo[key]


def _running_clock(
    stage: Stage, dates: list[datetime.date | None], decision_ext: bool, recognition_ext: bool
) -> dict[str, Any]:
    """The dates the running deadline of a case at `stage` reads (T1 until
    the decision, T2 until the ceremony, T4 until the recognition vote, T5
    until the recognition decision): the case's open deadline computed from
    these alone is the one `evaluation.open_deadline` finds from all its
    dates, and cases sharing them share the answer."""
    cell, decision, received, ceremony, resolution, _recognised = dates
    if stage in (Stage.CELL_RESOLVED, Stage.APPRAISED, Stage.COMMITTEE_RESOLVED):
        return {"cell_resolution_on": cell, "decision_extended": decision_ext}
    if stage == Stage.ADMITTED:
        return {"decision_on": decision, "decision_received_on": received}
    if stage == Stage.PROBATIONARY:
        return {"ceremony_on": ceremony}
    return {"recognition_resolution_on": resolution, "recognition_extended": recognition_ext}


def pipeline_counts(tree: Tree, today: datetime.date) -> dict[int, dict[str, int]]:
    """Per row: open cases by stage, and "<stage>:overdue"."""
    out: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in pipeline_cases(tree, today):
        key = tree.bucket(row.org_id)
        assert key is not None
        out[key][row.stage] += 1
        if row.overdue:
            out[key][f"{row.stage}:overdue"] += 1
    return out


# ------------------------------------------------------------ probation


class ProbationOutcome:
    ON_TIME = "on_time"
    LATE = "late"
    PENDING = "pending"
    REMOVED = "removed"


def probation_cases(tree: Tree, year: int) -> Iterator[tuple[int, int, str]]:
    """(case id, org id, outcome) for each probation that ended in `year`
    by the tree's day, and each probationary member removed that year.

    Due: the probation end (ceremony + T3 months) falls in the year. On
    time: the recognition decision is recorded by the day and no deadline
    (T4, T5) was missed; late: a deadline was missed, whether or not the
    decision came since; pending: neither yet."""
    day = tree.day
    start = datetime.date(year, 1, 1)
    end = min(day, datetime.date(year, 12, 31))
    if end < start:
        return
    qs = (
        Case.objects.filter(ceremony_on__isnull=False, ceremony_on__lte=end)
        .filter(ceremony_on__gte=add_months(start, -36))
        .filter(tree.ever_under())
        .annotate(
            recognition_ext=Exists(
                Consent.objects.filter(case=OuterRef("pk"), kind=ConsentKind.RECOGNITION_EXTENSION)
            )
        )
        .order_by()
        .values_list(
            "id",
            "organization_id",
            "stage",
            "closed_on",
            "ceremony_on",
            "recognition_resolution_on",
            "recognition_decision_on",
            "recognition_ext",
        )
    )
    cal = evaluation.calendar()
    dues: dict[tuple[object, ...], datetime.date] = {}

    def due(rule: str, **fields: Any) -> datetime.date:
        # T4 runs from the probation end, T5 from the recognition vote: each
        # due date depends on its own clock only, so it is computed once.
        key = (rule, *fields.values())
        if key not in dues:
            views = evaluation.timeline_deadlines(d.Timeline(**fields), day, cal)
            dues[key] = next(v.due for v in views if v.rule == rule)
        return dues[key]

    for case_id, org_id, stage, closed_on, ceremony, resolution, decision, ext in qs:
        if ceremony is None or not tree.within(org_id, None):
            continue
        if stage == Stage.REMOVED and closed_on and start <= closed_on <= end:
            yield case_id, org_id, ProbationOutcome.REMOVED
            continue
        if stage == Stage.REMOVED and closed_on and closed_on <= end:
            continue
        policy = evaluation.policy_for(ceremony)
        probation_end = d.probation_end(ceremony, policy)
        if not start <= probation_end <= end:
            continue
        resolution = resolution if resolution and resolution <= day else None
        decision = decision if decision and decision <= day else None
        t4 = due("T4", ceremony_on=ceremony)
        late = d.Deadline("T4", probation_end, t4, resolution).overdue(day)
        if resolution is not None:
            t5 = due("T5", recognition_resolution_on=resolution, recognition_extended=ext)
            late = late or d.Deadline("T5", resolution, t5, decision).overdue(day)
        if late:
            outcome = ProbationOutcome.LATE
        elif decision is not None:
            outcome = ProbationOutcome.ON_TIME
        else:
            outcome = ProbationOutcome.PENDING
        yield case_id, org_id, outcome


def probation_counts(tree: Tree, year: int) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for _case, org_id, outcome in probation_cases(tree, year):
        key = tree.bucket(org_id)
        assert key is not None
        out[key][outcome] += 1
        if outcome != ProbationOutcome.REMOVED:
            out[key]["due"] += 1
    return out
