"""The API keeps its contract under generated input (schemathesis, from the
OpenAPI schema the server publishes): no operation answers a server error,
and every status it answers is documented in the schema. Requests go to the
WSGI application in-process, as the province officer (the widest scope)
with a personal token, against the small test tree with a member, a case
and a class in it.

The number of examples per operation is bounded: PTDV_FUZZ_EXAMPLES
(default 6: the suite runs five times in CI)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, status_code_conformance

from tests.conftest import Tree, Users

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("PTDV_FUZZ_EXAMPLES", "6"))


def _raw_schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(_raw_schema())
APP = get_wsgi_application()


@pytest.fixture
def token(tree: Tree, users: Users, members: dict[str, Any], settings: Any) -> str:
    """A token of the province officer, with a case and a class to find;
    the throttles widened so the fuzzing meets none (429 is documented)."""
    from apps.accounts.services import create_api_token
    from apps.training import services as training
    from apps.training.models import CourseKind, Provider
    from tests.admissions.conftest import candidate

    settings.API_THROTTLE_RATES = {"user": "100000/minute", "ip": "100000/minute"}
    candidate(tree)
    provider = Provider.objects.create(name="Trung tâm", organization=tree.province)
    import datetime as dt

    training.create_class(
        by="test",
        kind=CourseKind.objects.get(code="awareness"),
        provider=provider,
        title="Lớp nhận thức",
        capacity=30,
        units=[tree.ward_a],
        days=[dt.date(2026, 3, 7)],
    )
    return create_api_token(users.province_officer, by="test", name="fuzz", days=30)[1]


@pytest.fixture
def connection_kept() -> Iterator[None]:
    """The WSGI application closes the database connection after each
    request (Django's request_finished handler); inside a test's transaction
    it must stay open, as Django's own test client arranges."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_no_server_error_and_no_undocumented_status(
    case: Any, token: str, connection_kept: None
) -> None:
    response = case.call(app=APP, headers={"Authorization": f"Bearer {token}"})
    case.validate_response(response, checks=[not_a_server_error, status_code_conformance])
