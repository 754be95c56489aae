"""The demo's cases are planned so that they keep every rule on any day: a
table of more than 200 "today" values from 2025 to 2031 (29/02/2028, the
days around each Tết, 31/12 and 01/01 among them), each planning a province
of cases and checking every plan against the pure rules the services apply
(eligibility E1–E5, dossier D1–D8, deadlines T1–T5). No database: the plans
are the same builders `load_demo` uses."""

from __future__ import annotations

import dataclasses
import datetime
import random

import pytest

from apps.admissions.demo import LAST_STEP, ORDER, CasePlan, plan_province
from domain import admission as d
from domain.calendar import WorkingCalendar
from domain.dates import add_months
from domain.policy import DEFAULT_POLICIES, Policy, policy_on

D = datetime.date
TET = [D(2025, 1, 29), D(2026, 2, 17), D(2027, 2, 6), D(2028, 1, 26), D(2029, 2, 13),
       D(2030, 2, 3), D(2031, 1, 23)]  # fmt: skip


def _days() -> list[datetime.date]:
    special = {D(2028, 2, 29), D(2025, 7, 1), D(2025, 6, 30)}
    for year in range(2025, 2032):
        special |= {D(year, 1, 1), D(year, 12, 31), D(year, 1, 2), D(year, 12, 30)}
    for tet in TET:
        special |= {tet + datetime.timedelta(days=k) for k in range(-3, 8)}
    spread = {D(2025, 1, 1) + datetime.timedelta(days=11 * i) for i in range(200)}
    return sorted(day for day in special | spread if day <= D(2031, 12, 31))


DAYS = _days()
CAL = WorkingCalendar()


def _policy(day: datetime.date) -> Policy:
    try:
        return policy_on(DEFAULT_POLICIES, day)
    except LookupError:
        return DEFAULT_POLICIES[0]


def _facts(plan: CasePlan) -> d.Facts:
    at = plan.dates
    veteran_full_since = add_months(at["documents"], -60)
    introducer = d.Introducer(
        "Cựu đảng viên",
        veteran_full_since,
        add_months(at["documents"], -plan.together_months),
        at["documents"],
    )
    return d.Facts(
        date_of_birth=plan.born,
        awareness_certificate_on=at["certificate"],
        application_on=at["documents"],
        personal_history_on=at["documents"],
        comments_on=at["documents"],
        cell_comment_on=at["cell_comment"],
        verifications=(
            d.Verification("Bản thân", at["verified"]),
            d.Verification("Cha", at["verified"]),
        ),
        introducers=(introducer, dataclasses.replace(introducer, name="Cựu đảng viên 2")),
        youth_union_exists=plan.youth,
        youth_union_member=plan.youth,
        youth_union_resolution_on=at["documents"] if plan.youth else None,
    )


def _problems(plan: CasePlan, today: datetime.date) -> list[str]:
    at = plan.dates
    problems = []
    if any(day > today for day in at.values()):
        problems.append(f"a step after today: {at}")
    ordered = [at[key] for key in ORDER if key in at and key != "course"]
    if ordered != sorted(ordered):
        problems.append(f"steps out of order: {at}")
    if LAST_STEP[plan.stage] not in at:
        problems.append(f"{plan.stage} not reached")
    if "course" in at and at["course"] > at.get("recognition_vote", today):
        problems.append("new-member course after the recognition vote (P2)")
    if "vote" in at:
        policy = _policy(at["vote"])
        facts = _facts(plan)
        outcomes = d.eligibility(facts, at["vote"], policy) + d.dossier(facts, at["vote"], policy)
        problems += [f"{o.rule} {o.reason} on {at['vote']}" for o in d.blocking(outcomes)]
    timeline = d.Timeline(
        cell_resolution_on=at.get("vote") if not plan.failing else None,
        decision_on=at.get("decision"),
        decision_extended=plan.slow_decision,
        decision_received_on=at.get("received"),
        ceremony_on=at.get("ceremony"),
        recognition_resolution_on=at.get("recognition_vote"),
        recognition_decision_on=at.get("recognition_decision"),
    )
    starts = {"T1": "vote", "T2": "decision", "T4": "ceremony", "T5": "recognition_vote"}
    for rule, start in starts.items():
        if start not in at:
            continue
        for deadline in d.deadlines(timeline, _policy(at[start]), CAL):
            late = deadline.done_on is not None and deadline.done_on > deadline.due
            if deadline.rule == rule and late and not (rule == "T2" and plan.late_ceremony):
                problems.append(f"{rule} late: {deadline}")
    if plan.late_ceremony and plan.consent_on["late_ceremony"] > at["ceremony"]:
        problems.append("the late ceremony's consent comes after the ceremony")
    return problems


