"""The list behind each dashboard figure, read with the same selectors the
figure was counted with (apps.reports.figures)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from apps.admissions.choices import Stage as StageChoice
from apps.targets.models import TargetKind
from domain import statistics as st

from . import figures
from .dashboard import Period, done_list, term_on
from .labels import PROBATION_LABELS, QUALITY_LABELS
from .tree import Tree

MEMBER, CASE, ENROLMENT, CELL = "member", "case", "enrolment", "cell"


class UnknownFigure(Exception):
    pass


@dataclass
class FigureList:
    kind: str  # MEMBER, CASE, ENROLMENT or CELL
    title: str
    ids: list[int]


def figure_list(
    tree: Tree, figure: str, year: int, today: datetime.date, bucket: int | None
) -> FigureList:
    """Resolve a figure code, e.g. "done:admissions:year", "month:2026:10",
    "quality:women", "stage:dossier", "overdue:admitted", "probation:late",
    "idle:3", "small:3"."""
    parts = figure.split(":")
    head = parts[0]
    day = tree.day
    y_start, y_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    try:
        if head == "done":
            kind = TargetKind.objects.get(code=parts[1])
            if parts[2] == "year":
                period = Period(str(year), y_start, y_end, day)
            else:
                term = term_on(min(day, y_end))
                if term is None:
                    raise UnknownFigure(figure)
                period = Period(term.name, term.starts_on, term.ends_on, day)
            ids = done_list(tree, kind.measure, period.start, period.upto, bucket)
            kind_code = {"admissions": MEMBER, "pool": CASE}.get(kind.measure, ENROLMENT)
            return FigureList(
                kind_code,
                _("{kind}: {period}").format(kind=kind.name, period=period.label),
                ids,
            )
        if head == "month":
            y, m = int(parts[1]), int(parts[2])
            start = datetime.date(y, m, 1)
            end = min(day, datetime.date(y + m // 12, m % 12 + 1, 1) - datetime.timedelta(days=1))
            ids = done_list(tree, "admissions", start, end, bucket)
            return FigureList(
                MEMBER, _("Admissions in {month:02d}/{year}").format(month=m, year=y), ids
            )
        if head == "admitted":
            y = int(parts[1])
            start, end = datetime.date(y, 1, 1), min(day, datetime.date(y, 12, 31))
            ids = done_list(tree, "admissions", start, end, bucket)
            return FigureList(MEMBER, _("Admissions in {year}").format(year=y), ids)
        if head == "quality":
            group = parts[1]
            ids = [
                member
                for member, _org, groups in figures.new_members(
                    tree, y_start, min(day, y_end), bucket
                )
                if group == "total" or st.Quality(group) in groups
            ]
            label = _("New members") if group == "total" else str(QUALITY_LABELS[st.Quality(group)])
            return FigureList(
                MEMBER, _("{group}, admitted in {year}").format(group=label, year=year), ids
            )
        if head in ("stage", "overdue"):
            stage = parts[1]
            ids = [
                r.id
                for r in figures.pipeline_cases(tree, today)
                if r.stage == stage
                and tree.within(r.org_id, bucket)
                and (head == "stage" or r.overdue)
            ]
            title = str(StageChoice(stage).label)
            if head == "overdue":
                title = _("{stage}: past the deadline").format(stage=title)
            return FigureList(CASE, title, ids)
        if head == "probation":
            outcome = parts[1]
            ids = [
                case_id
                for case_id, org_id, got in figures.probation_cases(tree, year)
                if tree.within(org_id, bucket)
                and (got == outcome or (outcome == "due" and got != "removed"))
            ]
            return FigureList(CASE, str(PROBATION_LABELS[outcome]), ids)
        if head == "idle":
            years = int(parts[1])
            ids = [c for c in figures.idle_cells(tree, years) if tree.within(c, bucket)]
            return FigureList(CELL, _("Cells with no admission for {n} years").format(n=years), ids)
        if head == "small":
            minimum = int(parts[1])
            ids = [c for c in figures.small_cells(tree, minimum, today) if tree.within(c, bucket)]
            return FigureList(
                CELL, _("Cells with fewer than {n} official members").format(n=minimum), ids
            )
    except (IndexError, ValueError, OverflowError, KeyError, TargetKind.DoesNotExist) as exc:
        raise UnknownFigure(figure) from exc
    raise UnknownFigure(figure)
