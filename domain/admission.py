"""The admission workflow as pure rules: stages, the transition table, the
rule checks of RULES.md (E*, D*, V*, T*, P*) and the deadlines.

Every check returns an Outcome value: the rule id, a reason key, parameters,
the policy version applied and its regulation reference. The Django layer
turns (rule, reason, params) into a Vietnamese sentence
(apps.admissions.messages) — this module never formats text for people.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from .calendar import WorkingCalendar
from .dates import add_months, completed_months, months_reached_on
from .policy import CeremonyClock, Policy


class Stage(StrEnum):
    CANDIDATE = "candidate"
    TRAINED = "trained"
    DOSSIER = "dossier"
    CELL_RESOLVED = "cell_resolved"
    APPRAISED = "appraised"
    COMMITTEE_RESOLVED = "committee_resolved"
    ADMITTED = "admitted"
    PROBATIONARY = "probationary"
    RECOGNITION_CELL_RESOLVED = "recognition_cell_resolved"
    RECOGNITION_APPRAISED = "recognition_appraised"
    RECOGNITION_COMMITTEE_RESOLVED = "recognition_committee_resolved"
    FULL_MEMBER = "full_member"
    # The cell has proposed removing a probationary member from the list
    # (RULES P4); the competent committee decides, as for the admission.
    REMOVAL_PROPOSED = "removal_proposed"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"
    REMOVED = "removed"
    DECEASED = "deceased"


PIPELINE = (
    Stage.CANDIDATE,
    Stage.TRAINED,
    Stage.DOSSIER,
    Stage.CELL_RESOLVED,
    Stage.APPRAISED,
    Stage.COMMITTEE_RESOLVED,
    Stage.ADMITTED,
    Stage.PROBATIONARY,
    Stage.RECOGNITION_CELL_RESOLVED,
    Stage.RECOGNITION_APPRAISED,
    Stage.RECOGNITION_COMMITTEE_RESOLVED,
    Stage.FULL_MEMBER,
)
CLOSED = frozenset(
    {Stage.FULL_MEMBER, Stage.WITHDRAWN, Stage.REJECTED, Stage.REMOVED, Stage.DECEASED}
)
BEFORE_ADMISSION = frozenset(PIPELINE[: PIPELINE.index(Stage.ADMITTED)])
# Stages of the main path during probation: the cell may propose removal from each.
PROBATION_PATH = frozenset(
    PIPELINE[PIPELINE.index(Stage.PROBATIONARY) : PIPELINE.index(Stage.FULL_MEMBER)]
)
# Every stage in which the person is a probationary member.
IN_PROBATION = PROBATION_PATH | {Stage.REMOVAL_PROPOSED}


class Action(StrEnum):
    RECORD_CERTIFICATE = "record_certificate"
    OPEN_DOSSIER = "open_dossier"
    CELL_VOTE = "cell_vote"
    APPRAISE = "appraise"
    COMMITTEE_RESOLVE = "committee_resolve"
    DECIDE_ADMISSION = "decide_admission"
    HOLD_CEREMONY = "hold_ceremony"
    RECOGNITION_VOTE = "recognition_vote"
    RECOGNITION_APPRAISE = "recognition_appraise"
    RECOGNITION_COMMITTEE_RESOLVE = "recognition_committee_resolve"
    DECIDE_RECOGNITION = "decide_recognition"
    WITHDRAW = "withdraw"
    REJECT = "reject"
    PROPOSE_REMOVAL = "propose_removal"
    REMOVE = "remove"
    DECLINE_REMOVAL = "decline_removal"
    DECEASE = "decease"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset[Stage]
    target: Stage
    needs_intermediate: bool | None = None  # None: either way


TRANSITIONS = (
    Transition(Action.RECORD_CERTIFICATE, frozenset({Stage.CANDIDATE}), Stage.TRAINED),
    Transition(Action.OPEN_DOSSIER, frozenset({Stage.TRAINED}), Stage.DOSSIER),
    Transition(Action.CELL_VOTE, frozenset({Stage.DOSSIER}), Stage.CELL_RESOLVED),
    Transition(Action.APPRAISE, frozenset({Stage.CELL_RESOLVED}), Stage.APPRAISED, True),
    Transition(
        Action.COMMITTEE_RESOLVE, frozenset({Stage.CELL_RESOLVED}), Stage.COMMITTEE_RESOLVED, False
    ),
    Transition(
        Action.COMMITTEE_RESOLVE, frozenset({Stage.APPRAISED}), Stage.COMMITTEE_RESOLVED, True
    ),
    Transition(Action.DECIDE_ADMISSION, frozenset({Stage.COMMITTEE_RESOLVED}), Stage.ADMITTED),
    Transition(Action.HOLD_CEREMONY, frozenset({Stage.ADMITTED}), Stage.PROBATIONARY),
    Transition(
        Action.RECOGNITION_VOTE, frozenset({Stage.PROBATIONARY}), Stage.RECOGNITION_CELL_RESOLVED
    ),
    Transition(
        Action.RECOGNITION_APPRAISE,
        frozenset({Stage.RECOGNITION_CELL_RESOLVED}),
        Stage.RECOGNITION_APPRAISED,
        True,
    ),
    Transition(
        Action.RECOGNITION_COMMITTEE_RESOLVE,
        frozenset({Stage.RECOGNITION_CELL_RESOLVED}),
        Stage.RECOGNITION_COMMITTEE_RESOLVED,
        False,
    ),
    Transition(
        Action.RECOGNITION_COMMITTEE_RESOLVE,
        frozenset({Stage.RECOGNITION_APPRAISED}),
        Stage.RECOGNITION_COMMITTEE_RESOLVED,
        True,
    ),
    Transition(
        Action.DECIDE_RECOGNITION,
        frozenset({Stage.RECOGNITION_COMMITTEE_RESOLVED}),
        Stage.FULL_MEMBER,
    ),
    Transition(Action.WITHDRAW, BEFORE_ADMISSION, Stage.WITHDRAWN),
    Transition(Action.REJECT, BEFORE_ADMISSION, Stage.REJECTED),
    # RULES P4: removal from the probationary list undoes an admission, so it
    # is decided like one — proposed by the cell, decided by the competent
    # committee (V5), which may instead keep the member on probation (the case
    # goes back to the stage it was proposed from: see stage_before_proposal).
    Transition(Action.PROPOSE_REMOVAL, PROBATION_PATH, Stage.REMOVAL_PROPOSED),
    Transition(Action.REMOVE, frozenset({Stage.REMOVAL_PROPOSED}), Stage.REMOVED),
    Transition(Action.DECLINE_REMOVAL, frozenset({Stage.REMOVAL_PROPOSED}), Stage.PROBATIONARY),
    Transition(
        Action.DECEASE,
        (frozenset(PIPELINE) - {Stage.FULL_MEMBER}) | {Stage.REMOVAL_PROPOSED},
        Stage.DECEASED,
    ),
)
# Actions that leave the main path (a case on hold may still take them).
OFF_RAMPS = frozenset(
    {Action.WITHDRAW, Action.REJECT, Action.PROPOSE_REMOVAL, Action.REMOVE, Action.DECEASE}
)
ON_HOLD_ACTIONS = OFF_RAMPS | {Action.DECLINE_REMOVAL}
# Actions of a committee (grassroots, intermediate or the competent body of
# V5), not of the cell: resolutions, decisions, and the decision on a
# proposed removal.
COMMITTEE_ACTIONS = frozenset(
    {
        Action.APPRAISE,
        Action.COMMITTEE_RESOLVE,
        Action.DECIDE_ADMISSION,
        Action.RECOGNITION_APPRAISE,
        Action.RECOGNITION_COMMITTEE_RESOLVE,
        Action.DECIDE_RECOGNITION,
        Action.REMOVE,
        Action.DECLINE_REMOVAL,
    }
)


def transition_for(stage: Stage, action: Action, has_intermediate: bool) -> Transition | None:
    for t in TRANSITIONS:
        if (
            t.action == action
            and stage in t.sources
            and t.needs_intermediate in (None, has_intermediate)
        ):
            return t
    return None


def allowed_actions(stage: Stage, has_intermediate: bool, on_hold: bool = False) -> list[Action]:
    """Actions possible from `stage`, the main-path step first."""
    actions = [
        t.action
        for t in TRANSITIONS
        if stage in t.sources and t.needs_intermediate in (None, has_intermediate)
    ]
    if on_hold:
        actions = [a for a in actions if a in ON_HOLD_ACTIONS]
    return list(dict.fromkeys(actions))


def main_action(stage: Stage, has_intermediate: bool, on_hold: bool = False) -> Action | None:
    """The step the case is waiting for: the main-path step, or, for a
    proposed removal, the committee's decision on it."""
    if stage == Stage.REMOVAL_PROPOSED:
        return Action.REMOVE
    actions = allowed_actions(stage, has_intermediate, on_hold)
    return next((a for a in actions if a not in OFF_RAMPS), None)


