"""About 300 development cases for the demo province, spread over every
stage and off-ramp, some overdue, some with exceptions, some on either side
of the 1/7/2025 policy change — made through the same services as users'
steps, so every date and rule is real."""

from __future__ import annotations

import datetime
import random
from typing import Any

from apps.members.choices import MemberStatus
from apps.members.models import Member
from apps.members.synthetic import PeopleFactory
from apps.organizations.choices import OrgKind
from apps.organizations.models import Organization
from domain.dates import add_months

from . import evaluation, services, steps
from .choices import Action, ConsentKind, DocumentCode, SourceOrg, Stage
from .models import Case

ACTOR = "manage.py load_demo"
SOURCES = [s.value for s in SourceOrg]


class _Past(Exception):
    """The next step would fall after today: the case stays where it is."""


class _Builder:
    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self.cal = evaluation.calendar()

    def day(self, after: datetime.date, low: int, high: int) -> datetime.date:
        day = after + datetime.timedelta(days=self.rng.randint(low, high))
        if day > self.today:
            raise _Past
        return day

    def wd(self, after: datetime.date, low: int, high: int) -> datetime.date:
        day = self.cal.add_working_days(after, self.rng.randint(low, high))
        if day > self.today:
            raise _Past
        return day

    def attendance(self, case: Case) -> tuple[dict[int, str], int, int]:
        voters = steps.official_members(case)
        rows = {m.pk: "present" for m in voters}
        for m in voters[: self.rng.randint(0, max(0, len(voters) // 6))]:
            rows[m.pk] = self.rng.choice(["absent", "exempt_absent", "transferred"])
        counted = sum(1 for s in rows.values() if s not in ("exempt_absent", "transferred"))
        present = sum(1 for s in rows.values() if s == "present")
        return rows, min(present, max(counted - self.rng.randint(0, 1), 0)), present

    def build(self, case: Case, target: str, failing: bool) -> None:
        rng = self.rng
        opened = case.opened_on
        cert = self.day(opened, 20, 120)
        case = steps.record_certificate(
            case, by=ACTOR, on=cert, number=f"{rng.randint(1, 999)}/GCN-TTCT"
        )
        case = steps.open_dossier(case, by=ACTOR, on=self.day(cert, 3, 30))
        docs_on = self.day(case.steps.last().on, 5, 25)  # type: ignore[union-attr]
        for code in (
            DocumentCode.APPLICATION,
            DocumentCode.PERSONAL_HISTORY,
            DocumentCode.COMMENTS,
            DocumentCode.YOUTH_UNION_RESOLUTION,
        ):
            services.add_document(case, by=ACTOR, code=code, received_on=docs_on)
        verified = self.day(docs_on, 10, 40)
        services.add_verification(
            case,
            by=ACTOR,
            relation="Bản thân",
            full_name=case.person.full_name,
            concluded_on=verified,
        )
        services.add_verification(
            case, by=ACTOR, relation="Cha", full_name="Nguyễn Văn Tư", concluded_on=verified
        )
        services.add_document(
            case, by=ACTOR, code=DocumentCode.CELL_COMMENT, received_on=self.day(verified, 1, 10)
        )
        elders = list(
            Member.objects.filter(
                organization=case.organization,
                status=MemberStatus.FULL,
                full_on__lt=docs_on - datetime.timedelta(days=400),
            )[:2]
        )
        for elder in elders:
            services.add_introducer(
                case,
                by=ACTOR,
                member=elder,
                together_since=add_months(docs_on, -rng.randint(14, 90)),
                introduced_on=docs_on,
            )
        if target == Stage.DOSSIER:
            return
        vote_on = self.day(verified, 12, 45)
        attendance, yes, present = self.attendance(case)
        if failing:
            yes = max(0, yes // 3)
        case = steps.record_cell_vote(
            case, by=ACTOR, on=vote_on, attendance=attendance, yes=yes, no=present - yes
        )
        if case.stage == Stage.REJECTED or target == Stage.CELL_RESOLVED:
            return
        last = vote_on
        if evaluation.has_intermediate(case.organization):
            last = self.wd(last, 3, 10)
            case = steps.appraise(case, by=ACTOR, on=last)
        last = self.wd(last, 5, 15)
        case = steps.committee_resolve(case, by=ACTOR, on=last)
        if target == Stage.COMMITTEE_RESOLVED:
            return
        slow = rng.random() < 0.12
        decided = self.wd(vote_on, 62, 80) if slow else self.wd(last, 10, 35)
        if slow and rng.random() < 0.5:
            services.add_consent(
                case,
                by=ACTOR,
                kind=ConsentKind.DECISION_EXTENSION,
                document=f"{rng.randint(10, 99)}-CV/ĐU",
                date=self.day(vote_on, 60, 80),
                issuer="Ban Thường vụ Đảng ủy",
                reason="Chờ kết quả thẩm tra bổ sung",
            )
        received = self.wd(decided, 1, 4)
        case = steps.decide_admission(
            case,
            by=ACTOR,
            on=decided,
            number=f"{rng.randint(100, 999)}-QĐ/ĐU",
            received_on=received,
        )
        if target == Stage.ADMITTED:
            return
        late = rng.random() < 0.06
        ceremony = self.wd(received, 31, 40) if late else self.wd(received, 5, 28)
        if late:
            services.add_consent(
                case,
                by=ACTOR,
                kind=ConsentKind.LATE_CEREMONY,
                document=f"{rng.randint(10, 99)}-CV/ĐU",
                date=self.wd(received, 20, 29),
                issuer="Ban Thường vụ Đảng ủy",
                reason="Đảng viên mới đi công tác xa",
            )
        case = steps.hold_ceremony(case, by=ACTOR, on=ceremony)
        helper = Member.objects.filter(
            organization=case.organization, status=MemberStatus.FULL
        ).first()
        if helper:
            services.assign_helper(case, by=ACTOR, member=helper, assigned_on=ceremony)
        if target == Stage.PROBATIONARY:
            return
        end = add_months(ceremony, 12)
        course = self.day(ceremony, 60, 200)
        services.add_document(
            case, by=ACTOR, code=DocumentCode.NEW_MEMBER_CERTIFICATE, received_on=course
        )
        for code in (
            DocumentCode.SELF_REVIEW,
            DocumentCode.HELPER_COMMENT,
            DocumentCode.PROBATION_COMMENTS,
        ):
            services.add_document(case, by=ACTOR, code=code, received_on=self.day(end, 0, 5))
        vote2 = self.wd(end, 3, 25)
        attendance, yes, present = self.attendance(case)
        case = steps.record_recognition_vote(
            case, by=ACTOR, on=vote2, attendance=attendance, yes=yes, no=present - yes
        )
        last = vote2
        if evaluation.has_intermediate(case.organization):
            last = self.wd(last, 3, 10)
            case = steps.recognition_appraise(case, by=ACTOR, on=last)
        last = self.wd(last, 5, 12)
        case = steps.recognition_committee_resolve(case, by=ACTOR, on=last)
        if target == Stage.RECOGNITION_COMMITTEE_RESOLVED:
            return
        steps.decide_recognition(
            case, by=ACTOR, on=self.wd(last, 3, 15), number=f"{rng.randint(100, 999)}-QĐ/ĐU"
        )


TARGETS: list[tuple[str, float]] = [
    (Stage.CANDIDATE, 14),
    (Stage.TRAINED, 8),
    (Stage.DOSSIER, 14),
    (Stage.CELL_RESOLVED, 5),
    (Stage.COMMITTEE_RESOLVED, 6),
    (Stage.ADMITTED, 5),
    (Stage.PROBATIONARY, 18),
    (Stage.RECOGNITION_COMMITTEE_RESOLVED, 4),
    (Stage.FULL_MEMBER, 18),
]


def load_demo_cases(
    *,
    rng: random.Random,
    today: datetime.date,
    count: int = 300,
    factory: PeopleFactory | None = None,
) -> int:
    cells = list(
        Organization.objects.filter(kind=OrgKind.CELL, valid_to__isnull=True)
        .select_related("parent")
        .order_by("code")
    )
    factory = factory or PeopleFactory(rng, today, serial_start=900_000)
    builder = _Builder(rng, today)
    values, weights = zip(*TARGETS, strict=True)
    made = 0
    with evaluation.rules_cache():
        for i in range(count):
            made += _one(i, cells, factory, builder, values, weights, rng, today)
    return made


def _one(
    i: int,
    cells: list[Organization],
    factory: PeopleFactory,
    builder: _Builder,
    values: Any,
    weights: Any,
    rng: random.Random,
    today: datetime.date,
) -> int:
    """One case, taken as far as its target stage or today allows."""
    cell = cells[i % len(cells)]
    # Old enough (E2, 18 years) on a vote up to three years before `today`.
    person = factory.person(cell.category, born_from=1986, born_to=min(2006, today.year - 22))
    youth = today.year - person.date_of_birth.year <= 30
    person.youth_union = youth
    target = rng.choices(values, weights=weights)[0]
    # the further along, the earlier the person entered the pool
    span = {
        Stage.FULL_MEMBER: (700, 1100),
        Stage.RECOGNITION_COMMITTEE_RESOLVED: (560, 700),
        Stage.PROBATIONARY: (200, 560),
    }.get(target, (20, 240))
    opened = today - datetime.timedelta(days=rng.randint(*span))
    case = services.open_case(
        by=ACTOR,
        cell=cell,
        person=person,
        source=rng.choice(SOURCES),
        opened_on=opened,
        youth_union_exists=youth,
    )
    roll = rng.random()
    try:
        if target == Stage.TRAINED:
            steps.record_certificate(
                case, by=ACTOR, on=builder.day(opened, 10, 60), number=f"{i}/GCN"
            )
        elif target != Stage.CANDIDATE:
            builder.build(case, target, failing=roll < 0.03)
    except _Past:
        pass
    case.refresh_from_db()
    if case.is_closed:
        return 1
    early = case.stage in (Stage.CANDIDATE, Stage.TRAINED, Stage.DOSSIER)
    if roll > 0.97 and (early or case.stage == Stage.PROBATIONARY):
        action = Action.WITHDRAW if early else Action.REMOVE
        steps.close_case(
            case,
            by=ACTOR,
            action=action,
            on=today,
            reason="Không còn đủ điều kiện, chi bộ đề nghị dừng xem xét",
        )
    elif roll > 0.965:
        steps.close_case(
            case, by=ACTOR, action=Action.DECEASE, on=today, reason="Từ trần do bệnh nặng"
        )
    elif roll > 0.94 and early:
        services.set_hold(case, by=ACTOR, on_hold=True, reason="Đi làm ăn xa, tạm dừng 6 tháng")
    return 1
