"""Vietnamese sentences for the rule outcomes of domain.admission. One place,
so the form, the API and the pre-flight check say the same thing."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from domain.admission import Outcome

MESSAGES: dict[tuple[str, str], Any] = {
    ("E1", "citizen"): _("Vietnamese citizen."),
    ("E1", "not_citizen"): _("Only a Vietnamese citizen can be admitted."),
    ("E1", "unknown"): _(
        "Citizenship not stated: say whether the applicant is a Vietnamese citizen."
    ),
    ("E4", "unknown"): _("Education not stated: give the applicant's general education."),
    ("E2", "old_enough"): _("Aged {months} completed months on the vote date (at least {min})."),
    ("E2", "too_young"): _(
        "Only {months} completed months old on the vote date; at least {min} are needed (from {from_day})."
    ),
    ("E3", "not_over_age"): _(
        "Not over the age limit ({months} of at most {max} completed months)."
    ),
    ("E3", "over_age"): _(
        "Over the age limit ({months} completed months, at most {max}): the written consent of the province standing committee is required."
    ),
    ("E3", "over_age_with_consent"): _(
        "Over the age limit ({months} completed months), admitted with the province standing committee's consent."
    ),
    ("E4", "education_ok"): _("Education requirement met."),
    ("E4", "education_missing"): _(
        "Lower-secondary education or higher is required, or a recorded exception with consent."
    ),
    ("E4", "education_exception"): _("Education exception, with consent."),
    ("E5", "no_certificate"): _(
        "No awareness class certificate: the candidate must attend the class."
    ),
    ("E5", "certificate_after_vote"): _(
        "The awareness certificate ({issued}) is dated after the vote."
    ),
    ("E5", "certificate_expired"): _(
        "The awareness certificate of {issued} expired on {until}: the candidate needs to retake the class."
    ),
    ("E5", "certificate_valid"): _("Awareness certificate of {issued}, valid until {until}."),
    ("E6", "local_met"): _("Local criteria met."),
    ("E6", "local_unmet"): _("Local criteria not confirmed: {criteria}."),
    ("D1", "missing"): _("The application letter has not been received."),
    ("D1", "received"): _("Application received on {received}."),
    ("D2", "missing"): _("The personal history (2-KNĐ) has not been received."),
    ("D2", "received"): _("Personal history received on {received}."),
    ("D3", "no_verification"): _("No history verification recorded (the applicant and relatives)."),
    ("D3", "no_applicant_verification"): _(
        'The applicant\'s own history verification is not recorded (relation: "Bản thân").'
    ),
    ("D3", "verification_pending"): _("History verification not concluded for: {relations}."),
    ("D3", "verified"): _("History verification concluded."),
    ("D4", "no_cell_comment"): _("The cell committee has not commented on the personal history."),
    ("D4", "comment_before_verification"): _(
        "The cell committee commented on {comment}, before the verification concluded on {verified}."
    ),
    ("D4", "comment_after_vote"): _(
        "The cell committee's comment is dated {comment}, after the vote on {vote}."
    ),
    ("D4", "comment_after_verification"): _("The cell committee commented after the verification."),
    ("D5", "introduced"): _("Introduced by two full members."),
    ("D6", "introduced"): _("Introduced by the Youth Union resolution and one full member."),
    ("D7", "introduced"): _("Introduced by the trade union resolution and one full member."),
    ("D6", "not_youth_union_member"): _(
        "An applicant of youth age must be a Youth Union member where a Youth Union exists."
    ),
    ("D6", "no_youth_union_resolution"): _(
        "The grassroots Youth Union committee's resolution introducing the applicant is missing."
    ),
    **{
        (rule, "too_few_introducers"): _("{given} introducing member(s) recorded; {needed} needed.")
        for rule in ("D5", "D6", "D7")
    },
    **{
        (rule, "introducer_not_full"): _("{name} was not a full member on the introduction date.")
        for rule in ("D5", "D6", "D7")
    },
    **{
        (rule, "introducer_too_short"): _(
            "{name} has worked or lived with the applicant for {months} months; at least {min} are needed."
        )
        for rule in ("D5", "D6", "D7")
    },
    **{
        (rule, "duplicate_introducer"): _(
            "{name} is recorded twice as introducer; they count once."
        )
        for rule in ("D5", "D6", "D7")
    },
    **{
        (rule, "introduced_after_vote"): _(
            "{name}'s introduction is dated {on}, after the vote: it does not count."
        )
        for rule in ("D5", "D6", "D7")
    },
    **{
        (rule, "resolution_after_vote"): _(
            "The introducing resolution is dated {on}, after the vote: it does not count."
        )
        for rule in ("D6", "D7")
    },
    ("D7", "not_trade_union_member"): _(
        "The trade union introduces only its members: the applicant is not recorded as a trade union member."
    ),
    ("D8", "missing"): _(
        "The consolidated comments of the organisations and the residence cell (5-KNĐ) have not been received."
    ),
    ("D8", "received"): _("Consolidated comments received on {received}."),
    ("V1", "passed"): _(
        "Passed: {yes} yes of {denominator} counted members; at least {required} needed ({numerator}/{fraction}, rounded up)."
    ),
    ("V1", "not_passed"): _(
        "Not passed: {yes} yes of {denominator} counted members; at least {required} needed ({numerator}/{fraction}, rounded up)."
    ),
    ("V2", "more_votes_than_present"): _(
        "{votes} votes recorded but only {present} members present."
    ),
    ("V3", "too_few_members"): _(
        "The cell has {official} official members; {min} are needed to hold the vote."
    ),
    ("V6", "escalate"): _(
        "{failed} failed votes (limit {limit}): the case goes to the committee above."
    ),
    ("T6", "excluded"): _("Re-admission is not possible for those who left this way."),
    ("T6", "once_only"): _("A person can be re-admitted only once."),
    ("T6", "no_expunged_date"): _("Give the date the conviction was expunged."),
    ("T6", "too_soon_after_conviction"): _(
        "Only {months} months since the conviction was expunged; {min} are needed (from {from_day})."
    ),
    ("T6", "too_soon"): _(
        "Only {months} months out of the Party; {min} are needed (from {from_day})."
    ),
    ("T6", "no_consent"): _(
        "Re-admission needs the province standing committee's consent, recorded with its document."
    ),
    ("T6", "no_exit"): _("Record when and how the person left the Party."),
    ("T6", "readmission_ok"): _("Re-admission conditions met ({months} months out of the Party)."),
    ("T1", "late"): _(
        "The admission decision is after the deadline of {due}: record the extension and its reason first."
    ),
    ("T1", "late_with_consent"): _(
        "Admission decision after the deadline of {due}, with the recorded extension."
    ),
    ("T2", "late"): _(
        "The ceremony is after the deadline of {due}: the upper committee's consent must be recorded."
    ),
    ("T2", "late_with_consent"): _(
        "Ceremony after the deadline of {due}, with the upper committee's consent."
    ),
    ("T4", "too_early"): _(
        "Probation ends on {end}: the cell can consider full membership from then."
    ),
    ("T4", "late"): _(
        "The cell considered full membership after the deadline of {due}, counted from the end of probation."
    ),
    ("T5", "late"): _(
        "The full membership decision is after the deadline of {due}: record the extension and its reason first."
    ),
    ("T5", "late_with_consent"): _(
        "Full membership decision after the deadline of {due}, with the recorded extension."
    ),
    ("P1", "no_helper"): _("No official member is assigned to help the probationary member."),
    ("P2", "no_certificate"): _(
        "The new-member theory course certificate is required before the vote."
    ),
    ("P2", "certificate_after_vote"): _(
        "The new-member course certificate is dated {issued}, after the vote on {vote}: it does not count."
    ),
    ("P3", "missing"): _("Missing for the full membership dossier: {documents}."),
    ("FLOW", "not_allowed"): _("This step is not possible at the case's current stage."),
    ("FLOW", "date_before_previous"): _("The date {on} is before the previous step ({previous})."),
    ("FLOW", "on_hold"): _("The case is on hold: resume it first."),
    ("FLOW", "before_receipt"): _(
        "The ceremony cannot be before the cell received the decision ({received})."
    ),
    ("FLOW", "no_decision_received"): _("Record the date the cell received the decision first."),
    ("FLOW", "date_in_future"): _("The date {on} is in the future."),
}


def _fmt(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, tuple):  # document codes (P3)
        from .choices import DocumentCode

        return "; ".join(
            str(DocumentCode(v).label) if v in DocumentCode.values else v for v in value
        )
    return value


def message(outcome: Outcome) -> str:
    template = MESSAGES.get((outcome.rule, outcome.reason))
    params = {k: _fmt(v) for k, v in outcome.params.items()}
    if template is None:
        return f"{outcome.rule}: {outcome.reason}"
    return str(template).format(**params)


def as_dict(outcome: Outcome) -> dict[str, Any]:
    return {
        "rule": outcome.rule,
        "severity": outcome.severity.value,
        "reason": outcome.reason,
        "message": message(outcome),
        "policy": outcome.policy,
        "reference": outcome.reference,
        "params": {
            k: (
                v.isoformat()
                if isinstance(v, datetime.date)
                else list(v)
                if isinstance(v, tuple)
                else v
            )
            for k, v in outcome.params.items()
        },
    }
