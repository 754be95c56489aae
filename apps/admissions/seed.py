"""The policy versions of RULES.md every installation starts with (migration
admissions 0002); administrators add the next ones as data."""

from domain.policy import DEFAULT_POLICIES

DOCUMENTS = {
    "2021": "Quy định 24-QĐ/TW (30/7/2021); Hướng dẫn 01-HD/TW (28/9/2021); Hướng dẫn 12-HD/BTCTW (18/1/2022)",
    "2025a": "Quy định 232-QĐ/TW (20/1/2025); Hướng dẫn 01-HD/TW; Hướng dẫn 12-HD/BTCTW",
    "2025": "Quy định 294-QĐ/TW (26/5/2025); Hướng dẫn 06-HD/TW (9/6/2025)",
}
PARAMETERS = (
    "min_age_months",
    "max_age_months",
    "certificate_validity_months",
    "introducer_months",
    "youth_max_age_years",
    "vote_numerator",
    "vote_denominator",
    "min_official_members",
    "min_official_members_blocks",
    "decision_wd",
    "decision_extension_wd",
    "ceremony_wd",
    "ceremony_clock",
    "probation_months",
    "recognition_consider_wd",
    "recognition_decision_wd",
    "recognition_extension_wd",
    "failed_vote_limit",
)


def seed_policies(model: type, parameters: tuple[str, ...] = PARAMETERS) -> None:
    for policy in DEFAULT_POLICIES:
        model.objects.update_or_create(  # type: ignore[attr-defined]
            code=policy.code,
            defaults={
                "effective_from": policy.effective_from,
                "documents": DOCUMENTS[policy.code],
                "references": policy.references,
                **{k: getattr(policy, k) for k in parameters},
            },
        )
