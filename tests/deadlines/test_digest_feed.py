"""The daily digest (sent once a day even when the command runs twice,
escalation to the level above, the opt-out, the access log) and the
calendar feed (parses with icalendar, holds the right events, revocable)."""

import datetime as dt
from typing import Any
from unittest import mock

import icalendar
import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from apps.audit.models import AccessEntry
from apps.deadlines import services
from apps.deadlines.models import DigestEntry
from apps.members.models import Member
from apps.training import services as training
from apps.training.models import CourseKind, Provider
from tests.conftest import PASSWORD, Tree, Users
from tests.deadlines.conftest import at, resolved_case

D = dt.date


@pytest.fixture
def addresses(users: Users) -> None:
    for who in ("commune_staff", "province_officer", "cell_secretary"):
        user = getattr(users, who)
        services.save_preferences(user, digest=True, email=f"{user.username}@example.vn")


def test_the_digest_is_sent_once_a_day_even_when_the_command_runs_twice(
    tree: Tree, users: Users, voters: list[Member], addresses: None, time_machine: Any
) -> None:
    at(time_machine, D(2026, 1, 10))
    resolved_case(tree, voters, "Huỳnh Thị Mai", "087198000111")
    at(time_machine, D(2026, 2, 10))
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [["vanphong@example.vn"]]
    body = mail.outbox[0].body
    assert "Huỳnh Thị Mai" in body and "Quyết định kết nạp (T1)" in body
    assert "/admissions/cases/" in body
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 1
    assert DigestEntry.objects.filter(day=D(2026, 2, 10)).count() == 1
    log = AccessEntry.objects.filter(actor=users.commune_staff, kind="export").last()
    assert log is not None and "vanphong@example.vn" in log.what and log.rows == 1
    # the next day, the same item is due again
    at(time_machine, D(2026, 2, 11))
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert len(mail.outbox) == 2


def test_an_item_late_beyond_the_setting_reaches_the_level_above(
    tree: Tree, users: Users, voters: list[Member], addresses: None, time_machine: Any
) -> None:
    at(time_machine, D(2026, 1, 10))
    resolved_case(tree, voters, "Huỳnh Thị Mai", "087198000111")
    at(time_machine, D(2026, 2, 27))  # 5 working days late (Tết between): not yet
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert [m.to for m in mail.outbox] == [["vanphong@example.vn"]]
    at(time_machine, D(2026, 3, 2))  # 6 working days late: escalated to the province
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    by_to = {m.to[0]: m.body for m in mail.outbox[1:]}
    assert set(by_to) == {"vanphong@example.vn", "bantochuc@example.vn"}
    assert "Quá hạn ở các đơn vị cấp dưới" in by_to["bantochuc@example.vn"]
    assert "Huỳnh Thị Mai" in by_to["bantochuc@example.vn"]


def test_a_user_who_turns_the_digest_off_gets_none(
    tree: Tree, users: Users, voters: list[Member], addresses: None, time_machine: Any
) -> None:
    at(time_machine, D(2026, 1, 10))
    resolved_case(tree, voters, "Huỳnh Thị Mai", "087198000111")
    services.save_preferences(users.commune_staff, digest=False, email="vanphong@example.vn")
    at(time_machine, D(2026, 2, 10))
    call_command("send_digests", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert mail.outbox == []


def test_the_digest_needs_an_address(users: Users) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.save_preferences(users.commune_staff, digest=True, email="")
    assert "email" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.save_preferences(users.commune_staff, digest=True, email="khong-phai-thu")
    assert "khong-phai-thu" in exc.value.message_dict["email"][0]


def test_the_calendar_feed_parses_and_holds_the_deadlines_and_classes(
    tree: Tree, users: Users, voters: list[Member], time_machine: Any
) -> None:
    at(time_machine, D(2026, 1, 10))
    case = resolved_case(tree, voters, "Huỳnh Thị Mai", "087198000111")
    provider = Provider.objects.create(name="Trung tâm Chính trị", organization=tree.province)
    training.create_class(
        by="test",
        kind=CourseKind.objects.get(code="awareness"),
        provider=provider,
        title="Lớp nhận thức 1/2026",
        capacity=30,
        units=[tree.ward_a],
        days=[D(2026, 3, 7)],
    )
    client = Client()
    assert client.login(username="vanphong", password=PASSWORD)
    assert client.post("/deadlines/settings/feed/").status_code == 302
    url = client.get("/deadlines/settings/").context["feed_url"]
    path = url.split("testserver", 1)[1]
    response = Client().get(path)  # a calendar program: no session
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = icalendar.Calendar.from_ical(response.content)
    events = {str(e["uid"]): e for e in cal.walk("VEVENT")}
    t1 = events[f"case:{case.pk}:T1:2026-02-13@ptdv"]
    assert t1.decoded("dtstart") == D(2026, 2, 13)
    assert "Huỳnh Thị Mai" in str(t1["summary"])
    (session,) = [e for k, e in events.items() if k.startswith("session:")]
    assert session.decoded("dtstart") == D(2026, 3, 7)
    assert AccessEntry.objects.filter(actor=users.commune_staff, what="Lịch công việc").exists()
    # a new link revokes the old one; revoking leaves none
    assert client.post("/deadlines/settings/feed/").status_code == 302
    assert Client().get(path).status_code == 404
    new = client.get("/deadlines/settings/").context["feed_url"].split("testserver", 1)[1]
    assert Client().get(new).status_code == 200
    client.post("/deadlines/settings/feed/revoke/")
    assert Client().get(new).status_code == 404


def test_two_runs_at_once_send_one_digest(
    transactional_db: None, tree: Tree, users: Users, voters: list[Member], time_machine: Any
) -> None:
    """Two servers' cron jobs racing: the user's row lock (PostgreSQL) or
    the unique row per user, day and item (any database) lets one send."""
    import threading

    from django.db import connection

    from apps.admissions.evaluation import rules_cache
    from apps.common.clock import today
    from apps.deadlines.engine import Engine

    services.save_preferences(users.commune_staff, digest=True, email="vanphong@example.vn")
    at(time_machine, D(2026, 1, 10))
    resolved_case(tree, voters, "Huỳnh Thị Mai", "087198000111")
    at(time_machine, D(2026, 2, 10))
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            with rules_cache():
                engine = Engine(today())
                engine.own_for(users.commune_staff)  # the slow part before the race
                barrier.wait(timeout=30)
                results.append(services.send_digest(users.commune_staff, engine))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            from django.db import connections

            connections.close_all()

    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers: the race is PostgreSQL's")
    threads = [threading.Thread(target=run) for _ in range(2)]
    with mock.patch("apps.deadlines.services.send_mail") as send:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
    assert errors == []
    assert sorted(results) == [0, 1]
    assert send.call_count == 1
    assert DigestEntry.objects.count() == 1
