"""Shared fixtures: a small tree built through the services, and named users
at fixed places in it (STYLE: tests).

    Đảng bộ tỉnh Thử (province)          province_officer, training_centre, auditor, administrator
    ├── Đảng bộ phường An Hòa (ward A)   commune_staff
    │   ├── Chi bộ Khóm 1 (cell A1)      cell_secretary
    │   └── Chi bộ Trường THCS (cell A2)
    └── Đảng bộ xã Bình Minh (commune B) outsider (staff of B), admin_b
        └── Chi bộ Ấp 1 (cell B1)
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.test import Client

from apps.accounts.models import Role, User
from apps.accounts.services import create_user, grant_role
from apps.members.choices import MemberStatus
from apps.members.models import Member, Person
from apps.members.services import create_member
from apps.organizations.choices import CellCategory, OrgKind
from apps.organizations.models import Organization
from apps.organizations.services import create_organization
from domain.dates import add_months

PASSWORD = "test-password-2026"
D0 = datetime.date(2010, 1, 1)


@dataclass
class Tree:
    province: Organization
    ward_a: Organization
    cell_a1: Organization
    cell_a2: Organization
    commune_b: Organization
    cell_b1: Organization


def make_unit(
    code: str,
    name: str,
    kind: str,
    parent: Organization | None,
    category: str = "",
    on: datetime.date = D0,
) -> Organization:
    return create_organization(
        by="test", code=code, name=name, kind=kind, parent=parent, valid_from=on, category=category
    )


_serial = [0]


def make_member(
    cell: Organization,
    name: str = "Nguyễn Văn An",
    *,
    born: datetime.date | None = None,
    admitted: datetime.date = datetime.date(2015, 5, 19),
    citizen_id: str | None = None,
    **person: Any,
) -> Member:
    _serial[0] += 1
    p = Person(
        full_name=name,
        gender=person.pop("gender", "male"),
        date_of_birth=born or datetime.date(1985, 3, 5),
        citizen_id=citizen_id or f"0870850{_serial[0]:05d}",
        **person,
    )
    m = Member(
        organization=cell,
        status=MemberStatus.FULL,
        admitted_on=admitted,
        ceremony_on=admitted + datetime.timedelta(days=20),
        # full membership when the 12 months of probation end (T3)
        full_on=add_months(admitted + datetime.timedelta(days=20), 12),
    )
    return create_member(by="test", person=p, member=m)


def _moved_today() -> datetime.date | None:
    """The day named by PTDV_TEST_TODAY (dd/mm/yyyy or yyyy-mm-dd), if any."""
    raw = os.environ.get("PTDV_TEST_TODAY", "").strip()
    if not raw:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(raw, fmt).date()
        except ValueError:
            continue
    raise pytest.UsageError(f"PTDV_TEST_TODAY={raw!r}: write the day as dd/mm/yyyy")


@pytest.fixture(scope="session", autouse=True)
def moved_clock() -> Iterator[None]:
    """With PTDV_TEST_TODAY set, the whole session runs on that day (the
    clock ticks from 09:00 Vietnam time), so CI can prove the suite green on
    days other than the real one: a day in Tết, 29/02, 31/12."""
    day = _moved_today()
    if day is None:
        yield
        return
    from apps.common.clock import VIETNAM

    with time_machine.travel(datetime.datetime.combine(day, datetime.time(9), VIETNAM)):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings: Any) -> None:
    """Argon2 is slow on purpose (about 0.2 s a hash); the suite creates and
    logs in thousands of users. Tests hash with MD5 first; the production
    setting is checked by its own test (tests/accounts)."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]


@pytest.fixture(autouse=True)
def second_factor_off(settings: Any) -> None:
    """Tests log the named users in with their password alone; the tests of
    two-step verification (tests/accounts/test_two_factor.py) turn the
    requirement back on with `settings.TWO_FACTOR_REQUIRED_ROLES`."""
    settings.TWO_FACTOR_REQUIRED_ROLES = []


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """API throttling counts requests in the cache: each test starts with
    none counted."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def seeded_data(request: Any) -> None:
    """Rows that migrations seed (policy versions, course kinds, target kinds
    and terms) are wiped by the flush after a live-server test; put them
    back for every test that uses the database."""
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        request.getfixturevalue(
            "transactional_db" if "transactional_db" in request.fixturenames else "db"
        )
        from apps.admissions.models import PolicyVersion
        from apps.admissions.seed import seed_policies
        from apps.targets.models import TargetKind, Term
        from apps.targets.seed import seed_targets
        from apps.training.models import CourseKind
        from apps.training.seed import seed_course_kinds

        seed_policies(PolicyVersion)
        seed_course_kinds(CourseKind)
        seed_targets(TargetKind, Term)


@pytest.fixture
def tree(db: Any) -> Tree:
    province = make_unit("T99", "Đảng bộ tỉnh Thử", OrgKind.PROVINCE, None)
    ward_a = make_unit("A", "Đảng bộ phường An Hòa", OrgKind.WARD, province)
    commune_b = make_unit("B", "Đảng bộ xã Bình Minh", OrgKind.COMMUNE, province)
    return Tree(
        province=province,
        ward_a=ward_a,
        cell_a1=make_unit("A1", "Chi bộ Khóm 1", OrgKind.CELL, ward_a, CellCategory.KHOM),
        cell_a2=make_unit(
            "A2", "Chi bộ Trường THCS An Hòa", OrgKind.CELL, ward_a, CellCategory.SCHOOL
        ),
        commune_b=commune_b,
        cell_b1=make_unit("B1", "Chi bộ Ấp 1", OrgKind.CELL, commune_b, CellCategory.HAMLET),
    )


def make_user(username: str, role: str | None = None, unit: Organization | None = None) -> User:
    user = create_user(by="test", username=username, full_name=username, password=PASSWORD)
    user.must_change_password = False
    user.save()
    if role and unit:
        grant_role(user, by="test", organization=unit, role=role)
    return user


def api_client(user: User) -> Client:
    """A client that calls the API with a fresh personal token of `user`
    (no session), as a program would."""
    from apps.accounts.services import create_api_token

    _row, token = create_api_token(user, by="test", name="tests", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


@dataclass
class Users:
    cell_secretary: User
    commune_staff: User
    province_officer: User
    training_centre: User
    auditor: User
    administrator: User
    outsider: User
    admin_b: User


@pytest.fixture
def users(tree: Tree) -> Users:
    return Users(
        cell_secretary=make_user("bithu", Role.CELL_SECRETARY, tree.cell_a1),
        commune_staff=make_user("vanphong", Role.COMMITTEE_STAFF, tree.ward_a),
        province_officer=make_user("bantochuc", Role.ORG_COMMITTEE, tree.province),
        training_centre=make_user("trungtam", Role.TRAINING_CENTRE, tree.province),
        auditor=make_user("kiemtra", Role.AUDITOR, tree.province),
        administrator=make_user("quantri", Role.ADMINISTRATOR, tree.province),
        outsider=make_user("nguoingoai", Role.COMMITTEE_STAFF, tree.commune_b),
        admin_b=make_user("quantri_b", Role.ADMINISTRATOR, tree.commune_b),
    )


@pytest.fixture
def members(tree: Tree) -> dict[str, Member]:
    return {
        "a1": make_member(tree.cell_a1, "Nguyễn Văn Á"),
        "a1b": make_member(tree.cell_a1, "Trần Thị Bích", gender="female"),
        "a2": make_member(tree.cell_a2, "Lê Văn Đức"),
        "b1": make_member(tree.cell_b1, "Phạm Văn Bình"),
    }
