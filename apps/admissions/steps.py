"""The workflow steps of a case (RULES.md), one service each."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.services import Actor
from apps.common.clock import today
from apps.members.choices import ACTIVE_STATUSES, MemberStatus
from apps.members.models import Member
from apps.members.services import create_member, readmit_member, update_member
from domain import admission as d

from . import evaluation
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


def official_members(case: Case) -> list[Member]:
    """Who votes: the cell's full members (probationary members never do)."""
    return list(
        Member.objects.filter(organization=case.organization, status=MemberStatus.FULL)
        .select_related("person")
        .order_by("person__sort_key")
    )


def _vote(
    case: Case,
    action: Action,
    on: datetime.date,
    attendance: Mapping[int, str],
    yes: int,
    no: int,
    abstain: int,
) -> tuple[d.VoteResult, Vote]:
    policy = evaluation.policy_for(on)
    members = list(
        Member.objects.filter(organization=case.organization, status=MemberStatus.FULL)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if set(attendance) != set(members):
        raise ValidationError(
            {"attendance": _("Give the attendance of every official member of the cell.")}
        )
    statuses = [d.Attendance(attendance[pk]) for pk in members]
    result = d.count_vote(statuses, yes, no, abstain, policy)
    if d.blocking(result.outcomes):
        raise refuse(d.blocking(result.outcomes), "yes")
    vote = Vote.objects.create(
        case=case,
        action=action,
        held_on=on,
        yes=yes,
        no=no,
        abstain=abstain,
        official_members=result.official_members,
        denominator=result.denominator,
        required=result.required,
        passed=result.passed,
        policy_code=policy.code,
    )
    VoteAttendance.objects.bulk_create(
        [VoteAttendance(vote=vote, member_id=pk, status=attendance[pk]) for pk in members]
    )
    return result, vote


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
    case as not qualified."""
    case = _lock(case)
    if case.stage != Stage.DOSSIER:
        raise refuse([_flow(evaluation.policy_for(on), "not_allowed")])
    checks = evaluation.preflight(case, on)
    if d.blocking(checks):
        raise refuse(d.blocking(checks))
    result, _vote_row = _vote(case, Action.CELL_VOTE, on, attendance, yes, no, abstain)
    outcomes = [*checks, *result.outcomes]
    if not result.passed:
        return _step(
            case,
            Action.CELL_VOTE,
            on,
            by,
            target=Stage.REJECTED,
            outcomes=outcomes,
            closed_on=on,
            close_reason=_("Not passed at the cell's vote."),
        )
    return _step(case, Action.CELL_VOTE, on, by, outcomes=outcomes)


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


def _deadline(case: Case, rule: str) -> evaluation.DeadlineView | None:
    return next((x for x in evaluation.deadlines(case, today()) if x.rule == rule), None)


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
    outcomes = []
    t1 = _deadline(case, "T1")
    if t1 and on > t1.due:
        policy = evaluation.policy_for(on)
        outcomes.append(
            d.Outcome(
                "T1", d.Severity.WARN, "late", {"due": t1.due}, policy.code, policy.reference("T1")
            )
        )
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
    outcomes = []
    t2 = _deadline(case, "T2")
    if case.stage == Stage.ADMITTED and t2 and on > t2.due:
        if case.consents.filter(kind=ConsentKind.LATE_CEREMONY).exists():
            outcomes.append(
                d.Outcome(
                    "T2",
                    d.Severity.WARN,
                    "late_with_consent",
                    {"due": t2.due},
                    policy.code,
                    policy.reference("T2"),
                )
            )
        else:
            raise refuse(
                [
                    d.Outcome(
                        "T2",
                        d.Severity.BLOCK,
                        "late",
                        {"due": t2.due},
                        policy.code,
                        policy.reference("T2"),
                    )
                ]
            )
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
    failures). A failed vote keeps the case in probation."""
    case = _lock(case)
    if case.stage != Stage.PROBATIONARY:
        raise refuse([_flow(evaluation.policy_for(on), "not_allowed")])
    checks = evaluation.preflight(case, on)
    if d.blocking(checks):
        raise refuse(d.blocking(checks))
    result, _vote_row = _vote(case, Action.RECOGNITION_VOTE, on, attendance, yes, no, abstain)
    outcomes = [*checks, *result.outcomes]
    if result.passed:
        return _step(case, Action.RECOGNITION_VOTE, on, by, outcomes=outcomes)
    failed = case.failed_recognition_votes + 1
    escalation = d.escalation(failed, evaluation.policy_for(on))
    if escalation:
        outcomes.append(escalation)
    return _step(
        case,
        Action.RECOGNITION_VOTE,
        on,
        by,
        target=Stage.PROBATIONARY,
        outcomes=outcomes,
        failed_recognition_votes=failed,
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
    policy = evaluation.policy_for(on)
    outcomes = []
    t5 = _deadline(case, "T5")
    if t5 and on > t5.due:
        outcomes.append(
            d.Outcome(
                "T5", d.Severity.WARN, "late", {"due": t5.due}, policy.code, policy.reference("T5")
            )
        )
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
    record(by, AuditAction.UPDATE, case, diff(before, case), note="awareness certificate renewed")
    return case
