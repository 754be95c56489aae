"""The course kinds every installation starts with (migration training 0002);
administrators may add others as data."""

COURSE_KINDS = (
    ("awareness", "Bồi dưỡng nhận thức về Đảng", "awareness"),
    ("new_member", "Lý luận chính trị dành cho đảng viên mới", "new_member"),
    ("so_cap", "Sơ cấp lý luận chính trị", "cadre"),
    ("trung_cap", "Trung cấp lý luận chính trị", "cadre"),
    ("cao_cap", "Cao cấp lý luận chính trị", "cadre"),
    ("cap_uy", "Bồi dưỡng cấp ủy viên", "cadre"),
)


def seed_course_kinds(model: type) -> None:
    for code, name, category in COURSE_KINDS:
        model.objects.update_or_create(code=code, defaults={"name": name, "category": category})  # type: ignore[attr-defined]
