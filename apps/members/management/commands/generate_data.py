"""Deterministic synthetic data of any size for benchmarks.

--scope province: one province (real communes of Hà Nội from vietnam-provinces)
holding all N members; --scope nation: the 34 provinces and their ~3 300
communes, N members spread over them. Cells hold 5 to 60 members."""

from __future__ import annotations

import datetime
import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from vietnam_provinces import Province, Ward

from apps.common import clock
from apps.common.commands import day_argument
from apps.members.services import bulk_create_members
from apps.members.synthetic import PeopleFactory
from apps.organizations import services
from apps.organizations.choices import CellCategory, OrgKind
from apps.organizations.models import Organization

ACTOR = "manage.py generate_data"
START = datetime.date(2000, 1, 1)
CATEGORY_MIX = [
    (CellCategory.STREET_GROUP, 22),
    (CellCategory.HAMLET, 14),
    (CellCategory.VILLAGE, 14),
    (CellCategory.KHOM, 5),
    (CellCategory.BAN, 3),
    (CellCategory.SCHOOL, 10),
    (CellCategory.AGENCY, 9),
    (CellCategory.PUBLIC_SERVICE, 7),
    (CellCategory.STATE_ENTERPRISE, 3),
    (CellCategory.PRIVATE_ENTERPRISE, 5),
    (CellCategory.COOPERATIVE, 3),
    (CellCategory.ARMED_FORCES, 2),
    (CellCategory.POLICE, 3),
]


class Command(BaseCommand):
    help = "Generate deterministic synthetic provinces, cells and members for benchmarks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--members", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--scope", choices=["province", "nation"], default="province")
        parser.add_argument(
            "--cases", type=int, default=0, help="admission cases at every stage, spread over cells"
        )
        parser.add_argument(
            "--today",
            type=day_argument,
            default=None,
            help="the data's today, dd/mm/yyyy (default: today in Vietnam)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Organization.objects.exists():
            raise CommandError("The database already has units: use an empty database.")
        started = time.monotonic()
        rng = random.Random(options["seed"])
        total = options["members"]
        provinces = list(Province.iter_all())
        if options["scope"] == "province":
            provinces = [p for p in provinces if p.code.value == 1] or provinces[:1]
        wards_by_province: dict[int, list[Any]] = {}
        for ward in Ward.iter_all():
            wards_by_province.setdefault(ward.province_code.value, []).append(ward)
        today = options["today"] or clock.today()
        factory = PeopleFactory(rng, today)
        root = None
        if len(provinces) > 1:
            root = services.create_organization(
                by=ACTOR,
                code="TW",
                name="Đảng Cộng sản Việt Nam (dữ liệu tổng hợp)",
                kind=OrgKind.PROVINCE,
                parent=None,
                valid_from=START,
            )
        communes_total = sum(len(wards_by_province.get(p.code.value, [])) for p in provinces)
        per_commune = max(1, total // max(1, communes_total))
        made = 0
        for p_index, province in enumerate(provinces):
            if root is None:
                prov = services.create_organization(
                    by=ACTOR,
                    code=f"T{province.code.value:02d}",
                    name=f"Đảng bộ tỉnh {province.name}",
                    kind=OrgKind.PROVINCE,
                    parent=None,
                    valid_from=START,
                    admin_code=str(province.code.value),
                )
            else:
                prov = services.bulk_create_units(
                    by=ACTOR,
                    parent=root,
                    units=[
                        Organization(
                            code=f"T{province.code.value:02d}",
                            name=f"Đảng bộ tỉnh {province.name}",
                            kind=OrgKind.AGENCY_BLOC,
                            valid_from=START,
                            admin_code=str(province.code.value),
                        )
                    ],
                )[0]
            wards = wards_by_province.get(province.code.value, [])
            communes = services.bulk_create_units(
                by=ACTOR,
                parent=prov,
                units=[
                    Organization(
                        code=f"X{w.code.value:05d}",
                        name=f"Đảng bộ {w.name}",
                        kind=OrgKind.WARD if w.name.startswith("Phường") else OrgKind.COMMUNE,
                        valid_from=START,
                        admin_code=str(w.code.value),
                    )
                    for w in wards
                ],
            )
            for c_index, commune in enumerate(communes):
                last = p_index == len(provinces) - 1 and c_index == len(communes) - 1
                target = total - made if last else per_commune
                sizes: list[int] = []
                while sum(sizes) < target:
                    sizes.append(min(rng.randint(5, 60), target - sum(sizes)))
                if sizes and sizes[-1] < 5 and len(sizes) > 1:
                    sizes[-2] += sizes.pop()
                values, weights = zip(*CATEGORY_MIX, strict=True)
                cells = services.bulk_create_units(
                    by=ACTOR,
                    parent=commune,
                    units=[
                        Organization(
                            code=f"{commune.code}-{i:04d}",
                            name=f"Chi bộ số {i}",
                            kind=OrgKind.CELL,
                            category=rng.choices(values, weights=weights)[0],
                            valid_from=START,
                        )
                        for i in range(1, len(sizes) + 1)
                    ],
                )
                rows = [
                    factory.pair(cell)
                    for cell, size in zip(cells, sizes, strict=True)
                    for _ in range(size)
                ]
                made += bulk_create_members(by=ACTOR, rows=rows)
            self.stdout.write(f"{province.name}: {made} members so far")
        if options["cases"]:
            from apps.admissions.synthetic import bulk_create_cases

            cells = list(Organization.objects.filter(kind=OrgKind.CELL).order_by("code"))
            rng.shuffle(cells)
            cases = bulk_create_cases(
                by=ACTOR,
                cells=cells,
                count=options["cases"],
                rng=rng,
                today=today,
                factory=PeopleFactory(rng, today, serial_start=50_000_000),
            )
            self.stdout.write(f"Generated {cases} admission cases")
        self.stdout.write(f"Generated {made} members in {time.monotonic() - started:.1f} s")