def may_take(action: Action, *, cell: bool, committee: bool) -> bool:
    """Who takes a step: a committee's action needs the right to decide
    (`committee`), every other the right to change the cell's cases (`cell`)."""
    return committee if action in COMMITTEE_ACTIONS else cell


class Severity(StrEnum):
    PASS = "pass"
    WARN = "warn"
    BLOCK = "block"


@dataclass(frozen=True)
class Outcome:
    rule: str
    severity: Severity
    reason: str
    params: dict[str, Any] = field(default_factory=dict)
    policy: str = ""
    reference: str = ""


def _out(policy: Policy, rule: str, severity: Severity, reason: str, **params: Any) -> Outcome:
    return Outcome(rule, severity, reason, params, policy.code, policy.reference(rule))


# ---------------------------------------------------------------- facts


@dataclass(frozen=True)
class Introducer:
    """RULES D5: a full member who worked, studied or lived with the
    applicant in the same unit for at least 12 months."""

    name: str
    full_since: datetime.date | None  # None: not a full member
    together_since: datetime.date
    introduced_on: datetime.date
    key: str = ""  # who the member is (a record id); the name when empty

    @property
    def identity(self) -> str:
        return self.key or self.name.strip().casefold()


@dataclass(frozen=True)
class Verification:
    """RULES D3: one person whose history is verified."""

    relation: str
    concluded_on: datetime.date | None
    exempt: bool = False  # a fully declared party member relative

    @property
    def is_applicant(self) -> bool:
        """Whether this row verifies the applicant's own history."""
        return " ".join(self.relation.split()).casefold() in APPLICANT_RELATIONS


