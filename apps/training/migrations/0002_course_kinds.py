from django.db import migrations


def seed(apps, schema_editor):
    from apps.training.seed import seed_course_kinds

    seed_course_kinds(apps.get_model("training", "CourseKind"))


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
