"""The calendar feed: one user's coming deadlines and class sessions as an
iCalendar file (RFC 5545, written by the `icalendar` library) that phone
and desktop calendars subscribe to by URL."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.db.models import Q
from icalendar import Calendar, Event

from apps.accounts.scope import path_q, scope_paths, user_grants

from .engine import Engine, rule_label

FEED_DAYS = 366


def sessions_for(user: Any, today: datetime.date) -> list[Any]:
    """Coming sessions of the classes the user's units send people to (a
    class serving a commune serves its cells) or that the user's provider
    runs."""
    from apps.training.choices import ClassStatus
    from apps.training.models import ClassSession

    paths = scope_paths(user)
    above = {pk for g in user_grants(user) for pk in map(int, g.path.strip("/").split("/"))}
    q = (
        path_q(paths, "training_class__units__path")
        | Q(training_class__units__pk__in=above)
        | path_q(paths, "training_class__provider__organization__path")
    )
    return list(
        ClassSession.objects.filter(
            q, date__gte=today, date__lte=today + datetime.timedelta(days=FEED_DAYS)
        )
        .exclude(training_class__status=ClassStatus.CANCELLED)
        .select_related("training_class")
        .distinct()
        .order_by("date", "pk")
    )


def _event(
    uid: str, day: datetime.date, summary: str, description: str, url: str, stamp: datetime.datetime
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + datetime.timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("url", url)
    event.add("transp", "TRANSPARENT")
    return event


def build_feed(user: Any, today: datetime.date, stamp: datetime.datetime) -> tuple[bytes, int]:
    """The feed's bytes and its number of events: the user's deadlines for
    a year ahead (and those overdue), each an all-day event on its legal
    date, and the coming class sessions."""
    site = settings.PTDV_SITE_URL
    cal = Calendar()
    cal.add("prodid", "-//PTĐV//Việc cần làm//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "PTĐV")
    count = 0
    seen_sessions = set()
    for item in Engine(today, horizon=FEED_DAYS).for_user(user):
        if item.rule == "CLASS":
            seen_sessions.add(item.key)
        cal.add_component(
            _event(
                f"{item.key}@ptdv",
                item.due,
                f"{item.what}: {item.subject}",
                f"{item.unit.name} — {item.acting_unit.name}. {item.note}".strip(),
                site + item.url,
                stamp,
            )
        )
        count += 1
    for session in sessions_for(user, today):
        key = f"session:{session.pk}"
        if key in seen_sessions:
            continue
        klass = session.training_class
        cal.add_component(
            _event(
                f"{key}@ptdv",
                session.date,
                f"{rule_label('CLASS')}: {klass.title}",
                f"{klass.place} {session.topic}".strip(),
                f"{site}/training/{klass.pk}/",
                stamp,
            )
        )
        count += 1
    return cal.to_ical(), count
