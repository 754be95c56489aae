"""Every step of a case: one transaction each, checked by the pure rules
(domain.admission) under the policy in force on the step's date, recorded as
a CaseStep with that version, and audited. A refused step saves nothing and
raises ValidationError with the Vietnamese message of each blocking rule."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from apps.audit.models import AuditAction
from apps.audit.services import Actor, created, diff, record, snapshot
from apps.common import clock
from apps.common.uploads import check_scan
from apps.members.choices import ACTIVE_STATUSES, MemberStatus
from apps.members.models import Member, Person
from apps.members.services import create_person
from apps.organizations.choices import OrgKind
from apps.organizations.models import Organization
from domain import admission as d
from domain.policy import Policy

from . import evaluation
from .choices import Action, CaseKind, Stage
from .history import document_label, part_label, step_note
from .messages import as_dict, message
from .models import (
    Case,
    CaseDocument,
    CaseStep,
    Comment,
    Consent,
    Helper,
    Introducer,
    LocalCriterion,
    Verification,
)

CASE_FIELDS = (
    "person",
    "organization",
    "kind",
    "source",
    "stage",
    "opened_on",
    "on_hold",
    "hold_reason",
    "is_citizen",
    "education_exception",
    "youth_union_exists",
    "certificate_on",
    "certificate_number",
    "cell_resolution_on",
    "appraisal_on",
    "committee_resolution_on",
    "decision_on",
    "decision_number",
    "decision_received_on",
    "ceremony_on",
    "recognition_resolution_on",
    "recognition_appraisal_on",
    "recognition_committee_on",
    "recognition_decision_on",
    "recognition_decision_number",
    "failed_recognition_votes",
    "closed_on",
    "close_reason",
    "member",
)
STEP_FIELD = {
    Action.RECORD_CERTIFICATE: "certificate_on",
    Action.CELL_VOTE: "cell_resolution_on",
    Action.APPRAISE: "appraisal_on",
    Action.COMMITTEE_RESOLVE: "committee_resolution_on",
    Action.DECIDE_ADMISSION: "decision_on",
    Action.HOLD_CEREMONY: "ceremony_on",
    Action.RECOGNITION_VOTE: "recognition_resolution_on",
    Action.RECOGNITION_APPRAISE: "recognition_appraisal_on",
    Action.RECOGNITION_COMMITTEE_RESOLVE: "recognition_committee_on",
    Action.DECIDE_RECOGNITION: "recognition_decision_on",
}


# The form field a rule's refusal belongs to (the step's date otherwise).
RULE_FIELD = {"V1": "yes", "V2": "yes", "V3": "attendance"}


class StepRefused(ValidationError):
    """A step the rules refused: a ValidationError (field → messages, for
    forms) that also keeps the outcomes and the field of each, for the API's
    structured answer (see refusals)."""

    def __init__(self, outcomes: Iterable[d.Outcome], field: str | None = None) -> None:
        self.outcomes = [(o, field or RULE_FIELD.get(o.rule, "on")) for o in outcomes]
        errors: dict[str, list[str]] = {}
        for outcome, name in self.outcomes:
            errors.setdefault(name, []).append(label(outcome))
        super().__init__(errors)


def label(outcome: d.Outcome) -> str:
    """An outcome as one line for people: the rule id, then its sentence;
    the workflow's own refusals (not a rule of RULES.md) without an id."""
    text = message(outcome)
    return text if outcome.rule == "FLOW" else f"{outcome.rule}: {text}"


def refuse(outcomes: Iterable[d.Outcome], field: str | None = None) -> ValidationError:
    return StepRefused(outcomes, field)


def refusals(exc: ValidationError) -> list[dict[str, Any]]:
    """Any refusal of a step as structured rows: rule id (None for an input
    error), severity, field, Vietnamese message."""
    if isinstance(exc, StepRefused):
        return [
            {
                "rule": None if o.rule == "FLOW" else o.rule,
                "severity": o.severity.value,
                "field": name,
                "message": message(o),
            }
            for o, name in exc.outcomes
        ]
    pairs: list[tuple[str | None, str]] = (
        [(k, m) for k, ms in exc.message_dict.items() for m in ms]
        if hasattr(exc, "error_dict")
        else [(None, m) for m in exc.messages]
    )
    return [
        {
            "rule": None,
            "severity": d.Severity.BLOCK.value,
            "field": None if key == "__all__" else key,
            "message": text,
        }
        for key, text in pairs
    ]


