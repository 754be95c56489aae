"""About 300 development cases for the demo province, spread over every
stage and off-ramp, some overdue, some with exceptions, some on either side
of the 1/7/2025 policy change — made through the same services as users'
steps, so every date and rule is real.

Nothing here depends on luck or on the day it runs: each case is first
*planned* (`plan_case`, pure Python) from the stage it must reach and the
day the demo is built for. The plan draws its gaps between steps first,
places them so that the last step falls on a chosen day in the recent past,
and only then derives the person's birth date (18 to 40 full years old when
entering the pool, so never too young or too old at the vote: E2, E3) and
whether they are of Youth Union age at the vote (D6). The gaps keep every
deadline (T1, T2, T4, T5) unless the plan says the step is late, and then it
records the consent or extension the rules ask for. Introducers and helpers
are the cell's long-standing members (`PeopleFactory.veteran`)."""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from apps.members.choices import MemberStatus
from apps.members.models import Member
from apps.members.synthetic import PeopleFactory
from apps.organizations.choices import OrgKind
from apps.organizations.models import Organization
from domain.admission import Stage as S
from domain.calendar import WorkingCalendar
from domain.dates import add_months, completed_months

from . import evaluation, services, steps
from .choices import Action, ConsentKind, DocumentCode, SourceOrg
from .models import Case

ACTOR = "manage.py load_demo"

# The stage each planned case must reach, with its weight in the mix.
# One demo case in this many goes to the demo cell secretary's cell.
FEATURED_EVERY = 8
TARGETS: list[tuple[S, float]] = [
    (S.CANDIDATE, 14),
    (S.TRAINED, 8),
    (S.DOSSIER, 14),
    (S.CELL_RESOLVED, 5),
    (S.COMMITTEE_RESOLVED, 6),
    (S.ADMITTED, 5),
    (S.PROBATIONARY, 18),
    (S.RECOGNITION_COMMITTEE_RESOLVED, 4),
    (S.FULL_MEMBER, 18),
]
# How long ago (calendar days) the target stage's last step was taken: some
# cases wait past their deadline on purpose, so the boards show overdue ones.
SINCE_LAST_STEP: dict[S, tuple[int, int]] = {
    S.CANDIDATE: (5, 240),
    S.TRAINED: (3, 200),
    S.DOSSIER: (0, 60),
    S.CELL_RESOLVED: (0, 100),
    S.COMMITTEE_RESOLVED: (0, 70),
    S.ADMITTED: (0, 55),
    S.PROBATIONARY: (5, 420),
    S.RECOGNITION_COMMITTEE_RESOLVED: (0, 40),
    S.FULL_MEMBER: (3, 600),
    S.REJECTED: (0, 300),
}
# The steps a case takes, in order, and the stage that each one's date ends.
ORDER = (
    "opened",
    "certificate",
    "dossier",
    "documents",
    "verified",
    "cell_comment",
    "vote",
    "appraisal",
    "committee",
    "decision",
    "received",
    "ceremony",
    "course",
    "probation_documents",
    "recognition_vote",
    "recognition_appraisal",
    "recognition_committee",
    "recognition_decision",
)
LAST_STEP: dict[S, str] = {
    S.CANDIDATE: "opened",
    S.TRAINED: "certificate",
    S.DOSSIER: "cell_comment",
    S.CELL_RESOLVED: "vote",
    S.REJECTED: "vote",
    S.COMMITTEE_RESOLVED: "committee",
    S.ADMITTED: "received",
    S.PROBATIONARY: "ceremony",
    S.RECOGNITION_COMMITTEE_RESOLVED: "recognition_committee",
    S.FULL_MEMBER: "recognition_decision",
}
MIN_AGE_AT_OPENING_DAYS = 18 * 366 + 31  # 18 full years and a month, at least
AGE_SPREAD_DAYS = 22 * 365


@dataclass
class Gaps:
    """The random gaps of one case, drawn before its dates are placed:
    `days` in calendar days, `wd` in working days."""

    days: dict[str, int] = field(default_factory=dict)
    wd: dict[str, int] = field(default_factory=dict)


