"""Classes of every kind for the demo province, past and upcoming, made
through the same services as the training centre's pages."""

from __future__ import annotations

import datetime
import random

from apps.admissions.choices import Stage
from apps.admissions.models import Case
from apps.members.choices import MemberStatus
from apps.members.models import Member
from apps.organizations.models import Organization
from domain.calendar import public_holidays

from . import services
from .choices import Result
from .models import CourseKind, Provider

ACTOR = "manage.py load_demo"


def _weekends(start: datetime.date, count: int) -> list[datetime.date]:
    """`count` Saturdays from `start`, so that workers can attend, skipping
    public holidays (a Saturday in Tết has no class)."""
    day = start + datetime.timedelta(days=(5 - start.weekday()) % 7)
    days: list[datetime.date] = []
    while len(days) < count:
        if day not in public_holidays(day.year):
            days.append(day)
        day += datetime.timedelta(weeks=1)
    return days


def load_demo_classes(*, rng: random.Random, today: datetime.date) -> int:
    province = Organization.objects.get(code="TU-82")
    school = Provider.objects.create(name="Trường Chính trị tỉnh Đồng Tháp", organization=province)
    ward = Organization.objects.get(code="P-29869")
    centre = Provider.objects.create(name="Trung tâm Chính trị khu vực Cao Lãnh", organization=ward)
    kinds = {k.code: k for k in CourseKind.objects.all()}
    made = 0

    # A finished awareness class: the candidates in the ward's pool took it.
    past = services.create_class(
        by=ACTOR,
        kind=kinds["awareness"],
        provider=centre,
        title="Lớp bồi dưỡng nhận thức về Đảng khóa 3/2026",
        capacity=60,
        units=[ward],
        days=_weekends(today - datetime.timedelta(days=120), 3),
        place="Hội trường Đảng ủy phường Cao Lãnh",
        teachers="Giảng viên Trung tâm Chính trị",
    )
    pool = list(
        Case.objects.filter(
            organization__path__startswith=ward.path,
            stage=Stage.CANDIDATE,
            opened_on__lt=today - datetime.timedelta(days=130),
            on_hold=False,
        ).select_related("organization")[:12]
    )
    enrolments = services.accept(
        [services.nominate(past, by=ACTOR, case=c, unit=ward) for c in pool], by=ACTOR
    )
    for session in past.sessions.all():
        services.record_attendance(
            session, by=ACTOR, present_ids=[e.pk for e in enrolments if rng.random() < 0.93]
        )
    for e in enrolments:
        services.record_result(
            e,
            by=ACTOR,
            result=Result.PASSED if rng.random() < 0.9 else Result.FAILED,
            mark=round(rng.uniform(6, 9.5), 1),
        )
    last = max(s.date for s in past.sessions.all())
    services.issue_certificates(
        past,
        by=ACTOR,
        on=last + datetime.timedelta(days=3),
        first_number=301,
        suffix="/GCN-TTCT",
        issuer=centre.name,
    )
    made += 1

    # Upcoming awareness classes by commune cluster, taking nominations.
    for unit_code, title in (
        ("X-30076", "Lớp bồi dưỡng nhận thức về Đảng cụm xã Mỹ Thọ"),
        ("P-29888", "Lớp bồi dưỡng nhận thức về Đảng phường Mỹ Trà"),
    ):
        unit = Organization.objects.get(code=unit_code)
        upcoming = services.create_class(
            by=ACTOR,
            kind=kinds["awareness"],
            provider=school,
            title=title,
            capacity=40,
            units=[unit],
            days=_weekends(today + datetime.timedelta(days=20), 2),
        )
        waiting = Case.objects.filter(
            organization__path__startswith=unit.path, stage=Stage.CANDIDATE, on_hold=False
        )[:15]
        nominated = [services.nominate(upcoming, by=ACTOR, case=c, unit=unit) for c in waiting]
        services.accept(nominated[: len(nominated) * 2 // 3], by=ACTOR)
        made += 1

    # An upcoming theory class for new members.
    newcomers = services.create_class(
        by=ACTOR,
        kind=kinds["new_member"],
        provider=school,
        title="Lớp lý luận chính trị dành cho đảng viên mới khóa 2/2026",
        capacity=80,
        units=[province],
        days=_weekends(today + datetime.timedelta(days=10), 4),
        place="Trường Chính trị tỉnh Đồng Tháp",
    )
    probation = (
        Case.objects.filter(stage=Stage.PROBATIONARY)
        .exclude(documents__code="new_member_certificate")
        .select_related("organization")[:25]
    )
    services.accept(
        [services.nominate(newcomers, by=ACTOR, case=c, unit=province) for c in probation], by=ACTOR
    )
    made += 1

    # Cadre courses: a finished elementary one, an upcoming intermediate one.
    members = list(
        Member.objects.filter(
            status=MemberStatus.FULL, organization__path__startswith=province.path
        )
        .select_related("person", "organization")
        .order_by("id")[:70]
    )
    for code, title, start, size in (
        (
            "so_cap",
            "Lớp sơ cấp lý luận chính trị khóa 1/2026",
            today - datetime.timedelta(days=200),
            35,
        ),
        (
            "trung_cap",
            "Lớp trung cấp lý luận chính trị khóa 2026–2027",
            today + datetime.timedelta(days=40),
            35,
        ),
    ):
        cadre = services.create_class(
            by=ACTOR,
            kind=kinds[code],
            provider=school,
            title=title,
            capacity=size,
            units=[province],
            days=_weekends(start, 6),
        )
        group = members[:size] if code == "so_cap" else members[size:]
        accepted = services.accept(
            [services.nominate_member(cadre, by=ACTOR, member=m, unit=province) for m in group],
            by=ACTOR,
        )
        if start < today:
            for e in accepted:
                services.record_result(
                    e, by=ACTOR, result=Result.PASSED, mark=round(rng.uniform(6.5, 9.5), 1)
                )
            last = max(s.date for s in cadre.sessions.all())
            services.issue_certificates(
                cadre,
                by=ACTOR,
                on=last + datetime.timedelta(days=7),
                first_number=1,
                suffix="/SC-2026",
                issuer=school.name,
            )
        made += 1
    return made