@pytest.mark.parametrize("today", DAYS, ids=[day.strftime("%d/%m/%Y") for day in DAYS])
def test_every_planned_demo_case_keeps_the_rules_on(today: datetime.date) -> None:
    plans = plan_province(random.Random(2027), today, CAL, [False, False, True], count=90)
    problems = [(i, p) for i, plan in enumerate(plans) for p in _problems(plan, today)]
    assert problems == []
    assert {plan.stage for plan in plans} >= {s for s, _weight in _targets()}


def _targets() -> list[tuple[d.Stage, float]]:
    from apps.admissions.demo import TARGETS

    return TARGETS


def test_the_table_holds_more_than_200_days_with_the_hard_ones() -> None:
    assert len(DAYS) > 200
    assert {D(2028, 2, 29), D(2027, 2, 6), D(2030, 12, 31), D(2031, 1, 1)} <= set(DAYS)
    assert DAYS[0].year == 2025 and DAYS[-1].year == 2031


def test_a_person_is_at_least_18_years_and_a_month_old_on_entering_the_pool() -> None:
    for today in (D(2025, 1, 1), D(2028, 2, 29), D(2031, 12, 31)):
        for plan in plan_province(random.Random(5), today, CAL, [False], count=200):
            assert add_months(plan.born, 18 * 12 + 1) <= plan.dates["opened"]


def test_the_same_seed_gives_the_same_province_shifted_in_time() -> None:
    a = plan_province(random.Random(9), D(2026, 11, 29), CAL, [False], count=50)
    b = plan_province(random.Random(9), D(2027, 11, 29), CAL, [False], count=50)
    assert [p.stage for p in a] == [p.stage for p in b]
    assert [p.closure for p in a] == [p.closure for p in b]


@pytest.mark.parametrize("today", DAYS, ids=[x.isoformat() for x in DAYS])
def test_the_demo_secretary_has_a_ceremony_due_and_one_overdue_on(today: datetime.date) -> None:
    """The showcase cases of the demo cell secretary's cell (Việc cần làm
    is never empty): they keep the rules, one ceremony (T2) falls due within
    the default 30-day warning window and one is overdue."""
    from apps.admissions.demo import showcase_plans
    from domain import deadlines as dd

    due, late = showcase_plans(random.Random(3), today, CAL, intermediate=False)
    for plan in (due, late):
        assert plan.final_stage == d.Stage.ADMITTED and not plan.hold
        assert _problems(plan, today) == []
    buckets = []
    for plan in (due, late):
        tl = d.Timeline(
            cell_resolution_on=plan.dates["vote"],
            decision_on=plan.dates["decision"],
            decision_received_on=plan.dates["received"],
        )
        facts = dd.CaseFacts(d.Stage.ADMITTED, tl)
        (t2,) = dd.case_dues(facts, _policy, CAL)
        buckets.append(dd.visible(t2, today, 30))
    assert buckets[0] in (dd.Bucket.WEEK, dd.Bucket.MONTH)
    assert buckets[1] == dd.Bucket.OVERDUE