def _flow(policy: Policy, reason: str, **params: Any) -> d.Outcome:
    return d.Outcome("FLOW", d.Severity.BLOCK, reason, params, policy.code)


def _state(case: Case) -> d.CaseState:
    steps = tuple(
        (d.Action(action), d.Stage(after), on)
        for action, after, on in case.steps.values_list("action", "stage_after", "on")
    )
    return d.CaseState(d.Stage(case.stage), steps)


def _lock(case: Case) -> Case:
    """The case read afresh under a row lock. Its person and cell (with the
    cell's parent) come along: reused from `case` when it already holds
    them, since the lock protects the case row, not theirs."""
    cached = case._state.fields_cache
    organization = cached.get("organization")
    if (
        "person" in cached
        and organization is not None
        and "parent" in organization._state.fields_cache
    ):
        locked = Case.objects.select_for_update(of=("self",)).get(pk=case.pk)
        if (locked.person_id, locked.organization_id) == (case.person_id, case.organization_id):
            locked.person, locked.organization = case.person, organization
            return locked
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("person", "organization__parent")
        .get(pk=case.pk)
    )


def _step(
    case: Case,
    action: Action,
    on: datetime.date,
    by: Actor,
    *,
    target: Stage | None = None,
    outcomes: Sequence[d.Outcome] = (),
    note: str = "",
    **fields: Any,
) -> Case:
    """Move `case` by `action` on `on`; the caller has checked the rules."""
    policy = evaluation.policy_for(on)
    if case.on_hold and d.Action(action) not in d.ON_HOLD_ACTIONS:
        raise refuse([_flow(policy, "on_hold")])
    if on > clock.today():
        raise refuse([_flow(policy, "date_in_future", on=on)])
    try:
        state = d.apply_step(
            _state(case),
            d.Action(action),
            on,
            evaluation.has_intermediate(case.organization),
            policy,
            target=d.Stage(target) if target else None,
        )
    except d.StepRefused as exc:
        raise refuse([exc.outcome]) from None
    before = snapshot(case, CASE_FIELDS)
    case.stage = Stage(state.stage)
    if action in STEP_FIELD:
        setattr(case, STEP_FIELD[action], on)
    for key, value in fields.items():
        setattr(case, key, value)
    case.save()
    actor = {"by": None, "by_label": by} if isinstance(by, str) else {"by": by, "by_label": ""}
    CaseStep.objects.create(
        case=case,
        action=action,
        stage_after=case.stage,
        on=on,
        policy_code=policy.code,
        note=note[:500],
        outcomes=[as_dict(o) for o in outcomes],
        **actor,
    )
    record(by, AuditAction.UPDATE, case, diff(before, case), note=step_note(action, policy.code))
    from apps.deadlines import notify

    notify.decision_waiting(case)  # after commit, if a committee's step is next
    return case


# ---------------------------------------------------------------- opening


@transaction.atomic
def open_case(
    *,
    by: Actor,
    cell: Organization,
    person: Person,
    source: str,
    opened_on: datetime.date,
    youth_union_exists: bool = True,
    is_citizen: bool = True,
    education_exception: bool = False,
    kind: str = CaseKind.ADMISSION,
    previous_left_on: datetime.date | None = None,
    exit_reason: str = "",
    expunged_on: datetime.date | None = None,
    readmitted_before: bool = False,
) -> Case:
    """Put a person in the cell's candidate pool."""
    errors: dict[str, str] = {}
    if cell.kind != OrgKind.CELL or cell.valid_to is not None:
        errors["organization"] = _("A candidate is proposed to an active party cell.")
    if (
        person.pk
        and Case.objects.filter(person=person)
        .exclude(stage__in=[Stage.WITHDRAWN, Stage.REJECTED, Stage.REMOVED, Stage.DECEASED])
        .exists()
    ):
        errors["person"] = _("This person already has an open case.")
    former = Member.objects.filter(person=person).first() if person.pk else None
    if former is not None and (kind != CaseKind.READMISSION or former.is_active):
        errors["person"] = _("This person is already a party member.")
    if kind == CaseKind.READMISSION and (previous_left_on is None or not exit_reason):
        errors["exit_reason"] = _("Record when and how the person left the Party.")
    if errors:
        raise ValidationError(errors)
    if person.pk is None:
        create_person(by=by, person=person)
    case = Case.objects.create(
        person=person,
        organization=cell,
        source=source,
        opened_on=opened_on,
        youth_union_exists=youth_union_exists,
        is_citizen=is_citizen,
        education_exception=education_exception,
        kind=kind,
        previous_left_on=previous_left_on,
        exit_reason=exit_reason,
        expunged_on=expunged_on,
        readmitted_before=readmitted_before,
    )
    record(by, AuditAction.CREATE, case, created(case, CASE_FIELDS))
    return case


