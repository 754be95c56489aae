"""Target kinds and committee terms every installation starts with
(migration targets 0002); administrators may add others as data.

Terms run from one congress to the next; the dates below are the usual
provincial congress months and are data an administrator corrects for
the province."""

import datetime

TARGET_KINDS = (
    ("admissions", "Kết nạp đảng viên", "admissions", 1),
    ("pool", "Tạo nguồn (quần chúng ưu tú)", "pool", 2),
    ("awareness", "Học lớp bồi dưỡng nhận thức về Đảng", "awareness_trained", 3),
)

TERMS = (
    ("2015–2020", datetime.date(2015, 10, 1), datetime.date(2020, 9, 30)),
    ("2020–2025", datetime.date(2020, 10, 1), datetime.date(2025, 9, 30)),
    ("2025–2030", datetime.date(2025, 10, 1), datetime.date(2030, 9, 30)),
)


def seed_targets(kind_model: type, term_model: type) -> None:
    for code, name, measure, order in TARGET_KINDS:
        kind_model.objects.update_or_create(  # type: ignore[attr-defined]
            code=code, defaults={"name": name, "measure": measure, "order": order}
        )
    for name, starts, ends in TERMS:
        term_model.objects.update_or_create(  # type: ignore[attr-defined]
            name=name, defaults={"starts_on": starts, "ends_on": ends}
        )
