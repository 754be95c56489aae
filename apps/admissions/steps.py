"""The workflow steps of a case (RULES.md), one service each."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.audit.services import Actor
from apps.common.clock import today
from apps.members.choices import ACTIVE_STATUSES, MemberStatus
from apps.members.models import Member, MemberPlacement
from apps.members.services import create_member, readmit_member, update_member
from domain import admission as d
from domain.dates import EARLIEST, LATEST, in_range
from domain.policy import Policy
from domain.roles import Perm

from . import evaluation, numbers
from .choices import Action, ConsentKind, Stage
from .models import Case, Vote, VoteAttendance
from .services import _flow, _lock, _step, refuse


@transaction.atomic
def record_certificate(case: Case, *, by: Actor, on: datetime.date, number: str = "") -> Case:
    """The awareness class certificate (read by E5 at the vote)."""
    return _step(_lock(case), Action.RECORD_CERTIFICATE, on, by, certificate_number=number.strip())


@transaction.atomic
def open_dossier(case: Case, *, by: Actor, on: datetime.date) -> Case:
    return _step(_lock(case), Action.OPEN_DOSSIER, on, by)


def _official(case: Case, on: datetime.date) -> QuerySet[Member]:
    placed = MemberPlacement.objects.filter(
        organization=case.organization, valid_from__lte=on
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on))
    return (
        Member.objects.filter(pk__in=placed.values("member_id"))
        .filter(Q(full_on__lte=on) | Q(full_on__isnull=True, status=MemberStatus.FULL))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=on))
    )


def official_members(case: Case, on: datetime.date | None = None) -> list[Member]:
    """Who votes on `on` (default: today): the members placed in the case's
    cell that day who were full members by then and had not left
    (probationary members never vote). A vote recorded after the fact lists
    the cell as it was on the vote date, not as it is now. Sorted by name."""
    return list(
        _official(case, on or today()).select_related("person").order_by("person__sort_key", "pk")
    )


def official_member_ids(case: Case, on: datetime.date) -> list[int]:
    """The ids of `official_members(case, on)`, ascending: what a vote's
    count and attendance need, without loading the people."""
    return list(_official(case, on).order_by("pk").values_list("pk", flat=True))


def _count(
    case: Case,
    on: datetime.date,
    attendance: Mapping[int, str],
    yes: int,
    no: int,
    abstain: int,
    policy: Policy,
) -> tuple[d.VoteResult, list[int]]:
    """The vote counted (V1–V3) over the cell's official members on `on`;
    refuses an attendance list that is not exactly theirs."""
    members = official_member_ids(case, on)
    if set(attendance) != set(members):
        raise ValidationError(
            {
                "attendance": _(
                    "Give the attendance of every official member of the cell on the vote date."
                )
            }
        )
    statuses = [d.Attendance(attendance[pk]) for pk in members]
    return d.count_vote(statuses, yes, no, abstain, policy), members


def _save_vote(
    case: Case,
    action: Action,
    on: datetime.date,
    result: d.VoteResult,
    members: list[int],
    attendance: Mapping[int, str],
    policy: Policy,
) -> Vote:
    vote = Vote.objects.create(
        case=case,
        action=action,
        held_on=on,
        yes=result.yes,
        no=result.no,
        abstain=result.abstain,
        official_members=result.official_members,
        denominator=result.denominator,
        required=result.required,
        passed=result.passed,
        policy_code=policy.code,
    )
    VoteAttendance.objects.bulk_create(
        [VoteAttendance(vote=vote, member_id=pk, status=attendance[pk]) for pk in members]
    )
    return vote


def _take_vote(
    case: Case,
    action: Action,
    by: Actor,
    on: datetime.date,
    attendance: Mapping[int, str],
    yes: int,
    no: int,
    abstain: int,
    *,
    stage: Stage,
) -> Case:
    """Both votes: the rules on the vote date (preflight), the count, the
    lateness (T4 for the recognition vote), one domain decision, then the
    vote, the step and the audit."""
    case = _lock(case)
    policy = evaluation.policy_for(on)
    if case.stage != stage:
        raise refuse([_flow(policy, "not_allowed")])
    checks = evaluation.preflight(case, on)
    if d.blocking(checks):
        raise refuse(d.blocking(checks))
    result, members = _count(case, on, attendance, yes, no, abstain, policy)
    decision = d.decide_step(
        d.Action(action),
        on,
        policy,
        checks=checks,
        vote=result,
        late=_late(case, action, on),
        failed_votes=case.failed_recognition_votes,
    )
    if not decision.allowed:
        raise refuse(decision.refusals)
    _save_vote(case, action, on, result, members, attendance, policy)
    extra: dict[str, Any] = {}
    if decision.target == d.Stage.REJECTED:
        extra = {"closed_on": on, "close_reason": _("Not passed at the cell's vote.")}
    if decision.failed_votes is not None:
        extra["failed_recognition_votes"] = decision.failed_votes
    return _step(
        case,
        action,
        on,
        by,
        target=Stage(decision.target) if decision.target else None,
        outcomes=decision.outcomes,
        **extra,
    )


@transaction.atomic
def record_cell_vote(
    case: Case,
    *,
    by: Actor,
    on: datetime.date,
    attendance: Mapping[int, str],
    yes: int,
    no: int,
    abstain: int = 0,
) -> Case:
    """The cell's vote (V1–V3) after eligibility (E1–E6) and the dossier
    (D1–D8) pass on the vote date. A vote short of the fraction closes the
    case as not qualified (domain.admission.FAILED_VOTE_STAGE)."""
    return _take_vote(
        case, Action.CELL_VOTE, by, on, attendance, yes, no, abstain, stage=Stage.DOSSIER
    )


@transaction.atomic
def appraise(case: Case, *, by: Actor, on: datetime.date) -> Case:
    return _step(_lock(case), Action.APPRAISE, on, by)


@transaction.atomic
def committee_resolve(case: Case, *, by: Actor, on: datetime.date) -> Case:
    return _step(_lock(case), Action.COMMITTEE_RESOLVE, on, by)


def _competent_body(case: Case) -> str:
    """The body that decides for this cell (RULES V5), recorded with the decision."""
    from apps.organizations.choices import DecisionBody, DecisionThreshold
    from apps.organizations.services import effective_decision

    body, threshold = effective_decision(case.organization)
    return f"{DecisionBody(body).label}, {str(DecisionThreshold(threshold).label).lower()}"


# The consent that lets a late step go ahead (domain.admission.lateness).
LATE_CONSENT = {
    Action.DECIDE_ADMISSION: ConsentKind.DECISION_EXTENSION,
    Action.HOLD_CEREMONY: ConsentKind.LATE_CEREMONY,
    Action.DECIDE_RECOGNITION: ConsentKind.RECOGNITION_EXTENSION,
}


def _late(case: Case, action: Action, on: datetime.date) -> d.Outcome | None:
    """The lateness outcome of `action` on `on` (None: on time or no
    deadline), under the version that set the deadline."""
    rule = d.DEADLINE_OF.get(d.Action(action))
    if rule is None:
        return None
    found = next((x for x in evaluation.deadlines(case, today()) if x.rule == rule), None)
    if found is None:
        return None
    kind = LATE_CONSENT.get(action)
    consent = kind is not None and case.consents.filter(kind=kind).exists()
    return d.lateness(d.Action(action), on, found.due, consent, evaluation.policy_for(found.start))


def _decide(case: Case, action: Action, on: datetime.date) -> tuple[d.Outcome, ...]:
    """The domain's decision on a step without a vote: its lateness; a
    blocking outcome refuses the step."""
    decision = d.decide_step(
        d.Action(action), on, evaluation.policy_for(on), late=_late(case, action, on)
    )
    if not decision.allowed:
        raise refuse(decision.refusals)
    return decision.outcomes


@transaction.atomic
def decide_admission(
    case: Case,
    *,
    by: Actor,
    on: datetime.date,
    number: str,
    received_on: datetime.date | None = None,
) -> Case:
    """The admission decision (T1: within 60 wd of the cell's resolution,
    extendable with a recorded reason). Party age counts from this date."""
    case = _lock(case)
    if not number.strip():
        raise ValidationError({"number": _("Enter the decision number.")})
    if received_on is not None and received_on < on:
        raise ValidationError(
            {"received_on": _("The cell cannot receive the decision before it is signed.")}
        )
    outcomes = _decide(case, Action.DECIDE_ADMISSION, on)
    number = numbers.register(case, Action.DECIDE_ADMISSION, number, on)
    return _step(
        case,
        Action.DECIDE_ADMISSION,
        on,
        by,
        outcomes=outcomes,
        decision_number=number.strip(),
        note=_competent_body(case),
        decision_received_on=received_on,
    )


@transaction.atomic
def record_decision_received(case: Case, *, by: Actor, on: datetime.date) -> Case:
    from apps.audit.models import AuditAction
    from apps.audit.services import diff, record, snapshot

    from .services import CASE_FIELDS

    case = _lock(case)
    if case.stage != Stage.ADMITTED or case.decision_on is None or on < case.decision_on:
        raise ValidationError(
            {"on": _("The cell receives the decision after it is signed, before the ceremony.")}
        )
    before = snapshot(case, CASE_FIELDS)
    case.decision_received_on = on
    case.save(update_fields=["decision_received_on"])
    record(by, AuditAction.UPDATE, case, diff(before, case))
    return case


@transaction.atomic
def hold_ceremony(case: Case, *, by: Actor, on: datetime.date) -> Case:
    """The ceremony (T2: within 30 wd of the cell receiving the decision;
    later only with the upper committee's consent). The person becomes a
    probationary member; probation counts from this day (T3)."""
    case = _lock(case)
    policy = evaluation.policy_for(on)
    if (
        case.stage == Stage.ADMITTED
        and case.decision_received_on is None
        and policy.ceremony_clock == "received"
    ):
        raise refuse([_flow(policy, "no_decision_received")])
    if case.decision_received_on is not None and on < case.decision_received_on:
        raise refuse([_flow(policy, "before_receipt", received=case.decision_received_on)])
    outcomes: tuple[d.Outcome, ...] = ()
    if case.stage == Stage.ADMITTED:
        outcomes = _decide(case, Action.HOLD_CEREMONY, on)
    case = _step(case, Action.HOLD_CEREMONY, on, by, outcomes=outcomes)
    return _probationary_member(case, by=by, on=on)


def _probationary_member(case: Case, *, by: Actor, on: datetime.date) -> Case:
    """After the ceremony the person is a probationary member (T3)."""
    assert case.decision_on is not None
    former = Member.objects.filter(person=case.person).first()
    if former is not None:  # a re-admission: the former record becomes probationary again
        case.member = readmit_member(
            former, by=by, cell=case.organization, admitted_on=case.decision_on, ceremony_on=on
        )
        case.save(update_fields=["member"])
        return case
    member = create_member(
        by=by,
        person=case.person,
        member=Member(
            organization=case.organization,
            status=MemberStatus.PROBATIONARY,
            admitted_on=case.decision_on,
            ceremony_on=on,
        ),
    )
    case.member = member
    case.save(update_fields=["member"])
    return case


# The steps a case recorded on paper may already have taken, in order, with
# the case field holding each step's date.
PAPER_STEPS = (
    (Action.RECORD_CERTIFICATE, "certificate_on"),
    (Action.OPEN_DOSSIER, "dossier_on"),
    (Action.CELL_VOTE, "cell_resolution_on"),
    (Action.APPRAISE, "appraisal_on"),
    (Action.COMMITTEE_RESOLVE, "committee_resolution_on"),
    (Action.DECIDE_ADMISSION, "decision_on"),
    (Action.HOLD_CEREMONY, "ceremony_on"),
)


@transaction.atomic
def record_from_paper(
    case: Case,
    *,
    by: Actor,
    dates: Mapping[str, datetime.date],
    certificate_number: str = "",
    decision_number: str = "",
    decision_received_on: datetime.date | None = None,
) -> Case:
    """Bring a case kept on paper to where it stands (an import): each step
    that `dates` holds, in order, through the transition table, which
    refuses a step out of order or a date before the previous step's or in
    the future. The votes and checks themselves happened on paper and are
    not re-run; each step is noted as recorded from paper. A ceremony makes
    the person a probationary member, whose probation runs from it."""
    note = _("Recorded from paper records.")
    case = _lock(case)
    for action, key in PAPER_STEPS:
        on = dates.get(key)
        if on is None:
            continue
        extra: dict[str, Any] = {}
        if action == Action.RECORD_CERTIFICATE:
            extra["certificate_number"] = certificate_number.strip()
        if action == Action.DECIDE_ADMISSION:
            if not decision_number.strip():
                raise ValidationError({"decision_number": _("Enter the decision number.")})
            if decision_received_on is not None and decision_received_on < on:
                raise ValidationError(
                    {
                        "decision_received_on": _(
                            "The cell cannot receive the decision before it is signed."
                        )
                    }
                )
            extra.update(
                decision_number=decision_number.strip(), decision_received_on=decision_received_on
            )
        if action == Action.HOLD_CEREMONY and decision_received_on and on < decision_received_on:
            policy = evaluation.policy_for(on)
            raise refuse(
                [_flow(policy, "before_receipt", received=decision_received_on)], "ceremony_on"
            )
        try:
            case = _step(case, action, on, by, note=note, **extra)
        except ValidationError as exc:
            # name the date that was refused, not the form's generic "on"
            raise ValidationError({key: exc.message_dict.get("on", exc.messages)}) from exc
        if action == Action.HOLD_CEREMONY:
            case = _probationary_member(case, by=by, on=on)
    return case


@transaction.atomic
def record_recognition_vote(
    case: Case,
    *,
    by: Actor,
    on: datetime.date,
    attendance: Mapping[int, str],
    yes: int,
    no: int,
    abstain: int = 0,
) -> Case:
    """The cell's vote on full membership (P1–P3, V1–V3; V6 after repeated
    failures; after T4's limit, recorded with a warning). A failed vote
    keeps the case in probation."""
    return _take_vote(
        case,
        Action.RECOGNITION_VOTE,
        by,
        on,
        attendance,
        yes,
        no,
        abstain,
        stage=Stage.PROBATIONARY,
    )


@transaction.atomic
def recognition_appraise(case: Case, *, by: Actor, on: datetime.date) -> Case:
    return _step(_lock(case), Action.RECOGNITION_APPRAISE, on, by)


@transaction.atomic
def recognition_committee_resolve(case: Case, *, by: Actor, on: datetime.date) -> Case:
    return _step(_lock(case), Action.RECOGNITION_COMMITTEE_RESOLVE, on, by)


@transaction.atomic
def decide_recognition(case: Case, *, by: Actor, on: datetime.date, number: str) -> Case:
    """The full-membership decision. The member is full from the day
    probation ended, however late the vote or the decision (RULES T3)."""
    case = _lock(case)
    if not number.strip():
        raise ValidationError({"number": _("Enter the decision number.")})
    outcomes = _decide(case, Action.DECIDE_RECOGNITION, on)
    number = numbers.register(case, Action.DECIDE_RECOGNITION, number, on)
    case = _step(
        case,
        Action.DECIDE_RECOGNITION,
        on,
        by,
        outcomes=outcomes,
        recognition_decision_number=number.strip(),
        note=_competent_body(case),
        closed_on=on,
    )
    assert case.member is not None and case.ceremony_on is not None
    full_on = d.probation_end(case.ceremony_on, evaluation.policy_for(case.ceremony_on))
    update_member(
        case.member,
        by=by,
        person_changes={},
        member_changes={"status": MemberStatus.FULL, "full_on": full_on},
    )
    return case


OFF_RAMP_STATUS = {
    Action.REMOVE: MemberStatus.REMOVED,
    Action.DECEASE: MemberStatus.DECEASED,
}


@transaction.atomic
def propose_removal(case: Case, *, by: Actor, on: datetime.date, reason: str) -> Case:
    """The cell proposes removing a probationary member from the list (RULES
    P4). The person stays a probationary member until the competent
    committee decides (`close_case` with REMOVE, or `decline_removal`)."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    return _step(_lock(case), Action.PROPOSE_REMOVAL, on, by, note=reason.strip())


@transaction.atomic
def decline_removal(case: Case, *, by: Actor, on: datetime.date, reason: str) -> Case:
    """The competent committee does not approve the cell's proposal: the
    probation goes on from the stage the case was proposed at."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    case = _lock(case)
    note = f"{reason.strip()} — {_competent_body(case)}"
    return _step(case, Action.DECLINE_REMOVAL, on, by, note=note)


def removal_proposal(case: Case) -> str:
    """The reason the cell gave when it proposed the removal now pending."""
    step = case.steps.filter(action=Action.PROPOSE_REMOVAL).order_by("-on", "-id").first()
    return step.note if step else ""


@transaction.atomic
def close_case(case: Case, *, by: Actor, action: Action, on: datetime.date, reason: str) -> Case:
    """Withdrawn, not qualified, removed from the probationary list (P4) or
    deceased, each dated with its reason. Removal is the competent
    committee's decision on the cell's proposal (the transition table
    allows it only from REMOVAL_PROPOSED) and names that committee."""
    if action not in (Action.WITHDRAW, Action.REJECT, Action.REMOVE, Action.DECEASE):
        raise ValueError(action)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason.")})
    case = _lock(case)
    note = reason.strip()
    if action == Action.REMOVE:
        note = f"{note} — {_competent_body(case)}"
    case = _step(case, action, on, by, note=note, closed_on=on, close_reason=reason.strip())
    if (
        case.member is not None
        and case.member.status in ACTIVE_STATUSES
        and action in OFF_RAMP_STATUS
    ):
        update_member(
            case.member,
            by=by,
            person_changes={},
            member_changes={"status": OFF_RAMP_STATUS[action], "left_on": on},
        )
    return case


@transaction.atomic
def record_awareness_certificate(
    case: Case, *, by: Actor, on: datetime.date, number: str = ""
) -> Case:
    """A certificate from an awareness class: the first one moves a candidate
    on; a later one (the class retaken after the old certificate expired,
    RULES E5) replaces it on a case still before its vote."""
    from apps.audit.models import AuditAction
    from apps.audit.services import diff, record, snapshot

    from .services import CASE_FIELDS

    case = _lock(case)
    if case.stage == Stage.CANDIDATE:
        return record_certificate(case, by=by, on=on, number=number)
    if case.stage not in (Stage.TRAINED, Stage.DOSSIER):
        raise ValidationError(
            {"on": _("The awareness certificate counts only before the cell's vote.")}
        )
    before = snapshot(case, CASE_FIELDS)
    case.certificate_on, case.certificate_number = on, number.strip()
    case.save(update_fields=["certificate_on", "certificate_number"])
    record(
        by, AuditAction.UPDATE, case, diff(before, case), note=_("Awareness certificate renewed")
    )
    return case


# ---------------------------------------------------------------- one entry


@dataclass(frozen=True)
class StepData:
    """What a step needs, as Python values (no form, no strings to parse).

    on: the step's date; number: the certificate or decision number;
    received_on: the day the cell received the admission decision (with the
    decision or the ceremony); reason: for closings and removals;
    attendance: member id → Attendance value, every official member of the
    cell on the vote date; yes / no / abstain: the votes (counts of people);
    seen_stage: the stage the person taking the step saw (a page or an API
    read): when the case has moved since, the step is refused as a race
    instead of being applied to a case they have not seen."""

    on: datetime.date
    number: str = ""
    received_on: datetime.date | None = None
    reason: str = ""
    attendance: Mapping[int, str] = field(default_factory=dict)
    yes: int | None = None
    no: int | None = None
    abstain: int = 0
    seen_stage: str | None = None


@dataclass(frozen=True)
class Taken:
    """A step taken: the case after it and the outcomes recorded with it
    (messages.as_dict rows: rule, severity, reason, Vietnamese message)."""

    case: Case
    outcomes: tuple[dict[str, Any], ...]


def perm_for(action: Action) -> Perm:
    """The permission a step needs (domain.admission.may_take): a
    committee's action needs `decide`, every other `change_members`."""
    return Perm.DECIDE if d.Action(action) in d.COMMITTEE_ACTIONS else Perm.CHANGE_MEMBERS


# The largest vote count read (a cell is never this big): a bigger number is
# a typing error, refused before any arithmetic.
MAX_VOTES = 10_000


def _check_data(action: Action, data: StepData) -> None:
    errors: dict[str, str] = {}
    for name in ("on", "received_on"):
        day = getattr(data, name)
        if day is not None and not in_range(day):
            errors[name] = _("The date {day} is outside {first}–{last}: check the year.").format(
                day=day.strftime("%d/%m/%Y"),
                first=EARLIEST.strftime("%d/%m/%Y"),
                last=LATEST.strftime("%d/%m/%Y"),
            )
    if action in (Action.CELL_VOTE, Action.RECOGNITION_VOTE):
        for name in ("yes", "no", "abstain"):
            value = getattr(data, name)
            if value is None:
                errors[name] = _("Enter the number of votes.")
            elif not 0 <= value <= MAX_VOTES:
                errors[name] = _("{value} votes: give a number from 0 to {max}.").format(
                    value=value, max=MAX_VOTES
                )
    if errors:
        raise ValidationError(errors)


def _check_race(case: Case, data: StepData) -> None:
    """Refuse a step on a case that moved since the person saw it: who
    recorded what, and when."""
    if data.seen_stage is None or data.seen_stage == case.stage:
        return
    last = case.steps.select_related("by").order_by("-created_at", "-id").first()
    when = timezone.localtime(last.created_at) if last else None
    who = (last.by.get_full_name() or last.by.get_username()) if last and last.by else ""
    who = who or (last.by_label if last else "") or _("someone else")
    raise ValidationError(
        {
            "on": _(
                "The case was updated by {who} at {time} ({step}; now: {stage}); reload the page."
            ).format(
                who=who,
                time=when.strftime("%H:%M %d/%m/%Y") if when else "?",
                step=Action(last.action).label if last else "",
                stage=Stage(case.stage).label,
            )
        }
    )


@transaction.atomic
def take(case: Case, action: Action, data: StepData, by: Actor) -> Taken:
    """Take one workflow step: the only entry the HTML views, the API, the
    inbox's bulk approval and the demo use. The case is locked, the input
    bounded (dates within domain.dates.EARLIEST–LATEST, vote counts
    0–MAX_VOTES), a race refused (`data.seen_stage`), then the step's
    service asks the domain for its decision and persists it with its
    CaseStep and audit rows. Raises ValidationError (a StepRefused for a
    rule, with structured outcomes: services.refusals) and saves nothing."""
    _check_data(action, data)
    case = _lock(case)
    _check_race(case, data)
    on = data.on
    if action == Action.RECORD_CERTIFICATE:
        case = record_certificate(case, by=by, on=on, number=data.number)
    elif action == Action.OPEN_DOSSIER:
        case = open_dossier(case, by=by, on=on)
    elif action in (Action.CELL_VOTE, Action.RECOGNITION_VOTE):
        vote = record_cell_vote if action == Action.CELL_VOTE else record_recognition_vote
        assert data.yes is not None and data.no is not None  # _check_data
        case = vote(
            case,
            by=by,
            on=on,
            attendance=data.attendance,
            yes=data.yes,
            no=data.no,
            abstain=data.abstain,
        )
    elif action == Action.DECIDE_ADMISSION:
        case = decide_admission(
            case, by=by, on=on, number=data.number, received_on=data.received_on
        )
    elif action == Action.DECIDE_RECOGNITION:
        case = decide_recognition(case, by=by, on=on, number=data.number)
    elif action == Action.HOLD_CEREMONY:
        # the receipt and the ceremony stand or fall together
        if data.received_on and case.decision_received_on is None:
            case = record_decision_received(case, by=by, on=data.received_on)
        case = hold_ceremony(case, by=by, on=on)
    elif action in (Action.WITHDRAW, Action.REJECT, Action.REMOVE, Action.DECEASE):
        case = close_case(case, by=by, action=action, on=on, reason=data.reason)
    elif action == Action.PROPOSE_REMOVAL:
        case = propose_removal(case, by=by, on=on, reason=data.reason)
    elif action == Action.DECLINE_REMOVAL:
        case = decline_removal(case, by=by, on=on, reason=data.reason)
    else:
        simple = {
            Action.APPRAISE: appraise,
            Action.COMMITTEE_RESOLVE: committee_resolve,
            Action.RECOGNITION_APPRAISE: recognition_appraise,
            Action.RECOGNITION_COMMITTEE_RESOLVE: recognition_committee_resolve,
        }
        case = simple[action](case, by=by, on=on)
    last = case.steps.order_by("-id").first()
    return Taken(case, tuple(last.outcomes) if last else ())