# ---------------------------------------------------------------- dossier parts


@transaction.atomic
def add_document(
    case: Case,
    *,
    by: Actor,
    code: str,
    received_on: datetime.date,
    number: str = "",
    issuer: str = "",
    valid_until: datetime.date | None = None,
    file: Any = None,
) -> CaseDocument:
    case = _lock(case)
    if received_on > clock.today():
        raise ValidationError(
            {
                "received_on": _("The date {on} is in the future.").format(
                    on=received_on.strftime("%d/%m/%Y")
                )
            }
        )
    if file:
        file = check_scan(file)  # size and content, before anything is stored
    old = CaseDocument.objects.filter(case=case, code=code).first()
    before = _document_values(old) if old else dict.fromkeys(DOCUMENT_FIELDS)
    new_hash = _sha256(file) if file else ""
    doc, _created = CaseDocument.objects.update_or_create(
        case=case,
        code=code,
        defaults={
            "received_on": received_on,
            "number": number,
            "issuer": issuer,
            "valid_until": valid_until,
            **({"file": file} if file else {}),
        },
    )
    after = _document_values(
        doc, file=f"{doc.file.name} (sha256 {new_hash})" if file else before["file"]
    )
    # a replaced document keeps its old values in the audit, the file's too
    changes = {
        (f"document:{code}" if name == "received_on" else f"document:{code}:{name}"): [
            before[name],
            after[name],
        ]
        for name in DOCUMENT_FIELDS
        if before[name] != after[name]
    }
    record(by, AuditAction.UPDATE, case, changes, note=document_label(code))
    return doc


DOCUMENT_FIELDS = ("received_on", "number", "issuer", "valid_until", "file")


def _sha256(file: Any) -> str:
    """The SHA-256 of a stored or uploaded file (hex), or "?" if it cannot be read."""
    digest = hashlib.sha256()
    try:
        file.open("rb")
        for chunk in file.chunks():
            digest.update(chunk)
        file.seek(0)
    except (OSError, ValueError):
        return "?"
    return digest.hexdigest()


def _document_values(doc: CaseDocument, file: str | None = None) -> dict[str, Any]:
    """What the audit says about a dossier document: its dates, number,
    issuer and file (name and SHA-256)."""
    if file is None and doc.file:
        file = f"{doc.file.name} (sha256 {_sha256(doc.file)})"
        doc.file.close()
    return {
        "received_on": doc.received_on.isoformat(),
        "number": doc.number,
        "issuer": doc.issuer,
        "valid_until": doc.valid_until.isoformat() if doc.valid_until else None,
        "file": file,
    }


@transaction.atomic
def receive_documents(
    case: Case, *, by: Actor, codes: Sequence[str], received_on: datetime.date
) -> list[CaseDocument]:
    """Several dossier papers received together on one day (D1, D2, D8, …),
    none of them recorded yet: one lock, one insert, one audit row. A paper
    already recorded is refused (replace it with `add_document`)."""
    case = _lock(case)
    if received_on > clock.today():
        raise ValidationError(
            {
                "received_on": _("The date {on} is in the future.").format(
                    on=received_on.strftime("%d/%m/%Y")
                )
            }
        )
    known = set(case.documents.filter(code__in=codes).values_list("code", flat=True))
    if known or len(set(codes)) != len(codes):
        raise ValidationError(
            {"code": _("This paper is already recorded: replace it from its own line.")}
        )
    rows = CaseDocument.objects.bulk_create(
        [CaseDocument(case=case, code=code, received_on=received_on) for code in codes]
    )
    record(
        by,
        AuditAction.UPDATE,
        case,
        {f"document:{code}": [None, received_on.isoformat()] for code in codes},
    )
    return rows