# How a verification of the applicant's own history is named (RULES D3:
# the applicant is verified, not only the relatives).
APPLICANT_RELATIONS = frozenset({"bản thân", "ban than", "người vào đảng", "applicant", "self"})


@dataclass(frozen=True)
class Facts:
    """What the eligibility and dossier rules read. `is_citizen` and
    `education_ok` are None when nobody has said: unknown blocks (E1, E4),
    it never passes."""

    date_of_birth: datetime.date
    is_citizen: bool | None = True
    education_ok: bool | None = True
    education_exception: bool = False
    education_consent: bool = False
    over_age_consent: bool = False
    awareness_certificate_on: datetime.date | None = None
    application_on: datetime.date | None = None
    personal_history_on: datetime.date | None = None
    comments_on: datetime.date | None = None
    cell_comment_on: datetime.date | None = None
    verifications: tuple[Verification, ...] = ()
    introducers: tuple[Introducer, ...] = ()
    youth_union_exists: bool = False
    youth_union_member: bool = False
    youth_union_resolution_on: datetime.date | None = None
    trade_union_resolution_on: datetime.date | None = None
    trade_union_member: bool = False
    local_criteria_unmet: tuple[str, ...] = ()


# ---------------------------------------------------------------- eligibility


def eligibility(facts: Facts, vote_on: datetime.date, policy: Policy) -> list[Outcome]:
    """E1–E6, checked on the date of the cell's vote."""
    out = []
    if facts.is_citizen is None:
        out.append(_out(policy, "E1", Severity.BLOCK, "unknown"))
    elif facts.is_citizen:
        out.append(_out(policy, "E1", Severity.PASS, "citizen"))
    else:
        out.append(_out(policy, "E1", Severity.BLOCK, "not_citizen"))
    months = completed_months(facts.date_of_birth, vote_on)
    if months >= policy.min_age_months:
        out.append(
            _out(
                policy, "E2", Severity.PASS, "old_enough", months=months, min=policy.min_age_months
            )
        )
    else:
        out.append(
            _out(
                policy,
                "E2",
                Severity.BLOCK,
                "too_young",
                months=months,
                min=policy.min_age_months,
                from_day=months_reached_on(facts.date_of_birth, policy.min_age_months),
            )
        )
    if months <= policy.max_age_months:
        out.append(
            _out(
                policy,
                "E3",
                Severity.PASS,
                "not_over_age",
                months=months,
                max=policy.max_age_months,
            )
        )
    elif facts.over_age_consent:
        out.append(
            _out(
                policy,
                "E3",
                Severity.WARN,
                "over_age_with_consent",
                months=months,
                max=policy.max_age_months,
            )
        )
    else:
        out.append(
            _out(policy, "E3", Severity.BLOCK, "over_age", months=months, max=policy.max_age_months)
        )
    if facts.education_ok is None:
        out.append(_out(policy, "E4", Severity.BLOCK, "unknown"))
    elif facts.education_ok:
        out.append(_out(policy, "E4", Severity.PASS, "education_ok"))
    elif facts.education_exception and facts.education_consent:
        out.append(_out(policy, "E4", Severity.WARN, "education_exception"))
    else:
        out.append(_out(policy, "E4", Severity.BLOCK, "education_missing"))
    out.append(certificate_check(facts.awareness_certificate_on, vote_on, policy))
    if facts.local_criteria_unmet:
        out.append(
            _out(
                policy,
                "E6",
                Severity.BLOCK,
                "local_unmet",
                criteria="; ".join(facts.local_criteria_unmet),
            )
        )
    else:
        out.append(_out(policy, "E6", Severity.PASS, "local_met"))
    return out


def certificate_valid_until(issued_on: datetime.date, policy: Policy) -> datetime.date:
    return add_months(issued_on, policy.certificate_validity_months)


