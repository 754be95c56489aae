"""The dashboard of one unit for its subtree on one day: targets and
progress per child unit, the pipeline by stage, admissions by month and the
end-of-year rush, the quality of new members, probation outcomes, idle and
small cells. A fixed number of queries whatever the number of units."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from apps.admissions import evaluation
from apps.admissions.choices import Stage as StageChoice
from apps.members.models import MemberPlacement
from apps.organizations.models import Organization
from apps.targets.choices import Measure
from apps.targets.models import Target, TargetKind, Term
from apps.targets.services import settings_for
from domain import statistics as st

from . import figures
from .tree import CLOSED, Tree, tree_on

CARRY_YEARS = 10


@dataclass
class Period:
    """A year or a term, clipped at the dashboard's day."""

    label: str
    start: datetime.date
    end: datetime.date
    day: datetime.date

    @property
    def upto(self) -> datetime.date:
        return min(self.end, self.day)

    @property
    def elapsed(self) -> Decimal:
        return st.elapsed(self.start, self.end, self.day)


@dataclass
class Progress:
    """One unit's progress on one target kind over one period."""

    done: int = 0
    base: int | None = None  # its own target, as a head count
    carried: int = 0  # unmet admissions carried from the year before
    share: tuple[Decimal, Decimal | None] | None = None  # share target bounds (%)
    share_range: tuple[int, int] | None = None  # what the share means in people
    members_at_start: int | None = None

    @property
    def target(self) -> int | None:
        if self.base is None:
            return None
        return self.base + self.carried

    @property
    def ratio(self) -> Decimal | None:
        return st.ratio(self.done, self.target)


@dataclass
class Row:
    """A row of the dashboard: the root itself, a child unit, or the units
    closed by the day shown."""

    id: int
    name: str
    kind: str
    year: dict[str, Progress] = field(default_factory=dict)
    term: dict[str, Progress] = field(default_factory=dict)
    pipeline: dict[str, int] = field(default_factory=dict)
    quality: dict[str, int] = field(default_factory=dict)
    probation: dict[str, int] = field(default_factory=dict)
    months: dict[tuple[int, int], int] = field(default_factory=dict)
    behind: bool = False
    gap: Decimal = Decimal(10**6)

    def q4_share_of(self, year: int) -> Decimal | None:
        return st.q4_share({m: n for (y, m), n in self.months.items() if y == year})

    def admissions_in(self, year: int) -> int:
        return sum(n for (y, _m), n in self.months.items() if y == year)


@dataclass
class Dashboard:
    unit: Organization
    tree: Tree
    day: datetime.date
    year: Period
    term: Period | None
    kinds: list[TargetKind]
    total: Row
    rows: list[Row]
    settings: Any
    years_shown: list[int]
    idle_cells: list[int]
    small_cells: list[int]
    mismatch: dict[str, tuple[str, int, int]]  # kind code → (kind name, children, own)

    @property
    def q4_year(self) -> int:
        """The latest year whose Q4 has begun by the day shown."""
        y = self.day.year
        return y if self.day >= datetime.date(y, 10, 1) else y - 1

    @property
    def stages(self) -> list[StageChoice]:
        return [StageChoice(s.value) for s in figures.OPEN_STAGES]


def counts_by_range(
    tree: Tree, measure: str, ranges: dict[str, tuple[datetime.date, datetime.date]]
) -> dict[str, dict[int, int]]:
    """For one measure, per named date range and per row, in one query."""
    if not ranges:
        return {}
    lo = min(a for a, _b in ranges.values())
    hi = max(b for _a, b in ranges.values())
    if measure == Measure.ADMISSIONS:
        qs: Any = figures.admissions(lo, hi)
        date_field, org_field = "member__admitted_on", "organization_id"
    elif measure == Measure.POOL:
        qs = figures.pool_entries(lo, hi)
        date_field, org_field = "opened_on", "organization_id"
    else:
        qs = figures.awareness_certificates(lo, hi)
        date_field, org_field = "certificate_on", "case__organization_id"
    aggregates = {
        f"r{i}": Count("id", filter=Q(**{f"{date_field}__gte": a, f"{date_field}__lte": b}))
        for i, (a, b) in enumerate(ranges.values())
    }
    rows = (
        qs.filter(tree.ever_under(org_field))
        .values(org_field)
        .annotate(**aggregates)
        .values_list(org_field, *aggregates)
    )
    names = list(ranges)
    out: dict[str, dict[int, int]] = {name: defaultdict(int) for name in names}
    for org_id, *counts in rows:
        key = tree.bucket(org_id)
        if key is None:
            continue
        for name, n in zip(names, counts, strict=True):
            out[name][key] += n
    return out


def _rows_by_range(
    rows: list[tuple[int, int, datetime.date]],
    ranges: dict[str, tuple[datetime.date, datetime.date]],
) -> dict[str, dict[int, int]]:
    out: dict[str, dict[int, int]] = {name: defaultdict(int) for name in ranges}
    bounds = [(out[name], lo, hi) for name, (lo, hi) in ranges.items()]
    for key, _org, admitted_on in rows:
        for counts, lo, hi in bounds:
            if lo <= admitted_on <= hi:
                counts[key] += 1
    return out