@transaction.atomic
def add_consent(
    case: Case,
    *,
    by: Actor,
    kind: str,
    document: str,
    date: datetime.date,
    issuer: str,
    reason: str = "",
) -> Consent:
    case = _lock(case)
    if not document.strip() or not issuer.strip():
        raise ValidationError(
            {"document": _("An exception needs the consent's document number and issuing body.")}
        )
    old = Consent.objects.filter(case=case, kind=kind).first()
    consent, _created = Consent.objects.update_or_create(
        case=case,
        kind=kind,
        defaults={
            "document": document.strip(),
            "date": date,
            "issuer": issuer.strip(),
            "reason": reason,
        },
    )
    record(
        by,
        AuditAction.UPDATE,
        case,
        {
            f"consent:{kind}": [
                f"{old.document} {old.date.isoformat()} {old.issuer}" if old else None,
                f"{consent.document} {consent.date.isoformat()} {consent.issuer}",
            ]
        },
    )
    return consent


def _check_usable(case: Case, member: Member, role: str) -> None:
    """Introducers (RULES D5) and helpers (P1) are members the cell may use:
    active members of the case's own cell. A member of another cell is
    refused without saying anything about them."""
    if member.organization_id != case.organization_id or member.status not in ACTIVE_STATUSES:
        message = (
            _(
                "The introducer must be an active member of {cell}, where the applicant is proposed (D5)."
            )
            if role == "introducer"
            else _("The helper must be an active member of {cell}, the person's cell (P1).")
        )
        raise ValidationError({"member": message.format(cell=case.organization.name)})


@transaction.atomic
def add_introducer(
    case: Case,
    *,
    by: Actor,
    member: Member,
    together_since: datetime.date,
    introduced_on: datetime.date,
) -> Introducer:
    case = _lock(case)
    _check_usable(case, member, "introducer")
    if case.introducers.filter(member=member).exists():
        raise ValidationError({"member": _("This member already introduces the applicant.")})
    if together_since > introduced_on:
        raise ValidationError(
            {
                "together_since": _(
                    "The date they started working or living together must be before the introduction."
                )
            }
        )
    intro = Introducer.objects.create(
        case=case, member=member, together_since=together_since, introduced_on=introduced_on
    )
    record(by, AuditAction.UPDATE, case, {"introducer": [None, member.person.full_name]})
    return intro


@transaction.atomic
def add_verification(
    case: Case,
    *,
    by: Actor,
    relation: str,
    full_name: str,
    concluded_on: datetime.date | None,
    exempt: bool = False,
) -> Verification:
    case = _lock(case)
    row = Verification.objects.create(
        case=case,
        relation=relation.strip(),
        full_name=full_name.strip(),
        concluded_on=concluded_on,
        exempt=exempt,
    )
    record(by, AuditAction.UPDATE, case, {"verification": [None, f"{relation}: {full_name}"]})
    return row


@transaction.atomic
def conclude_verification(
    row: Verification, *, by: Actor, concluded_on: datetime.date
) -> Verification:
    case = _lock(row.case)
    row.concluded_on = concluded_on
    row.save(update_fields=["concluded_on"])
    record(
        by,
        AuditAction.UPDATE,
        case,
        {f"verification:{row.relation}": [None, concluded_on.isoformat()]},
    )
    return row


@transaction.atomic
def assign_helper(case: Case, *, by: Actor, member: Member, assigned_on: datetime.date) -> Helper:
    """RULES P1 (and the helpers of candidates): an official member follows
    and helps the person."""
    case = _lock(case)
    _check_usable(case, member, "helper")
    if member.status != MemberStatus.FULL:
        raise ValidationError({"member": _("A helper must be an official (full) member.")})
    if case.helpers.filter(member=member, ended_on__isnull=True).exists():
        raise ValidationError(
            {
                "member": _(
                    "{name} is already helping this person: the same helper is not assigned twice."
                ).format(name=member.person.full_name)
            }
        )
    helper = Helper.objects.create(case=case, member=member, assigned_on=assigned_on)
    record(by, AuditAction.UPDATE, case, {"helper": [None, member.person.full_name]})
    return helper


@transaction.atomic
def add_comment(case: Case, *, by: Actor, on: datetime.date, text: str) -> Comment:
    case = _lock(case)
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    comment = Comment.objects.create(
        case=case, on=on, text=text.strip(), by=None if isinstance(by, str) else by
    )
    record(by, AuditAction.UPDATE, case, {"comment": [None, on.isoformat()]})
    return comment


@transaction.atomic
def set_hold(case: Case, *, by: Actor, on_hold: bool, reason: str = "") -> Case:
    case = _lock(case)
    if on_hold and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the hold.")})
    before = snapshot(case, CASE_FIELDS)
    case.on_hold, case.hold_reason = on_hold, reason.strip() if on_hold else ""
    case.save(update_fields=["on_hold", "hold_reason"])
    record(by, AuditAction.UPDATE, case, diff(before, case))
    return case