def certificate_check(
    issued_on: datetime.date | None, vote_on: datetime.date, policy: Policy
) -> Outcome:
    """E5: the awareness certificate was issued at most N months before the vote."""
    if issued_on is None:
        return _out(policy, "E5", Severity.BLOCK, "no_certificate")
    if issued_on > vote_on:
        return _out(policy, "E5", Severity.BLOCK, "certificate_after_vote", issued=issued_on)
    until = certificate_valid_until(issued_on, policy)
    if vote_on > until:
        return _out(
            policy, "E5", Severity.BLOCK, "certificate_expired", issued=issued_on, until=until
        )
    return _out(policy, "E5", Severity.PASS, "certificate_valid", issued=issued_on, until=until)


# ---------------------------------------------------------------- dossier


def _document(
    policy: Policy, rule: str, received: datetime.date | None, vote_on: datetime.date
) -> Outcome:
    if received is None or received > vote_on:
        return _out(policy, rule, Severity.BLOCK, "missing")
    return _out(policy, rule, Severity.PASS, "received", received=received)


def _member_introducer(policy: Policy, rule: str, intro: Introducer) -> Outcome | None:
    if intro.full_since is None or intro.full_since > intro.introduced_on:
        return _out(policy, rule, Severity.BLOCK, "introducer_not_full", name=intro.name)
    months = completed_months(intro.together_since, intro.introduced_on)
    if months < policy.introducer_months:
        return _out(
            policy,
            rule,
            Severity.BLOCK,
            "introducer_too_short",
            name=intro.name,
            months=months,
            min=policy.introducer_months,
        )
    return None


def dossier(facts: Facts, vote_on: datetime.date, policy: Policy) -> list[Outcome]:
    """D1–D8, before the cell's vote."""
    out = [
        _document(policy, "D1", facts.application_on, vote_on),
        _document(policy, "D2", facts.personal_history_on, vote_on),
    ]
    pending = [
        v.relation
        for v in facts.verifications
        if not v.exempt and (v.concluded_on is None or v.concluded_on > vote_on)
    ]
    if not facts.verifications:
        out.append(_out(policy, "D3", Severity.BLOCK, "no_verification"))
    elif not any(v.is_applicant for v in facts.verifications):
        out.append(_out(policy, "D3", Severity.BLOCK, "no_applicant_verification"))
    elif pending:
        out.append(
            _out(policy, "D3", Severity.BLOCK, "verification_pending", relations=", ".join(pending))
        )
    else:
        out.append(_out(policy, "D3", Severity.PASS, "verified"))
    concluded = [
        v.concluded_on
        for v in facts.verifications
        if v.concluded_on and not v.exempt and v.concluded_on <= vote_on
    ]
    if facts.cell_comment_on is None:
        out.append(_out(policy, "D4", Severity.BLOCK, "no_cell_comment"))
    elif facts.cell_comment_on > vote_on:
        out.append(
            _out(
                policy,
                "D4",
                Severity.BLOCK,
                "comment_after_vote",
                comment=facts.cell_comment_on,
                vote=vote_on,
            )
        )
    elif concluded and facts.cell_comment_on < max(concluded):
        out.append(
            _out(
                policy,
                "D4",
                Severity.BLOCK,
                "comment_before_verification",
                comment=facts.cell_comment_on,
                verified=max(concluded),
            )
        )
    else:
        out.append(_out(policy, "D4", Severity.PASS, "comment_after_verification"))
    out.extend(introduction(facts, vote_on, policy))
    out.append(_document(policy, "D8", facts.comments_on, vote_on))
    return out


