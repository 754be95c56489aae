"""Reading a case into the pure domain: its facts, the policy in force on a
date, the calendar, the deadlines and the rules as they stand now (the
pre-flight check)."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse

from apps.members.choices import GeneralEducation
from apps.organizations.choices import OrgKind
from apps.organizations.models import Organization
from domain import admission as d
from domain.calendar import WorkingCalendar
from domain.policy import DEFAULT_POLICIES, Policy, policy_on

from .choices import CaseKind, ConsentKind, DocumentCode, Stage
from .models import CalendarOverride, Case, LocalCriterion, PolicyVersion

# Policy versions and the calendar change a few times a year but are read for
# every case on a board: they are loaded once per request (RulesCacheMiddleware)
# or per command run (rules_cache), never cached across requests, so every
# application server sees an administrator's change at once.
_CACHE: ContextVar[dict[str, Any] | None] = ContextVar("ptdv_rules_cache", default=None)


@contextmanager
def rules_cache() -> Iterator[None]:
    token = _CACHE.set({})
    try:
        yield
    finally:
        _CACHE.reset(token)


def _cached(key: str, load: Callable[[], Any]) -> Any:
    cache = _CACHE.get()
    if cache is None:
        return load()
    if key not in cache:
        cache[key] = load()
    return cache[key]


def policies() -> list[Policy]:
    def load() -> list[Policy]:
        rows = [p.to_domain() for p in PolicyVersion.objects.all()]
        return rows or list(DEFAULT_POLICIES)

    return list(_cached("policies", load))


def policy_for(day: datetime.date) -> Policy:
    """The version in force on `day`. A date before the earliest recorded
    version (an old certificate, say) is read under the earliest one; an
    administrator can add older versions as data."""
    versions = policies()
    try:
        return policy_on(versions, day)
    except LookupError:
        return min(versions, key=lambda p: p.effective_from)


def calendar() -> WorkingCalendar:
    cal: WorkingCalendar = _cached("calendar", CalendarOverride.calendar)
    return cal


class RulesCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with rules_cache():
            return self.get_response(request)


def has_intermediate(cell: Organization) -> bool:
    """Whether an intermediate committee (đảng ủy bộ phận) stands between
    the cell and its grassroots committee (RULES V4)."""
    return cell.parent is not None and cell.parent.kind == OrgKind.INTERMEDIATE


def _doc_dates(case: Case) -> dict[str, datetime.date]:
    return {doc.code: doc.received_on for doc in case.documents.all()}


def facts(case: Case) -> d.Facts:
    docs = _doc_dates(case)
    consents = {c.kind for c in case.consents.all()}
    person = case.person
    return d.Facts(
        date_of_birth=person.date_of_birth,
        is_citizen=case.is_citizen,
        education_ok=person.general_education
        in (GeneralEducation.LOWER_SECONDARY, GeneralEducation.UPPER_SECONDARY),
        education_exception=case.education_exception,
        education_consent=ConsentKind.EDUCATION in consents,
        over_age_consent=ConsentKind.OVER_AGE in consents,
        awareness_certificate_on=case.certificate_on,
        application_on=docs.get(DocumentCode.APPLICATION),
        personal_history_on=docs.get(DocumentCode.PERSONAL_HISTORY),
        comments_on=docs.get(DocumentCode.COMMENTS),
        cell_comment_on=docs.get(DocumentCode.CELL_COMMENT),
        verifications=tuple(
            d.Verification(v.relation, v.concluded_on, v.exempt) for v in case.verifications.all()
        ),
        introducers=tuple(
            d.Introducer(
                i.member.person.full_name,
                i.member.full_on,
                i.together_since,
                i.introduced_on,
                key=f"member:{i.member_id}",
            )
            for i in case.introducers.select_related("member__person")
        ),
        youth_union_exists=case.youth_union_exists,
        youth_union_member=person.youth_union,
        youth_union_resolution_on=docs.get(DocumentCode.YOUTH_UNION_RESOLUTION),
        trade_union_resolution_on=docs.get(DocumentCode.TRADE_UNION_RESOLUTION),
        trade_union_member=person.trade_union,
        local_criteria_unmet=tuple(c.text for c in unmet_criteria(case)),
    )


def applicable_criteria(case: Case) -> list[LocalCriterion]:
    """E6: active criteria set by the cell or any unit above it."""
    ids = [*case.organization.ancestor_ids(), case.organization_id]
    return list(LocalCriterion.objects.filter(organization_id__in=ids, active=True))


def unmet_criteria(case: Case) -> list[LocalCriterion]:
    confirmed = set(case.confirmed_criteria.values_list("pk", flat=True))
    return [c for c in applicable_criteria(case) if c.pk not in confirmed]


def timeline(case: Case) -> d.Timeline:
    """The case's deadline dates (RULES T1–T5) with its recorded extensions."""
    return timeline_with(case, {c.kind for c in case.consents.all()})