@transaction.atomic
def move_case(case: Case, *, by: Actor, to: Organization, on: datetime.date) -> Case:
    """The person moves to another cell: the case moves with its history."""
    case = _lock(case)
    if to.kind != OrgKind.CELL or to.valid_to is not None or to.pk == case.organization_id:
        raise ValidationError({"to": _("Choose another active party cell.")})
    if case.is_closed:
        raise ValidationError({"to": _("A closed case cannot move.")})
    before = snapshot(case, CASE_FIELDS)
    old = case.organization.name
    case.organization = to
    case.save(update_fields=["organization"])
    record(
        by,
        AuditAction.MOVE,
        case,
        diff(before, case),
        note=_("From “{old}” to “{new}”.").format(old=old, new=to.name),
    )
    return case


@transaction.atomic
def confirm_criteria(case: Case, *, by: Actor, criterion_ids: Iterable[int]) -> Case:
    """The cell confirms which local criteria (E6) the person meets."""
    case = _lock(case)
    allowed = {c.pk: c for c in evaluation.applicable_criteria(case)}
    chosen = [allowed[pk] for pk in criterion_ids if pk in allowed]
    before = sorted(case.confirmed_criteria.values_list("pk", flat=True))
    case.confirmed_criteria.set(chosen)
    record(
        by, AuditAction.UPDATE, case, {"confirmed_criteria": [before, sorted(c.pk for c in chosen)]}
    )
    return case


@transaction.atomic
def add_local_criterion(*, by: Actor, organization: Organization, text: str) -> LocalCriterion:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": _("Write the criterion.")})
    criterion = LocalCriterion.objects.create(organization=organization, text=text)
    record(
        by,
        AuditAction.CREATE,
        criterion,
        {"organization": [None, organization.pk], "text": [None, text]},
    )
    return criterion


@transaction.atomic
def retire_local_criterion(criterion: LocalCriterion, *, by: Actor) -> LocalCriterion:
    criterion.active = False
    criterion.save(update_fields=["active"])
    record(by, AuditAction.UPDATE, criterion, {"active": [True, False]})
    return criterion


# ---------------------------------------------------------------- corrections

# The parts of a dossier that can be removed as a correction, by model.
CORRECTABLE = {
    "introducer": Introducer,
    "verification": Verification,
    "helper": Helper,
    "consent": Consent,
    "comment": Comment,
    "document": CaseDocument,
}


def _part_text(row: Any) -> str:
    """A dossier row's values in words, as the audit keeps them for a
    removed row (each field's name and value, dates as dd/mm/yyyy)."""
    shown = []
    for f in row._meta.concrete_fields:
        if f.name in ("id", "case"):
            continue
        if f.choices:
            value: Any = getattr(row, f"get_{f.name}_display")()
        elif f.is_relation:
            value = getattr(row, f.name)
        else:
            value = getattr(row, f.attname)
        if isinstance(value, datetime.date):
            value = value.strftime("%d/%m/%Y")
        elif hasattr(value, "name") and not isinstance(value, str | Member):  # a stored file
            value = value.name
        if value in (None, "", False):
            continue
        shown.append(f"{f.verbose_name}: {'✓' if value is True else value}")
    return "; ".join(shown)


@transaction.atomic
def remove_part(case: Case, *, by: Actor, part: str, pk: int, reason: str) -> None:
    """Remove a wrongly recorded part of an open case's dossier (an
    introducer, a verification, a helper, a consent, a comment or a
    document), with the reason; the audit keeps every value it had, and the
    case's history shows the correction. Steps already taken keep the
    outcomes they were checked with. Raises ValidationError without a
    reason or on a closed case, LookupError for a part the case lacks."""
    if part not in CORRECTABLE:
        raise LookupError(part)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    case = _lock(case)
    if case.is_closed:
        raise ValidationError({"reason": _("The case is closed: its dossier is kept as it was.")})
    row = CORRECTABLE[part]._default_manager.filter(case=case, pk=pk).first()
    if row is None:
        raise LookupError(pk)
    old = _part_text(row)
    row.delete()
    record(
        by,
        AuditAction.UPDATE,
        case,
        {f"removed:{part}": [old, None]},
        note=_("Correction: {part} removed. Reason: {reason}").format(
            part=part_label(part), reason=reason.strip()
        ),
    )