def introduction(facts: Facts, vote_on: datetime.date, policy: Policy) -> list[Outcome]:
    """D5 (two full members), or D6 (Youth Union resolution + one member) for
    youth where a Youth Union exists, or D7 (trade union resolution + one
    member) where none exists."""
    youth = completed_months(facts.date_of_birth, vote_on) < (policy.youth_max_age_years + 1) * 12
    if youth and facts.youth_union_exists:
        rule = "D6"
        problems = []
        if not facts.youth_union_member:
            problems.append(_out(policy, rule, Severity.BLOCK, "not_youth_union_member"))
        if facts.youth_union_resolution_on is None:
            problems.append(_out(policy, rule, Severity.BLOCK, "no_youth_union_resolution"))
        needed = 1
    elif facts.trade_union_resolution_on is not None and not facts.youth_union_exists:
        rule, problems, needed = "D7", [], 1
        if not facts.trade_union_member:
            problems.append(_out(policy, rule, Severity.BLOCK, "not_trade_union_member"))
        if facts.trade_union_resolution_on > vote_on:
            problems.append(
                _out(
                    policy,
                    rule,
                    Severity.BLOCK,
                    "resolution_after_vote",
                    on=facts.trade_union_resolution_on,
                )
            )
    else:
        rule, problems, needed = "D5", [], 2
    if (
        rule == "D6"
        and facts.youth_union_resolution_on
        and facts.youth_union_resolution_on > vote_on
    ):
        problems.append(
            _out(
                policy,
                rule,
                Severity.BLOCK,
                "resolution_after_vote",
                on=facts.youth_union_resolution_on,
            )
        )
    # an introduction counts once, and only if made by the vote date
    members: list[Introducer] = []
    seen: set[str] = set()
    for intro in facts.introducers:
        if intro.identity in seen:
            problems.append(
                _out(policy, rule, Severity.BLOCK, "duplicate_introducer", name=intro.name)
            )
            continue
        seen.add(intro.identity)
        if intro.introduced_on > vote_on:
            problems.append(
                _out(
                    policy,
                    rule,
                    Severity.BLOCK,
                    "introduced_after_vote",
                    name=intro.name,
                    on=intro.introduced_on,
                )
            )
            continue
        members.append(intro)
    if len(members) < needed:
        problems.append(
            _out(
                policy,
                rule,
                Severity.BLOCK,
                "too_few_introducers",
                needed=needed,
                given=len(members),
            )
        )
    for intro in members[:needed]:
        problem = _member_introducer(policy, rule, intro)
        if problem:
            problems.append(problem)
    return problems or [_out(policy, rule, Severity.PASS, "introduced")]


# ---------------------------------------------------------------- re-admission


class ExitReason(StrEnum):
    """How a person re-applying for admission left the Party (RULES T6)."""

    ORDINARY = "ordinary"  # e.g. removed from the rolls, lost contact after a move
    HARDSHIP = "hardship"  # asked to leave because of hardship
    EXPUNGED_CONVICTION = "expunged_conviction"  # a less serious conviction, since expunged
    ABANDONED = "abandoned"  # left by abandoning party activity
    ASKED_TO_LEAVE = "asked_to_leave"  # asked to leave (not for hardship)
    DISUNITY = "disunity"  # caused serious disunity
    CORRUPTION = "corruption"  # convicted of corruption
    SERIOUS_CRIME = "serious_crime"  # convicted of a serious crime


NEVER_READMITTED = frozenset(
    {
        ExitReason.ABANDONED,
        ExitReason.ASKED_TO_LEAVE,
        ExitReason.DISUNITY,
        ExitReason.CORRUPTION,
        ExitReason.SERIOUS_CRIME,
    }
)


@dataclass(frozen=True)
class Readmission:
    left_on: datetime.date
    exit_reason: ExitReason
    expunged_on: datetime.date | None = None
    readmitted_before: bool = False
    province_consent: bool = False


def readmission(r: Readmission, vote_on: datetime.date, policy: Policy) -> list[Outcome]:
    """T6: at least 36 months out of the Party (60 after a less serious
    conviction is expunged), the province standing committee's consent, once
    only, and never for the excluded ways of leaving."""
    if r.exit_reason in NEVER_READMITTED:
        return [_out(policy, "T6", Severity.BLOCK, "excluded", how=r.exit_reason.value)]
    out = []
    if r.readmitted_before:
        out.append(_out(policy, "T6", Severity.BLOCK, "once_only"))
    if r.exit_reason == ExitReason.EXPUNGED_CONVICTION:
        if r.expunged_on is None:
            out.append(_out(policy, "T6", Severity.BLOCK, "no_expunged_date"))
        else:
            months = completed_months(r.expunged_on, vote_on)
            if months < policy.readmission_after_conviction_months:
                out.append(
                    _out(
                        policy,
                        "T6",
                        Severity.BLOCK,
                        "too_soon_after_conviction",
                        months=months,
                        min=policy.readmission_after_conviction_months,
                        from_day=add_months(
                            r.expunged_on, policy.readmission_after_conviction_months
                        ),
                    )
                )
    months_out = completed_months(r.left_on, vote_on)
    if months_out < policy.readmission_months:
        out.append(
            _out(
                policy,
                "T6",
                Severity.BLOCK,
                "too_soon",
                months=months_out,
                min=policy.readmission_months,
                from_day=add_months(r.left_on, policy.readmission_months),
            )
        )
    if not r.province_consent:
        out.append(_out(policy, "T6", Severity.BLOCK, "no_consent"))
    return out or [_out(policy, "T6", Severity.PASS, "readmission_ok", months=months_out)]


# ---------------------------------------------------------------- votes


