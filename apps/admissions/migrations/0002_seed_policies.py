"""The three policy versions of RULES.md, as data an administrator can
extend with the next regulation."""

from django.db import migrations


def seed(apps, schema_editor):
    from domain.policy import DEFAULT_POLICIES

    PolicyVersion = apps.get_model("admissions", "PolicyVersion")
    documents = {
        "2021": "Quy định 24-QĐ/TW (30/7/2021); Hướng dẫn 01-HD/TW (28/9/2021); Hướng dẫn 12-HD/BTCTW (18/1/2022)",
        "2025a": "Quy định 232-QĐ/TW (20/1/2025); Hướng dẫn 01-HD/TW; Hướng dẫn 12-HD/BTCTW",
        "2025": "Quy định 294-QĐ/TW (26/5/2025); Hướng dẫn 06-HD/TW (9/6/2025)",
    }
    for p in DEFAULT_POLICIES:
        params = {k: getattr(p, k) for k in (
            "min_age_months", "max_age_months", "certificate_validity_months", "introducer_months",
            "youth_max_age_years", "vote_numerator", "vote_denominator", "min_official_members",
            "min_official_members_blocks", "decision_wd", "decision_extension_wd", "ceremony_wd",
            "ceremony_clock", "probation_months", "recognition_consider_wd", "recognition_decision_wd",
            "recognition_extension_wd", "failed_vote_limit")}
        PolicyVersion.objects.update_or_create(
            code=p.code, defaults={"effective_from": p.effective_from, "documents": documents[p.code],
                                   "references": p.references, **params})


class Migration(migrations.Migration):
    dependencies = [("admissions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