def done_list(
    tree: Tree, measure: str, start: datetime.date, end: datetime.date, bucket: int | None
) -> list[int]:
    """The ids behind a progress figure: members (admissions), cases (pool)
    or enrolments (awareness certificates) of the root or of one row."""
    rows: Any
    if measure == Measure.ADMISSIONS:
        rows = figures.admissions(start, end).values_list("member_id", "organization_id")
        field_ = "organization_id"
    elif measure == Measure.POOL:
        rows = figures.pool_entries(start, end).values_list("id", "organization_id")
        field_ = "organization_id"
    else:
        rows = figures.awareness_certificates(start, end).values_list("id", "case__organization_id")
        field_ = "case__organization_id"
    rows = rows.filter(tree.ever_under(field_))
    return [pk for pk, org_id in rows if tree.within(org_id, bucket)]


def members_at_start(tree: Tree, year: int) -> dict[int, int]:
    """Active members on 1 January of `year`, per row."""
    day = datetime.date(year, 1, 1)
    rows = (
        MemberPlacement.objects.filter(valid_from__lte=day, member__admitted_on__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .filter(Q(member__left_on__isnull=True) | Q(member__left_on__gt=day))
        .filter(tree.ever_under())
        .order_by()
        .values("organization_id")
        .annotate(n=Count("id"))
        .values_list("organization_id", "n")
    )
    return tree.rollup(dict(rows))


def term_on(day: datetime.date) -> Term | None:
    return Term.objects.filter(starts_on__lte=day, ends_on__gte=day).first()


def build(
    unit: Organization,
    day: datetime.date,
    today: datetime.date,
    year: int | None = None,
) -> Dashboard:
    """Everything the dashboard shows. `day` is the "as of" date; `year`
    the target year (default: the year of `day`, or a past year shown as
    it stood at its end)."""
    with evaluation.rules_cache():
        return _build(unit, day, today, year)


def _build(
    unit: Organization,
    day: datetime.date,
    today: datetime.date,
    year: int | None,
) -> Dashboard:
    year = year or day.year
    if year < day.year:
        day = datetime.date(year, 12, 31)
    tree = tree_on(unit, day)
    y_start, y_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    year_period = Period(str(year), y_start, y_end, day)
    term = term_on(min(day, y_end))
    term_period = Period(term.name, term.starts_on, term.ends_on, day) if term else None
    kinds = list(TargetKind.objects.all())
    own_settings = (
        settings_for(unit.parent) if unit.parent_id and unit.parent else settings_for(unit)
    )
    child_settings = settings_for(unit)

    row_ids = [unit.pk, *(c.id for c in tree.children)]
    targets = list(
        Target.objects.filter(organization_id__in=row_ids)
        .filter(Q(year__lte=year, year__gte=year - CARRY_YEARS) | Q(term=term))
        .select_related("kind")
    )
    base_by: dict[tuple[str, int], dict[int, int]] = defaultdict(dict)  # (kind, org) → {year: n}
    year_target: dict[tuple[str, int], Target] = {}
    term_target: dict[tuple[str, int], Target] = {}
    for t in targets:
        if t.year == year:
            year_target[(t.kind.code, t.organization_id)] = t
        if t.term_id and term and t.term_id == term.pk:
            term_target[(t.kind.code, t.organization_id)] = t
        if t.year and t.value is not None:
            base_by[(t.kind.code, t.organization_id)][t.year] = t.value

    carry_on = {unit.pk: own_settings.carry_over}
    carry_on.update({c.id: child_settings.carry_over for c in tree.children})
    # Every range a count is needed for, per measure: admissions from one
    # read of the admission rows, the other measures one query each.
    needs_start = any(t.share_min is not None for t in year_target.values())
    starts = members_at_start(tree, year) if needs_start else {}
    ranges = {"year": (y_start, year_period.upto)}
    if term_period:
        ranges["term"] = (term_period.start, term_period.upto)
    carry_first = min(
        (
            y
            for (_kc, org), years in base_by.items()
            if carry_on.get(org)
            for y in years
            if y < year
        ),
        default=year,
    )
    carry_ranges = {
        str(y): (datetime.date(y, 1, 1), datetime.date(y, 12, 31)) for y in range(carry_first, year)
    }
    years_shown = [year - 2, year - 1, year]
    since = figures.idle_since(tree, child_settings.idle_years)
    first_day = min(
        datetime.date(year - 2, 1, 1),
        since + datetime.timedelta(days=1),
        *(a for a, _b in [*ranges.values(), *carry_ranges.values()]),
    )
    rows_ = figures.admission_days(tree, first_day, day)
    per_measure: dict[str, dict[str, dict[int, int]]] = {}
    for measure in {k.measure for k in kinds}:
        if measure == Measure.ADMISSIONS:
            per_measure[measure] = _rows_by_range(rows_, {**ranges, **carry_ranges})
        else:
            per_measure[measure] = counts_by_range(tree, measure, ranges)
    months: dict[int, dict[tuple[int, int], int]] = defaultdict(lambda: defaultdict(int))
    quality: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    recent: set[int] = set()
    for key, org_id, admitted_on in rows_:
        if admitted_on.year >= year - 2:
            months[key][(admitted_on.year, admitted_on.month)] += 1
        if admitted_on > since:
            recent.add(org_id)
    for a in figures.admission_rows(tree, y_start, year_period.upto):
        row_of = tree.bucket(a.org_id)
        assert row_of is not None
        quality[row_of]["total"] += 1
        for g in a.groups(tree):
            quality[row_of][g.value] += 1
    pipeline = figures.pipeline_counts(tree, today)
    probation = figures.probation_counts(tree, year)

    def make_row(row_id: int, name: str, kind: str, is_total: bool = False) -> Row:
        row = Row(row_id, name, kind)
        key = unit.pk if is_total else row_id
        for k in kinds:
            counts = per_measure[k.measure]
            done_year = sum(counts["year"].values()) if is_total else counts["year"].get(row_id, 0)
            p = Progress(done=done_year)
            t = year_target.get((k.code, key))
            if t is not None and row_id != CLOSED:
                if t.value is not None:
                    p.base = t.value
                elif t.share_min is not None:
                    members = sum(starts.values()) if is_total else starts.get(row_id, 0)
                    p.members_at_start = members
                    p.share = (t.share_min, t.share_max)
                    p.share_range = st.share_target(members, t.share_min, t.share_max)
                    p.base = p.share_range[0]
                if k.measure == Measure.ADMISSIONS and carry_on.get(key):
                    history = base_by.get((k.code, key), {})
                    done_by_year = {
                        y: (
                            sum(counts[str(y)].values())
                            if is_total
                            else counts[str(y)].get(row_id, 0)
                        )
                        for y in history
                        if str(y) in counts
                    }
                    p.carried = st.carried(year, history, done_by_year)
            row.year[k.code] = p
            if term_period:
                done_term = (
                    sum(counts["term"].values()) if is_total else counts["term"].get(row_id, 0)
                )
                tp = Progress(done=done_term)
                tt = term_target.get((k.code, key))
                if tt is not None and tt.value is not None and row_id != CLOSED:
                    tp.base = tt.value
                row.term[k.code] = tp
        if is_total:
            row.pipeline = _sum_dicts(pipeline.values())
            row.quality = _sum_dicts(quality.values())
            row.probation = _sum_dicts(probation.values())
            merged: dict[tuple[int, int], int] = defaultdict(int)
            for m in months.values():
                for ym, n in m.items():
                    merged[ym] += n
            row.months = dict(merged)
        else:
            row.pipeline = dict(pipeline.get(row_id, {}))
            row.quality = dict(quality.get(row_id, {}))
            row.probation = dict(probation.get(row_id, {}))
            row.months = dict(months.get(row_id, {}))
        first = kinds[0].code if kinds else None
        if first and first in row.year:
            p = row.year[first]
            row.behind = st.behind(p.done, p.target, year_period.elapsed)
            row.gap = st.schedule_gap(p.done, p.target, year_period.elapsed)
        return row

    rows = [make_row(c.id, c.name, c.kind) for c in tree.children]
    own = [
        k
        for k in (unit.pk, CLOSED)
        if _has_data(k, per_measure, months, pipeline, quality, probation)
    ]
    if tree.children:
        if unit.pk in own:
            rows.append(make_row(unit.pk, unit.name, unit.kind))
        if CLOSED in own:
            rows.append(make_row(CLOSED, "", "closed"))
    rows.sort(key=lambda r: (not r.behind, r.gap if r.behind else Decimal(0)))
    total = make_row(unit.pk, unit.name, unit.kind, is_total=True)

    # The sum of the children's yearly targets against the unit's own.
    mismatch: dict[str, tuple[str, int, int]] = {}
    for k in kinds:
        own_target = total.year[k.code].target
        child_targets = [r.year[k.code].target for r in rows if r.id not in (CLOSED, unit.pk)]
        if own_target is not None and any(x is not None for x in child_targets):
            summed = sum(x or 0 for x in child_targets)
            if summed != own_target:
                mismatch[k.code] = (k.name, summed, own_target)

    return Dashboard(
        unit=unit,
        tree=tree,
        day=day,
        year=year_period,
        term=term_period,
        kinds=kinds,
        total=total,
        rows=rows,
        settings=child_settings,
        years_shown=years_shown,
        idle_cells=figures.idle_cells(tree, child_settings.idle_years, recent),
        small_cells=figures.small_cells(tree, child_settings.min_official_members, today),
        mismatch=mismatch,
    )


def _sum_dicts(items: Any) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for d_ in items:
        for k, v in d_.items():
            out[k] += v
    return dict(out)


def _has_data(key: int, per_measure: Any, *per_row: Any) -> bool:
    if any(key in by_row for by_row in per_row):
        return True
    return any(counts.get(key) for by_range in per_measure.values() for counts in by_range.values())