class Attendance(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    TRANSFERRED = "transferred"  # on temporary transfer elsewhere
    EXEMPT_ABSENT = "exempt_absent"  # exempted from activities, not attending
    EXEMPT_PRESENT = "exempt_present"  # exempted but attending: counts


@dataclass(frozen=True)
class VoteResult:
    official_members: int
    denominator: int
    required: int
    yes: int
    no: int
    abstain: int
    passed: bool
    outcomes: tuple[Outcome, ...]


def required_yes(denominator: int, policy: Policy) -> int:
    """⌈numerator/denominator × members⌉ in integers (2/3 of 9 = 6, of 10 = 7)."""
    return -(-policy.vote_numerator * denominator // policy.vote_denominator)


def count_vote(
    attendance: Iterable[Attendance], yes: int, no: int, abstain: int, policy: Policy
) -> VoteResult:
    """V1–V3. `attendance` has one entry per official member of the cell;
    probationary members are never listed (they do not vote)."""
    rows = list(attendance)
    official = len(rows)
    denominator = sum(
        1 for a in rows if a not in (Attendance.TRANSFERRED, Attendance.EXEMPT_ABSENT)
    )
    present = sum(1 for a in rows if a in (Attendance.PRESENT, Attendance.EXEMPT_PRESENT))
    required = required_yes(denominator, policy)
    outcomes = []
    if min(yes, no, abstain) < 0 or yes + no + abstain > present:
        outcomes.append(
            _out(
                policy,
                "V2",
                Severity.BLOCK,
                "more_votes_than_present",
                votes=yes + no + abstain,
                present=present,
            )
        )
    if official < policy.min_official_members:
        outcomes.append(
            _out(
                policy,
                "V3",
                Severity.BLOCK if policy.min_official_members_blocks else Severity.WARN,
                "too_few_members",
                official=official,
                min=policy.min_official_members,
            )
        )
    passed = denominator > 0 and yes >= required
    outcomes.append(
        _out(
            policy,
            "V1",
            Severity.PASS if passed else Severity.WARN,
            "passed" if passed else "not_passed",
            yes=yes,
            required=required,
            denominator=denominator,
            numerator=policy.vote_numerator,
            fraction=policy.vote_denominator,
        )
    )
    return VoteResult(official, denominator, required, yes, no, abstain, passed, tuple(outcomes))


def escalation(failed_votes: int, policy: Policy) -> Outcome | None:
    """V6: after the limit of failed recognition votes the case goes up."""
    if failed_votes >= policy.failed_vote_limit:
        return _out(
            policy,
            "V6",
            Severity.WARN,
            "escalate",
            failed=failed_votes,
            limit=policy.failed_vote_limit,
        )
    return None


# ---------------------------------------------------------------- deadlines


@dataclass(frozen=True)
class Deadline:
    rule: str
    start: datetime.date
    due: datetime.date
    done_on: datetime.date | None
    extended: bool = False

    def days_left(self, today: datetime.date, calendar: WorkingCalendar) -> int:
        return calendar.working_days_between(today, self.due)

    def overdue(self, today: datetime.date) -> bool:
        if self.done_on is not None:
            return self.done_on > self.due
        return today > self.due


@dataclass(frozen=True)
class Timeline:
    """The dates of a case that the deadlines read."""

    cell_resolution_on: datetime.date | None = None
    decision_on: datetime.date | None = None
    decision_extended: bool = False
    decision_received_on: datetime.date | None = None
    ceremony_on: datetime.date | None = None
    recognition_resolution_on: datetime.date | None = None
    recognition_decision_on: datetime.date | None = None
    recognition_extended: bool = False


def probation_end(ceremony_on: datetime.date, policy: Policy) -> datetime.date:
    """T3: the day full membership takes effect, however late the vote."""
    return add_months(ceremony_on, policy.probation_months)


def deadlines(t: Timeline, policy: Policy, calendar: WorkingCalendar) -> list[Deadline]:
    out = []
    if t.cell_resolution_on:
        days = policy.decision_wd + (policy.decision_extension_wd if t.decision_extended else 0)
        out.append(
            Deadline(
                "T1",
                t.cell_resolution_on,
                calendar.add_working_days(t.cell_resolution_on, days),
                t.decision_on,
                t.decision_extended,
            )
        )
    clock = (
        t.decision_received_on if policy.ceremony_clock == CeremonyClock.RECEIVED else t.decision_on
    )
    if clock:
        out.append(
            Deadline(
                "T2", clock, calendar.add_working_days(clock, policy.ceremony_wd), t.ceremony_on
            )
        )
    if t.ceremony_on:
        end = probation_end(t.ceremony_on, policy)
        out.append(
            Deadline(
                "T4",
                end,
                calendar.add_working_days(end, policy.recognition_consider_wd),
                t.recognition_resolution_on,
            )
        )
    if t.recognition_resolution_on:
        days = policy.recognition_decision_wd + (
            policy.recognition_extension_wd if t.recognition_extended else 0
        )
        out.append(
            Deadline(
                "T5",
                t.recognition_resolution_on,
                calendar.add_working_days(t.recognition_resolution_on, days),
                t.recognition_decision_on,
                t.recognition_extended,
            )
        )
    return out


def blocking(outcomes: Iterable[Outcome]) -> list[Outcome]:
    return [o for o in outcomes if o.severity == Severity.BLOCK]


# ---------------------------------------------------------------- state


@dataclass(frozen=True)
class CaseState:
    """The part of a case the transition rules read: its stage and the dated
    steps so far (oldest first)."""

    stage: Stage = Stage.CANDIDATE
    steps: tuple[tuple[Action, Stage, datetime.date], ...] = ()

    @property
    def last_date(self) -> datetime.date | None:
        return self.steps[-1][2] if self.steps else None


class StepRefused(Exception):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.reason)
        self.outcome = outcome


def apply_step(
    state: CaseState,
    action: Action,
    on: datetime.date,
    has_intermediate: bool,
    policy: Policy,
    *,
    target: Stage | None = None,
) -> CaseState:
    """The next state, or StepRefused: the action must be allowed from the
    stage, and a step may not be dated before the previous one. `target`
    overrides the destination for a vote that did not pass (it stays)."""
    transition = transition_for(state.stage, action, has_intermediate)
    if transition is None:
        raise StepRefused(
            _out(policy, "FLOW", Severity.BLOCK, "not_allowed", stage=state.stage, action=action)
        )
    if state.last_date is not None and on < state.last_date:
        raise StepRefused(
            _out(
                policy,
                "FLOW",
                Severity.BLOCK,
                "date_before_previous",
                on=on,
                previous=state.last_date,
            )
        )
    if target is None and action == Action.DECLINE_REMOVAL:
        target = stage_before_proposal(state)
    new_stage = target or transition.target
    return CaseState(new_stage, (*state.steps, (action, new_stage, on)))


def stage_before_proposal(state: CaseState) -> Stage:
    """The stage a case was in when the cell proposed its removal (where a
    declined proposal returns it); probationary if the steps do not say."""
    for i in range(len(state.steps) - 1, -1, -1):
        if state.steps[i][0] == Action.PROPOSE_REMOVAL:
            return state.steps[i - 1][1] if i > 0 else Stage.PROBATIONARY
    return Stage.PROBATIONARY


def intermediate_only_stages() -> frozenset[Stage]:
    """The stages a case reaches only through an intermediate committee
    (đảng ủy bộ phận, RULES V4): the appraisals. A cell whose grassroots
    committee is its direct parent never has a case in them, so its board
    does not show them. Returns a frozenset of Stage."""
    via_intermediate = {t.target for t in TRANSITIONS if t.needs_intermediate is True}
    otherwise = {t.target for t in TRANSITIONS if t.needs_intermediate is not True}
    return frozenset(via_intermediate - otherwise)


# ---------------------------------------------------------------- probation


# The documents of the full-membership dossier (RULES P3), by code.
PROBATION_DOCUMENTS = ("self_review", "helper_comment", "probation_comments")


@dataclass(frozen=True)
class ProbationFacts:
    """What P1–P3 and T4's start read, before the recognition vote:
    the ceremony date, the dates helpers were assigned, and the date each
    dossier document (by code) was received."""

    ceremony_on: datetime.date | None
    helpers_assigned: tuple[datetime.date, ...] = ()
    documents: dict[str, datetime.date] = field(default_factory=dict)
    certificate_on: datetime.date | None = None  # the new-member theory course


def probation(facts: ProbationFacts, vote_on: datetime.date, policy: Policy) -> list[Outcome]:
    """T4 (not before probation ends), P1 (a helper assigned by the vote
    date), P2 (the new-member course certificate dated on or before the
    vote) and P3 (the dossier documents received by the vote date)."""
    out = []
    if facts.ceremony_on is not None:
        end = probation_end(facts.ceremony_on, policy)
        if vote_on < end:
            out.append(_out(policy, "T4", Severity.BLOCK, "too_early", end=end))
    if not any(day <= vote_on for day in facts.helpers_assigned):
        out.append(_out(policy, "P1", Severity.BLOCK, "no_helper"))
    if facts.certificate_on is None:
        out.append(_out(policy, "P2", Severity.BLOCK, "no_certificate"))
    elif facts.certificate_on > vote_on:
        out.append(
            _out(
                policy,
                "P2",
                Severity.BLOCK,
                "certificate_after_vote",
                issued=facts.certificate_on,
                vote=vote_on,
            )
        )
    missing = [
        code
        for code in PROBATION_DOCUMENTS
        if code not in facts.documents or facts.documents[code] > vote_on
    ]
    if missing:
        out.append(_out(policy, "P3", Severity.BLOCK, "missing", documents=tuple(missing)))
    return out


# ---------------------------------------------------------------- lateness


# The deadline each step answers (RULES T1, T2, T4, T5), and whether a late
# step waits for a recorded consent (extension / reason): T1, T2 and T5 do;
# a late recognition vote (T4) is recorded with a warning.
DEADLINE_OF = {
    Action.DECIDE_ADMISSION: "T1",
    Action.HOLD_CEREMONY: "T2",
    Action.RECOGNITION_VOTE: "T4",
    Action.DECIDE_RECOGNITION: "T5",
}
LATE_NEEDS_CONSENT = frozenset({"T1", "T2", "T5"})


def lateness(
    action: Action, on: datetime.date, due: datetime.date | None, consent: bool, policy: Policy
) -> Outcome | None:
    """The outcome of taking `action` on `on` against its deadline `due`
    (None: no deadline running): None when on time; for T1, T2 and T5 a
    block until the consent (`consent`: an extension or the upper
    committee's reason, recorded) and a warning with it; for T4 a warning."""
    rule = DEADLINE_OF.get(action)
    if rule is None or due is None or on <= due:
        return None
    if rule not in LATE_NEEDS_CONSENT:
        return _out(policy, rule, Severity.WARN, "late", due=due)
    if consent:
        return _out(policy, rule, Severity.WARN, "late_with_consent", due=due)
    return _out(policy, rule, Severity.BLOCK, "late", due=due)


# ---------------------------------------------------------------- one step


# Where a vote that did not pass leaves the case: the cell's vote closes it
# as not qualified; a failed recognition vote keeps the member on probation.
FAILED_VOTE_STAGE = {Action.CELL_VOTE: Stage.REJECTED, Action.RECOGNITION_VOTE: Stage.PROBATIONARY}


@dataclass(frozen=True)
class StepDecision:
    """The domain's answer to one step: whether it may be taken, every
    outcome (checks, vote, lateness, escalation), and the stage it leads to
    (None: the transition table's target)."""

    action: Action
    allowed: bool
    outcomes: tuple[Outcome, ...]
    target: Stage | None = None
    failed_votes: int | None = None  # the new count after a failed recognition vote

    @property
    def refusals(self) -> list[Outcome]:
        return blocking(self.outcomes)


def decide_step(
    action: Action,
    on: datetime.date,
    policy: Policy,
    *,
    checks: Iterable[Outcome] = (),
    vote: VoteResult | None = None,
    late: Outcome | None = None,
    failed_votes: int = 0,
) -> StepDecision:
    """Decide one step from what the rules found: `checks` (eligibility,
    dossier or probation outcomes on the step's date), the counted `vote`
    for a vote step, the `late` outcome (see lateness) and the number of
    failed recognition votes so far. A blocking outcome refuses the step; a
    vote that did not pass moves the case to FAILED_VOTE_STAGE and, for the
    recognition vote, counts towards V6's escalation."""
    outcomes = list(checks)
    if late is not None:
        outcomes.append(late)
    target: Stage | None = None
    count: int | None = None
    if vote is not None:
        outcomes.extend(vote.outcomes)
        if not vote.passed and not blocking(outcomes):
            target = FAILED_VOTE_STAGE[action]
            if action == Action.RECOGNITION_VOTE:
                count = failed_votes + 1
                escalate = escalation(count, policy)
                if escalate:
                    outcomes.append(escalate)
    return StepDecision(action, not blocking(outcomes), tuple(outcomes), target, count)


def dated_deadlines(
    t: Timeline, policy_at: Callable[[datetime.date], Policy], calendar: WorkingCalendar
) -> list[tuple[Deadline, Policy]]:
    """Each deadline of `t` with the policy version that sets it: the one
    in force on the day its clock starts (RULES: T1 the cell's resolution,
    T2 the decision's receipt or signature, T4 the end of probation, T5 the
    recognition resolution). Which event starts T2's clock is read from the
    version in force on the decision; probation's length (T3) from the one
    in force on the ceremony."""
    out = []
    for rule, event in (
        ("T1", t.cell_resolution_on),
        ("T2", t.decision_on),
        ("T4", t.ceremony_on),
        ("T5", t.recognition_resolution_on),
    ):
        if event is None:
            continue
        first = next((x for x in deadlines(t, policy_at(event), calendar) if x.rule == rule), None)
        if first is None:
            continue
        policy = policy_at(first.start)
        found = next((x for x in deadlines(t, policy, calendar) if x.rule == rule), None)
        if found is None or found.start != first.start:
            # the later version starts the clock elsewhere: its length only
            days = {
                "T1": policy.decision_wd
                + (policy.decision_extension_wd if t.decision_extended else 0),
                "T2": policy.ceremony_wd,
                "T4": policy.recognition_consider_wd,
                "T5": policy.recognition_decision_wd
                + (policy.recognition_extension_wd if t.recognition_extended else 0),
            }[rule]
            found = Deadline(
                rule,
                first.start,
                calendar.add_working_days(first.start, days),
                first.done_on,
                first.extended,
            )
        out.append((found, policy))
    return out
