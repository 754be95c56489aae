"""Finding 7 (issue #11): bounded inputs. `?limit=` is capped on every API
list, and huge or malformed ids in URLs, query strings and bodies answer
400 or 404 — never 500 (SQLite overflows a 64-bit integer, PostgreSQL
says "bigint out of range")."""

from __future__ import annotations

from typing import Any

from apps.admissions.models import Case
from apps.training.models import TrainingClass
from tests.conftest import Tree, Users, make_member
from tests.security.conftest import login

HUGE = "99999999999999999999"


def test_finding_7_huge_limit_and_ids_do_not_500(
    tree: Tree, users: Users, members: dict[str, Any], case: Case, ward_class: TrainingClass
) -> None:
    for i in range(3):
        make_member(tree.cell_a1, f"Đặng Văn Số {i}")
    officer = login(users, "province_officer")
    for url in (
        f"/api/v1/members/?limit={HUGE}",
        f"/api/v1/members/?limit={HUGE}&offset={HUGE}",
        f"/api/v1/cases/?limit={HUGE}",
        f"/api/v1/organizations/?limit={HUGE}&parent={HUGE}",
        f"/api/v1/classes/?offset={HUGE}",
        f"/api/v1/enrolments/?class={HUGE}",
    ):
        response = officer.get(url)
        assert response.status_code == 200, url
        assert len(response.json()["results"]) <= 500, url
    capped = officer.get("/api/v1/members/?limit=2").json()
    assert len(capped["results"]) == 2 and capped["count"] == 7

    for url in (
        f"/api/v1/members/?unit={HUGE}",
        "/api/v1/members/?unit=%C2%B2",  # "²" is a digit to str.isdigit()
        f"/api/v1/members/{HUGE}/",
        f"/api/v1/cases/{HUGE}/",
        f"/members/{HUGE}/",
        f"/members/?unit={HUGE}",
        f"/admissions/cases/{HUGE}/",
        f"/training/{HUGE}/",
        f"/units/{HUGE}/",
        f"/reports/units/{tree.ward_a.pk}/list/?figure=idle:{HUGE}",
    ):
        assert officer.get(url).status_code == 404, url

    nominate = f"/api/v1/classes/{ward_class.pk}/nominate/"
    staff = login(users, "commune_staff")
    for body in ({"cases": [int(HUGE)]}, {"cases": ["x"]}, {"cases": [-1]}):
        assert staff.post(nominate, body, content_type="application/json").status_code == 400
    step = staff.post(
        f"/api/v1/cases/{HUGE}/open_dossier/", {"on": "01/04/2024"}, content_type="application/json"
    )
    assert step.status_code == 404

    page = f"/training/{ward_class.pk}/"
    assert staff.post(page, {"op": "nominate", "case": [HUGE, "²"]}).status_code == 302
    centre = login(users, "training_centre")
    assert centre.post(page, {"op": "attendance", "session": "abc"}).status_code == 404
    assert centre.post(page, {"op": "attendance", "session": HUGE}).status_code == 404
    assert ward_class.enrolments.count() == 0
    assert staff.post("/admissions/inbox/", {"on": "01/04/2024", "case": HUGE}).status_code == 400
    criteria = staff.post(f"/admissions/cases/{case.pk}/criteria/", {"criterion": [HUGE]})
    assert criteria.status_code == 302
