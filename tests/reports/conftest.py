import datetime as dt
from typing import Any

import pytest

from apps.organizations.choices import CellCategory, OrgKind
from apps.organizations.models import Organization
from apps.targets import services
from apps.targets.models import TargetKind
from tests.admissions.conftest import voters  # noqa: F401  (a fixture)
from tests.conftest import Tree, make_member, make_unit

D = dt.date


def admit(cell: Organization, n: int, on: dt.date, **person: Any) -> None:
    """`n` members admitted on `on` in `cell` (recorded from paper)."""
    for i in range(n):
        make_member(cell, f"Người Thứ {i}", admitted=on, born=D(1995, 6, 1), **person)


def set_target(unit: Organization, year: int, value: int, kind: str = "admissions") -> None:
    services.set_targets(
        by="test",
        kind=TargetKind.objects.get(code=kind),
        year=year,
        values={unit: services.TargetInput(value=value)},
    )


@pytest.fixture
def city(tree: Tree) -> Organization:
    """A city committee of the old three-level tree (before 1/7/2025)."""
    return make_unit(
        "HU-CL", "Đảng bộ thành phố Cao Lãnh", OrgKind.DISTRICT, tree.province, on=D(2010, 1, 1)
    )


@pytest.fixture
def city_ward(city: Organization) -> Organization:
    return make_unit("CL-P1", "Đảng bộ phường 1", OrgKind.WARD, city, on=D(2010, 1, 1))


@pytest.fixture
def city_cells(city_ward: Organization) -> list[Organization]:
    return [
        make_unit(
            f"CL{i}", f"Chi bộ Khóm {i}", OrgKind.CELL, city_ward, CellCategory.KHOM, D(2010, 1, 1)
        )
        for i in (1, 2, 3)
    ]