@dataclass
class CasePlan:
    """Everything a demo case will be: the stage it ends at, the dated steps
    on the way (keys of ORDER), the person's birth date and the exceptions
    (a late decision with its extension, a late ceremony with its consent,
    a failed vote, a hold or a closure on the day the demo is built for)."""

    stage: S
    dates: dict[str, datetime.date]
    born: datetime.date
    youth: bool
    intermediate: bool
    slow_decision: bool = False
    late_ceremony: bool = False
    failing: bool = False
    closure: str = ""  # "withdraw", "propose_removal", "remove" or "decease"
    hold: bool = False
    together_months: int = 24  # introducers knew the applicant this long
    consent_on: dict[str, datetime.date] = field(default_factory=dict)

    @property
    def final_stage(self) -> S:
        return {
            "withdraw": S.WITHDRAWN,
            "propose_removal": S.REMOVAL_PROPOSED,
            "remove": S.REMOVED,
            "decease": S.DECEASED,
        }.get(self.closure, self.stage)

    def age_months_at_vote(self) -> int | None:
        vote = self.dates.get("vote")
        return completed_months(self.born, vote) if vote else None


def _draw_gaps(rng: random.Random, intermediate: bool) -> tuple[Gaps, bool, bool]:
    g = Gaps()
    d, w = g.days, g.wd
    d["certificate"] = rng.randint(20, 120)
    d["dossier"] = rng.randint(3, 30)
    d["documents"] = rng.randint(5, 25)
    d["verified"] = rng.randint(10, 40)
    d["cell_comment"] = rng.randint(1, 10)
    d["vote"] = rng.randint(12, 45)  # after the verification, so after the comment
    d["together_months"] = rng.randint(14, 90)
    if intermediate:
        w["appraisal"] = rng.randint(3, 7)
    w["committee"] = rng.randint(5, 12)
    slow = rng.random() < 0.12
    # T1: within 60 wd of the cell's resolution; a slow one takes 62–80 wd
    # and always has its extension (≤ 30 wd more) recorded.
    w["decision"] = rng.randint(62, 80) if slow else rng.randint(10, 30)
    w["received"] = rng.randint(1, 4)
    late = rng.random() < 0.06
    # T2: within 30 wd of the receipt; a late one has the consent.
    w["ceremony"] = rng.randint(31, 40) if late else rng.randint(5, 28)
    w["ceremony_consent"] = rng.randint(20, 29)
    d["course"] = rng.randint(60, 200)
    d["probation_documents"] = rng.randint(0, 2)
    # T4: the recognition vote within 30 wd after probation ends.
    w["recognition_vote"] = rng.randint(5, 25)
    if intermediate:
        w["recognition_appraisal"] = rng.randint(3, 7)
    w["recognition_committee"] = rng.randint(4, 10)
    # T5: the decision within 30 wd of the cell's recognition resolution.
    w["recognition_decision"] = rng.randint(3, 10)
    return g, slow, late


def _place(
    opened: datetime.date,
    gaps: Gaps,
    last: str,
    intermediate: bool,
    cal: WorkingCalendar,
    probation_months: int,
) -> dict[str, datetime.date]:
    """The dates of every step up to `last`, forward from `opened`."""
    d, w = gaps.days, gaps.wd
    out = {"opened": opened}

    def put(key: str, day: datetime.date) -> bool:
        out[key] = day
        return key != last

    days = datetime.timedelta
    if last == "opened":
        return out
    if not put("certificate", opened + days(d["certificate"])):
        return out
    if not put("dossier", out["certificate"] + days(d["dossier"])):
        return out
    put("documents", out["dossier"] + days(d["documents"]))
    put("verified", out["documents"] + days(d["verified"]))
    if not put("cell_comment", out["verified"] + days(d["cell_comment"])):
        return out
    if not put("vote", out["verified"] + days(d["vote"])):
        return out
    step = out["vote"]
    if intermediate:
        step = out["appraisal"] = cal.add_working_days(step, w["appraisal"])
    if not put("committee", cal.add_working_days(step, w["committee"])):
        return out
    clock = out["vote"] if w["decision"] > 60 else out["committee"]
    put("decision", cal.add_working_days(clock, w["decision"]))
    if not put("received", cal.add_working_days(out["decision"], w["received"])):
        return out
    if not put("ceremony", cal.add_working_days(out["received"], w["ceremony"])):
        return out
    end = add_months(out["ceremony"], probation_months)
    put("course", out["ceremony"] + days(d["course"]))
    put("probation_documents", end + days(d["probation_documents"]))
    put("recognition_vote", cal.add_working_days(end, w["recognition_vote"]))
    step = out["recognition_vote"]
    if intermediate:
        step = out["recognition_appraisal"] = cal.add_working_days(step, w["recognition_appraisal"])
    if not put("recognition_committee", cal.add_working_days(step, w["recognition_committee"])):
        return out
    put(
        "recognition_decision",
        cal.add_working_days(out["recognition_committee"], w["recognition_decision"]),
    )
    return out


