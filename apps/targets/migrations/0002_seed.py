from django.db import migrations


def seed(apps, schema_editor):
    from apps.targets.seed import seed_targets

    seed_targets(apps.get_model("targets", "TargetKind"), apps.get_model("targets", "Term"))


class Migration(migrations.Migration):
    dependencies = [("targets", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
