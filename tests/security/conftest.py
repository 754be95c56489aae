"""Fixtures of the security findings (issue #11): a case in cell A1 and an
awareness class serving the ward, reached through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from apps.admissions.models import Case
from apps.training import services as training
from apps.training.models import CourseKind, Provider, TrainingClass
from tests.admissions.conftest import candidate, voters
from tests.conftest import PASSWORD, Tree, Users

__all__ = ["voters"]

D = dt.date


def login(users: Users, who: str) -> Client:
    client = Client(raise_request_exception=False)
    assert client.login(username=getattr(users, who).username, password=PASSWORD)
    return client


@pytest.fixture
def case(tree: Tree) -> Case:
    """Huỳnh Thị Mai in the pool of cell A1."""
    return candidate(tree)


@pytest.fixture
def ward_class(tree: Tree) -> TrainingClass:
    """The ward's awareness class, run by the province's centre."""
    centre = Provider.objects.create(name="Trung tâm Chính trị tỉnh", organization=tree.province)
    return training.create_class(
        by="test",
        kind=CourseKind.objects.get(code="awareness"),
        provider=centre,
        title="Lớp nhận thức phường An Hòa 1/2024",
        capacity=40,
        units=[tree.ward_a],
        days=[D(2024, 3, 2), D(2024, 3, 9)],
    )