def plan_case(
    rng: random.Random,
    stage: S,
    today: datetime.date,
    cal: WorkingCalendar,
    *,
    intermediate: bool,
    failing: bool = False,
    probation_months: int = 12,
    youth_max_age_years: int = 30,
    since: int | None = None,
) -> CasePlan:
    """Plan a case that reaches `stage` (or fails its cell vote when
    `failing`) by `today`, its last step `SINCE_LAST_STEP` days ago (or
    `since` days ago, at most a few days more, when given).

    The random draws do not depend on `today`, so one seed gives the same
    province, shifted in time, on every day. Raises RuntimeError if the
    dates cannot be placed (never expected: the placement is monotone)."""
    if failing:
        stage = S.REJECTED
    gaps, slow, late = _draw_gaps(rng, intermediate)
    low, high = SINCE_LAST_STEP[stage] if since is None else (since, since)
    anchor = today - datetime.timedelta(days=rng.randint(low, high))
    age_extra = rng.randint(0, AGE_SPREAD_DAYS)
    last = LAST_STEP[stage]
    opened = anchor
    for _attempt in range(60):
        dates = _place(opened, gaps, last, intermediate, cal, probation_months)
        overshoot = (dates[last] - anchor).days
        if overshoot <= 0:
            break
        opened -= datetime.timedelta(days=overshoot)
    else:  # pragma: no cover - the placement is monotone in `opened`
        raise RuntimeError(f"cannot place a {stage} case before {anchor}")
    born = dates["opened"] - datetime.timedelta(days=MIN_AGE_AT_OPENING_DAYS + age_extra)
    # Youth Union age (D6) is judged at the vote; before it, today.
    judged_on = dates.get("vote", today)
    youth = completed_months(born, judged_on) < (youth_max_age_years + 1) * 12
    plan = CasePlan(
        stage=stage,
        dates=dates,
        born=born,
        youth=youth,
        intermediate=intermediate,
        slow_decision=slow and "decision" in dates,
        late_ceremony=late and "ceremony" in dates,
        failing=failing,
        together_months=gaps.days["together_months"],
    )
    if plan.slow_decision:
        plan.consent_on["decision_extension"] = cal.add_working_days(dates["vote"], 60)
    if plan.late_ceremony:
        plan.consent_on["late_ceremony"] = cal.add_working_days(
            dates["received"], gaps.wd["ceremony_consent"]
        )
    roll = rng.random()
    early = stage in (S.CANDIDATE, S.TRAINED, S.DOSSIER)
    decided = rng.random() < 0.5
    if roll > 0.97 and (early or stage == S.PROBATIONARY):
        plan.closure = "withdraw" if early else ("remove" if decided else "propose_removal")
    elif roll > 0.965 and stage not in (S.REJECTED, S.FULL_MEMBER):
        plan.closure = "decease"
    elif roll > 0.94 and early:
        plan.hold = True
    return plan


def plan_province(
    rng: random.Random,
    today: datetime.date,
    cal: WorkingCalendar,
    intermediate_cells: list[bool],
    count: int = 300,
) -> list[CasePlan]:
    """`count` case plans, the i-th for cell i mod len(cells)."""
    values, weights = zip(*TARGETS, strict=True)
    plans = []
    for i in range(count):
        target = rng.choices(values, weights=weights)[0]
        failing = target in (S.CELL_RESOLVED, S.COMMITTEE_RESOLVED) and rng.random() < 0.15
        plans.append(
            plan_case(
                rng,
                target,
                today,
                cal,
                intermediate=intermediate_cells[i % len(intermediate_cells)],
                failing=failing,
            )
        )
    return plans


# Two cases of the demo cell secretary's cell waiting for their ceremony
# (T2, 30 wd ≈ 6 to 8 weeks from the receipt of the decision), received this
# many days ago: one due within the month, one overdue, whatever the day, so
# the secretary's Việc cần làm is never empty (tests/admissions/test_demo_plans.py).
SHOWCASE_SINCE = (28, 65)


def showcase_plans(
    rng: random.Random, today: datetime.date, cal: WorkingCalendar, *, intermediate: bool
) -> list[CasePlan]:
    """The plans of `SHOWCASE_SINCE`: admitted, decision received, ceremony
    not yet held; never closed or on hold."""
    plans = []
    for since in SHOWCASE_SINCE:
        plan = plan_case(rng, S.ADMITTED, today, cal, intermediate=intermediate, since=since)
        plan.closure, plan.hold = "", False
        plans.append(plan)
    return plans


# ---------------------------------------------------------------- building


