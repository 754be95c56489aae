"""The three policy versions of RULES.md, as data an administrator can
extend with the next regulation."""

from django.db import migrations


def seed(apps, schema_editor):
    from apps.admissions.seed import seed_policies

    seed_policies(apps.get_model("admissions", "PolicyVersion"))


class Migration(migrations.Migration):
    dependencies = [("admissions", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
