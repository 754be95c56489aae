"""Targets of the demo province: yearly admission targets for the province
and the units below it (set near what each achieved, so some are ahead and
some behind), term targets, a commune whose cells have a share target, and
a commune that carries unmet admissions into the next year."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from apps.organizations.models import Organization
from apps.reports.dashboard import counts_by_range
from apps.reports.tree import tree_on

from . import services
from .choices import Measure
from .models import TargetKind, Term

ACTOR = "manage.py load_demo"


def load_demo_targets(*, rng: random.Random, today: datetime.date) -> int:
    province = Organization.objects.get(parent=None, code="TU-82")
    admissions = TargetKind.objects.get(code="admissions")
    pool = TargetKind.objects.get(code="pool")
    made = 0
    for year in range(today.year - 4, today.year + 1):
        day = min(today, datetime.date(year, 12, 31))
        tree = tree_on(province, day)
        done = counts_by_range(
            tree,
            Measure.ADMISSIONS,
            {"y": (datetime.date(year, 1, 1), datetime.date(year, 12, 31))},
        )["y"]
        values: dict[Organization, services.TargetInput] = {}
        children = Organization.objects.in_bulk([c.id for c in tree.children])
        for child in tree.children:
            n = done.get(child.id, 0)
            # A full year is judged on all of it; this year on a year's pace.
            pace = n if year < today.year else n * 365 // max(1, today.timetuple().tm_yday)
            values[children[child.id]] = services.TargetInput(
                value=max(2, round(pace * rng.uniform(0.85, 1.25)))
            )
        values[province] = services.TargetInput(value=sum(v.value or 0 for v in values.values()))
        made += services.set_targets(by=ACTOR, kind=admissions, year=year, values=values)
        if year == today.year:
            pool_values = {
                unit: services.TargetInput(value=round((t.value or 0) * 1.5))
                for unit, t in values.items()
            }
            made += services.set_targets(by=ACTOR, kind=pool, year=year, values=pool_values)
    for term in Term.objects.filter(
        starts_on__lte=today, ends_on__gte=today - datetime.timedelta(days=5 * 365)
    ):
        tree = tree_on(province, min(today, term.ends_on))
        children = Organization.objects.in_bulk([c.id for c in tree.children])
        values = {
            children[c.id]: services.TargetInput(value=rng.randint(4, 12) * 10)
            for c in tree.children
        }
        values[province] = services.TargetInput(value=sum(v.value or 0 for v in values.values()))
        made += services.set_targets(by=ACTOR, kind=admissions, term=term, values=values)
    # Phường Cao Lãnh gives its cells a share target and carries shortfalls over.
    ward = Organization.objects.filter(code="P-29869").first()
    if ward is not None:
        services.save_settings(
            by=ACTOR,
            unit=ward,
            carry_over=True,
            q4_threshold=40,
            idle_years=3,
            min_official_members=3,
        )
        cells = list(Organization.objects.filter(parent=ward, valid_to__isnull=True))
        last = today.year - 1
        if ward.valid_from <= datetime.date(last, 12, 31):  # not in the ward's first year
            done = counts_by_range(
                tree_on(ward, datetime.date(last, 12, 31)),
                Measure.ADMISSIONS,
                {"y": (datetime.date(last, 1, 1), datetime.date(last, 12, 31))},
            )["y"]
            made += services.set_targets(
                by=ACTOR,
                kind=admissions,
                year=last,
                values={
                    cell: services.TargetInput(value=done.get(cell.pk, 0) + rng.randint(0, 2))
                    for cell in cells
                },
            )
        made += services.set_targets(
            by=ACTOR,
            kind=admissions,
            year=today.year,
            values={
                cell: services.TargetInput(share_min=Decimal(3), share_max=Decimal(4))
                for cell in cells
            },
        )
    return made