def timeline_with(case: Case, consents: set[str]) -> d.Timeline:
    """The case's deadline dates, given the kinds of consent recorded for
    it (read in bulk by the caller)."""
    return d.Timeline(
        cell_resolution_on=case.cell_resolution_on,
        decision_on=case.decision_on,
        decision_extended=ConsentKind.DECISION_EXTENSION in consents,
        decision_received_on=case.decision_received_on,
        ceremony_on=case.ceremony_on,
        recognition_resolution_on=case.recognition_resolution_on,
        recognition_decision_on=case.recognition_decision_on,
        recognition_extended=ConsentKind.RECOGNITION_EXTENSION in consents,
    )


@dataclass(frozen=True)
class DeadlineView:
    rule: str
    start: datetime.date
    due: datetime.date
    done_on: datetime.date | None
    days_left: int
    overdue: bool
    policy: str


def deadlines(
    case: Case, today: datetime.date, cal: WorkingCalendar | None = None
) -> list[DeadlineView]:
    """Each legal deadline of the case under the policy in force at its start."""
    return timeline_deadlines(timeline(case), today, cal)


def timeline_deadlines(
    tl: d.Timeline, today: datetime.date, cal: WorkingCalendar | None = None
) -> list[DeadlineView]:
    """The deadlines of a case's dates; dashboards call this on dates read
    in bulk, so a board card and a dashboard count agree."""
    cal = cal or calendar()
    return [
        DeadlineView(
            found.rule,
            found.start,
            found.due,
            found.done_on,
            found.days_left(today, cal),
            found.overdue(today),
            policy.code,
        )
        # each limit comes from the version in force when its clock starts
        for found, policy in d.dated_deadlines(tl, policy_for, cal)
    ]


def open_deadline(
    tl: d.Timeline, today: datetime.date, cal: WorkingCalendar | None = None
) -> DeadlineView | None:
    """The open deadline an open case is working towards, if any."""
    open_ones = [x for x in timeline_deadlines(tl, today, cal) if x.done_on is None]
    return open_ones[-1] if open_ones else None


def next_deadline(
    case: Case, today: datetime.date, cal: WorkingCalendar | None = None
) -> DeadlineView | None:
    """The open deadline the case is working towards, if any."""
    if case.is_closed:
        return None
    return open_deadline(timeline(case), today, cal)


def preflight(case: Case, on: datetime.date) -> list[d.Outcome]:
    """The rules as they stand for a step on `on`: eligibility and dossier
    before the cell vote, probation rules before the recognition vote."""
    policy = policy_for(on)
    stage = Stage(case.stage)
    if stage in (Stage.CANDIDATE, Stage.TRAINED, Stage.DOSSIER):
        known = facts(case)
        outcomes = d.eligibility(known, on, policy) + d.dossier(known, on, policy)
        if case.kind == CaseKind.READMISSION:
            outcomes += readmission_checks(case, on, policy)
        return outcomes
    if stage == Stage.PROBATIONARY:
        return probation_checks(case, on, policy)
    return []


def readmission_checks(case: Case, on: datetime.date, policy: Policy) -> list[d.Outcome]:
    """T6 for a re-admission case."""
    if case.previous_left_on is None or not case.exit_reason:
        return [
            d.Outcome("T6", d.Severity.BLOCK, "no_exit", {}, policy.code, policy.reference("T6"))
        ]
    consent = case.consents.filter(kind=ConsentKind.READMISSION).exists()
    facts_ = d.Readmission(
        case.previous_left_on,
        d.ExitReason(case.exit_reason),
        case.expunged_on,
        case.readmitted_before,
        consent,
    )
    return d.readmission(facts_, on, policy)


def probation_facts(case: Case) -> d.ProbationFacts:
    """What P1–P3 read: the ceremony, the helpers' assignment dates and the
    probation documents' dates."""
    docs = _doc_dates(case)
    return d.ProbationFacts(
        ceremony_on=case.ceremony_on,
        helpers_assigned=tuple(case.helpers.values_list("assigned_on", flat=True)),
        documents={k: v for k, v in docs.items() if k in d.PROBATION_DOCUMENTS},
        certificate_on=docs.get(DocumentCode.NEW_MEMBER_CERTIFICATE),
    )


def probation_checks(case: Case, on: datetime.date, policy: Policy) -> list[d.Outcome]:
    """P1–P3 and T4's start, before the recognition vote (domain.admission.probation)."""
    return d.probation(probation_facts(case), on, policy)


@dataclass(frozen=True)
class NextStep:
    action: str
    earliest: datetime.date | None
    latest: datetime.date | None


def next_steps(case: Case, today: datetime.date) -> list[NextStep]:
    """The allowed actions with their earliest and latest legal dates."""
    stage = d.Stage(case.stage)
    actions = d.allowed_actions(stage, has_intermediate(case.organization), case.on_hold)
    last = case.steps.order_by("-on", "-id").values_list("on", flat=True).first()
    due = {x.rule: x.due for x in deadlines(case, today) if x.done_on is None}
    result = []
    for action in actions:
        earliest = last
        if action == d.Action.RECOGNITION_VOTE and case.ceremony_on:
            earliest = d.probation_end(case.ceremony_on, policy_for(case.ceremony_on))
        rule = d.DEADLINE_OF.get(action)
        result.append(NextStep(action.value, earliest, due.get(rule) if rule else None))
    return result
