"""Policy versions: the parameters of RULES.md as dated data.

The database holds them (apps.admissions.models.PolicyVersion); this module
is the plain value the rules read, so the rules are tested without a
database. Which version applies to a step: the one in force on the date of
that step (RULES.md)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field


class CeremonyClock:
    RECEIVED = "received"  # the cell receives the admission decision
    ISSUED = "issued"  # the decision is signed


@dataclass(frozen=True)
class Policy:
    code: str
    effective_from: datetime.date
    min_age_months: int = 216
    max_age_months: int = 720
    certificate_validity_months: int = 60
    introducer_months: int = 12
    youth_max_age_years: int = 30
    vote_numerator: int = 2
    vote_denominator: int = 3
    min_official_members: int = 3
    min_official_members_blocks: bool = False  # RULES V3 is [C]: warn only
    decision_wd: int = 60
    decision_extension_wd: int = 30
    ceremony_wd: int = 30
    ceremony_clock: str = CeremonyClock.RECEIVED
    probation_months: int = 12
    recognition_consider_wd: int = 30
    recognition_decision_wd: int = 30
    recognition_extension_wd: int = 30
    failed_vote_limit: int = 3
    readmission_months: int = 36
    readmission_after_conviction_months: int = 60
    references: dict[str, str] = field(default_factory=dict)

    def reference(self, rule_id: str) -> str:
        return self.references.get(rule_id, "")


def policy_on(policies: Sequence[Policy], day: datetime.date) -> Policy:
    """The version in force on `day`: the latest that took effect by then."""
    in_force = [p for p in policies if p.effective_from <= day]
    if not in_force:
        raise LookupError(f"no policy version in force on {day.isoformat()}")
    return max(in_force, key=lambda p: p.effective_from)


REF_2021 = "Quy định 24-QĐ/TW (30/7/2021); Hướng dẫn 01-HD/TW (28/9/2021)"
REF_2025A = "Quy định 232-QĐ/TW (20/1/2025); Hướng dẫn 01-HD/TW (28/9/2021)"
REF_2025 = "Quy định 294-QĐ/TW (26/5/2025); Hướng dẫn 06-HD/TW (9/6/2025)"
RULE_IDS = (
    "E1",
    "E2",
    "E3",
    "E4",
    "E5",
    "E6",
    "D1",
    "D2",
    "D3",
    "D4",
    "D5",
    "D6",
    "D7",
    "D8",
    "V1",
    "V2",
    "V3",
    "V4",
    "V5",
    "V6",
    "T1",
    "T2",
    "T3",
    "T4",
    "T5",
    "T6",
    "P1",
    "P2",
    "P3",
    "P4",
)


def _refs(base: str) -> dict[str, str]:
    guide = "Hướng dẫn 12-HD/BTCTW (18/1/2022)"
    refs = {rule: base for rule in RULE_IDS}
    for rule in ("D1", "D2", "D8", "P3"):
        refs[rule] = f"{base}; {guide}"
    return refs


# The three versions of RULES.md, used to seed the database.
DEFAULT_POLICIES = (
    Policy(code="2021", effective_from=datetime.date(2021, 7, 30), references=_refs(REF_2021)),
    Policy(code="2025a", effective_from=datetime.date(2025, 1, 20), references=_refs(REF_2025A)),
    Policy(code="2025", effective_from=datetime.date(2025, 7, 1), references=_refs(REF_2025)),
)
