from django.db import migrations

KINDS = [
    ("awareness", "Bồi dưỡng nhận thức về Đảng", "awareness"),
    ("new_member", "Lý luận chính trị dành cho đảng viên mới", "new_member"),
    ("so_cap", "Sơ cấp lý luận chính trị", "cadre"),
    ("trung_cap", "Trung cấp lý luận chính trị", "cadre"),
    ("cao_cap", "Cao cấp lý luận chính trị", "cadre"),
    ("cap_uy", "Bồi dưỡng cấp ủy viên", "cadre"),
]


def seed(apps, schema_editor):
    CourseKind = apps.get_model("training", "CourseKind")
    for code, name, category in KINDS:
        CourseKind.objects.update_or_create(code=code, defaults={"name": name, "category": category})


class Migration(migrations.Migration):
    dependencies = [("training", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