class _Builder:
    """Takes planned cases through the services, step by step."""

    def __init__(self, rng: random.Random, today: datetime.date) -> None:
        self.rng = rng
        self.today = today
        self._elders: dict[int, list[Member]] = {}

    def elders(self, cell_id: int) -> list[Member]:
        """The cell's two longest-standing full members (its veterans)."""
        if cell_id not in self._elders:
            self._elders[cell_id] = list(
                Member.objects.filter(organization_id=cell_id, status=MemberStatus.FULL)
                .select_related("person")
                .order_by("full_on", "id")[:2]
            )
        return self._elders[cell_id]

    def attendance(
        self, case: Case, failing: bool, on: datetime.date
    ) -> tuple[dict[int, str], int, int]:
        """Who attended (the cell's official members on the vote date), and
        yes/no counts that pass V1 (or fail it)."""
        voters = steps.official_member_ids(case, on)
        rows = dict.fromkeys(voters, "present")
        for pk in voters[: self.rng.randint(0, max(0, len(voters) // 6))]:
            rows[pk] = self.rng.choice(["absent", "exempt_absent", "transferred"])
        present = sum(1 for s in rows.values() if s == "present")
        counted = sum(1 for s in rows.values() if s not in ("exempt_absent", "transferred"))
        yes = present if not failing else counted // 3
        return rows, yes, present

    def build(self, case: Case, plan: CasePlan, number: int) -> Case:
        rng, at = self.rng, plan.dates
        if "certificate" in at:
            case = steps.record_certificate(
                case, by=ACTOR, on=at["certificate"], number=f"{number}/GCN-TTCT"
            )
        if "dossier" not in at:
            return case
        case = steps.open_dossier(case, by=ACTOR, on=at["dossier"])
        codes = [DocumentCode.APPLICATION, DocumentCode.PERSONAL_HISTORY, DocumentCode.COMMENTS]
        if plan.youth:
            codes.append(DocumentCode.YOUTH_UNION_RESOLUTION)
        services.receive_documents(case, by=ACTOR, codes=codes, received_on=at["documents"])
        for relation, name in (("Bản thân", case.person.full_name), ("Cha", "Nguyễn Văn Tư")):
            services.add_verification(
                case, by=ACTOR, relation=relation, full_name=name, concluded_on=at["verified"]
            )
        services.add_document(
            case, by=ACTOR, code=DocumentCode.CELL_COMMENT, received_on=at["cell_comment"]
        )
        for elder in self.elders(case.organization_id):
            services.add_introducer(
                case,
                by=ACTOR,
                member=elder,
                together_since=add_months(at["documents"], -plan.together_months),
                introduced_on=at["documents"],
            )
        if "vote" not in at:
            return case
        attendance, yes, present = self.attendance(case, plan.failing, at["vote"])
        case = steps.record_cell_vote(
            case, by=ACTOR, on=at["vote"], attendance=attendance, yes=yes, no=present - yes
        )
        if plan.failing:
            return case
        if "appraisal" in at:
            case = steps.appraise(case, by=ACTOR, on=at["appraisal"])
        if "committee" not in at:
            return case
        case = steps.committee_resolve(case, by=ACTOR, on=at["committee"])
        if "decision" not in at:
            return case
        if plan.slow_decision:
            services.add_consent(
                case,
                by=ACTOR,
                kind=ConsentKind.DECISION_EXTENSION,
                document=f"{rng.randint(10, 99)}-CV/ĐU",
                date=plan.consent_on["decision_extension"],
                issuer="Ban Thường vụ Đảng ủy",
                reason="Chờ kết quả thẩm tra bổ sung",
            )
        case = steps.decide_admission(
            case,
            by=ACTOR,
            on=at["decision"],
            number=f"{100 + number}-QĐ/ĐU",
            received_on=at["received"],
        )
        if "ceremony" not in at:
            return case
        if plan.late_ceremony:
            services.add_consent(
                case,
                by=ACTOR,
                kind=ConsentKind.LATE_CEREMONY,
                document=f"{rng.randint(10, 99)}-CV/ĐU",
                date=plan.consent_on["late_ceremony"],
                issuer="Ban Thường vụ Đảng ủy",
                reason="Đảng viên mới đi công tác xa",
            )
        case = steps.hold_ceremony(case, by=ACTOR, on=at["ceremony"])
        helpers = self.elders(case.organization_id)
        services.assign_helper(case, by=ACTOR, member=helpers[-1], assigned_on=at["ceremony"])
        if "course" not in at:
            return case
        services.add_document(
            case, by=ACTOR, code=DocumentCode.NEW_MEMBER_CERTIFICATE, received_on=at["course"]
        )
        probation_papers = [
            DocumentCode.SELF_REVIEW,
            DocumentCode.HELPER_COMMENT,
            DocumentCode.PROBATION_COMMENTS,
        ]
        services.receive_documents(
            case, by=ACTOR, codes=probation_papers, received_on=at["probation_documents"]
        )
        attendance, yes, present = self.attendance(case, False, at["recognition_vote"])
        case = steps.record_recognition_vote(
            case,
            by=ACTOR,
            on=at["recognition_vote"],
            attendance=attendance,
            yes=yes,
            no=present - yes,
        )
        if "recognition_appraisal" in at:
            case = steps.recognition_appraise(case, by=ACTOR, on=at["recognition_appraisal"])
        case = steps.recognition_committee_resolve(case, by=ACTOR, on=at["recognition_committee"])
        if "recognition_decision" not in at:
            return case
        return steps.decide_recognition(
            case,
            by=ACTOR,
            on=at["recognition_decision"],
            number=f"{100 + number}-QĐCT/ĐU",
        )

    def close(self, case: Case, plan: CasePlan) -> Case:
        if plan.closure == "withdraw":
            return steps.close_case(
                case,
                by=ACTOR,
                action=Action.WITHDRAW,
                on=self.today,
                reason="Không còn đủ điều kiện, chi bộ đề nghị dừng xem xét",
            )
        if plan.closure in ("propose_removal", "remove"):
            # P4: the cell proposes; the competent committee decides (or
            # has not yet, and the case waits in its inbox).
            case = steps.propose_removal(
                case,
                by=ACTOR,
                on=self.today,
                reason="Vi phạm tư cách đảng viên, không đủ điều kiện công nhận chính thức",
            )
            if plan.closure == "propose_removal":
                return case
            return steps.close_case(
                case,
                by=ACTOR,
                action=Action.REMOVE,
                on=self.today,
                reason="Đồng ý với đề nghị của chi bộ",
            )
        if plan.closure == "decease":
            return steps.close_case(
                case, by=ACTOR, action=Action.DECEASE, on=self.today, reason="Từ trần do bệnh nặng"
            )
        if plan.hold:
            return services.set_hold(
                case, by=ACTOR, on_hold=True, reason="Đi làm ăn xa, tạm dừng 6 tháng"
            )
        return case


def load_demo_cases(
    *,
    rng: random.Random,
    today: datetime.date,
    count: int = 150,
    factory: PeopleFactory | None = None,
    featured: str = "CL-P1-CB01",
    showcase: str = "",
) -> list[tuple[int, str]]:
    """Plan and build `count` cases over the active cells, as of `today`
    (which must be `clock.today()` or pinned to it), and the
    `showcase_plans` in the cell whose code is `showcase` (the demo cell
    secretary's). Returns each case's id with the stage it was planned to
    reach, so a caller can check that every one got there.

    About two cases a cell, as in a real province (a cell admits a member or
    so a year), except the `featured` cell (the demo cell secretary's), which
    gets one case in every FEATURED_EVERY so its board shows every stage."""
    active = list(
        Organization.objects.filter(kind=OrgKind.CELL, valid_to__isnull=True)
        .select_related("parent")
        .order_by("code")
    )
    star = [c for c in active if c.code == featured]
    cells = [
        star[0] if star and i % FEATURED_EVERY == 0 else active[i % len(active)]
        for i in range(count)
    ]
    factory = factory or PeopleFactory(rng, today, serial_start=900_000)
    builder = _Builder(rng, today)
    sources = [s.value for s in SourceOrg]
    made: list[tuple[int, str]] = []
    with evaluation.rules_cache():
        plans = plan_province(
            rng,
            today,
            evaluation.calendar(),
            [evaluation.has_intermediate(c) for c in cells],
            count=count,
        )
        placed = list(zip(cells, plans, strict=True))
        for cell in (c for c in active if showcase and c.code == showcase):
            extra = showcase_plans(
                rng, today, evaluation.calendar(), intermediate=evaluation.has_intermediate(cell)
            )
            placed += [(cell, plan) for plan in extra]
        for i, (cell, plan) in enumerate(placed):
            person = factory.person(cell.category, born=plan.born)
            person.youth_union = plan.youth
            case = services.open_case(
                by=ACTOR,
                cell=cell,
                person=person,
                source=rng.choice(sources),
                opened_on=plan.dates["opened"],
                youth_union_exists=plan.youth,
            )
            case = builder.build(case, plan, i)
            case = builder.close(case, plan)
            made.append((case.pk, str(plan.final_stage)))
    return made
