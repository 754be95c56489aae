"""Finding 7 (issue #11), pickers: the introducer and helper dropdowns of a
case listed every full member of the ward (780 outside the cell in the demo)
and the service took any of them. Now a picker offers only the members the
cell may use (RULES D5, P1: the cell's own full members), searched as you
type (at most 20) or by a plain GET without JavaScript, and the services
refuse anyone else."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.admissions import services
from apps.admissions.models import Case, Helper, Introducer
from tests.conftest import Tree, Users, make_member
from tests.security.conftest import login

D = dt.date


def options(html: str, part: str) -> list[str]:
    select = re.search(rf'<select name="{part}-member"[^>]*>(.*?)</select>', html, re.S)
    assert select, part
    return re.findall(r'<option value="\d+">([^<(]+) \(', select.group(1))


def test_finding_7_pickers_only_offer_members_in_scope(
    tree: Tree, users: Users, case: Case, members: dict[str, Any]
) -> None:
    secretary = login(users, "cell_secretary")
    page = secretary.get(reverse("admissions:case", args=[case.pk])).content.decode()
    for part in ("introducer", "helper"):
        assert options(page, part) == ["Nguyễn Văn Á", "Trần Thị Bích"], part
    # search as you type (htmx) and its plain-GET fallback find nobody outside the cell
    for who in ("Lê Văn Đức", "Phạm Văn Bình"):
        pick = secretary.get(
            reverse("admissions:case_pick", args=[case.pk, "introducer"]), {"introducer-q": who}
        ).content.decode()
        assert who not in pick and "Không có đảng viên nào của chi bộ phù hợp" in pick
    found = secretary.get(
        reverse("admissions:case", args=[case.pk]), {"helper-q": "bich"}
    ).content.decode()
    assert options(found, "helper") == ["Trần Thị Bích"]
    assert options(found, "introducer") == ["Nguyễn Văn Á", "Trần Thị Bích"]

    # a member of another cell posted by hand is refused, and nothing is saved
    for part, fields in (
        ("introducer", {"together_since": "01/01/2020", "introduced_on": "01/04/2024"}),
        ("helper", {"assigned_on": "01/04/2024"}),
    ):
        for outsider in (members["a2"], members["b1"]):
            data = {f"{part}-member": outsider.pk, **{f"{part}-{k}": v for k, v in fields.items()}}
            secretary.post(reverse("admissions:case_part", args=[case.pk, part]), data)
    assert not Introducer.objects.exists() and not Helper.objects.exists()
    with pytest.raises(ValidationError, match="Chi bộ Khóm 1"):
        services.add_introducer(
            case,
            by=users.commune_staff,
            member=members["a2"],
            together_since=D(2020, 1, 1),
            introduced_on=D(2024, 4, 1),
        )
    with pytest.raises(ValidationError, match="P1"):
        services.assign_helper(
            case, by=users.commune_staff, member=members["b1"], assigned_on=D(2024, 4, 1)
        )


def test_a_picker_shows_at_most_20_members_and_says_there_are_more(
    tree: Tree, users: Users, case: Case
) -> None:
    for i in range(25):
        make_member(tree.cell_a1, f"Lâm Văn Số {i:02d}")
    url = reverse("admissions:case_pick", args=[case.pk, "helper"])
    html = login(users, "cell_secretary").get(url).content.decode()
    assert len(re.findall(r'<option value="\d+">', html)) == 20
    assert "gõ thêm tên" in html
    narrowed = login(users, "cell_secretary").get(url, {"helper-q": "so 07"}).content.decode()
    assert re.findall(r'<option value="\d+">([^<(]+) \(', narrowed) == ["Lâm Văn Số 07"]
    assert login(users, "outsider").get(url).status_code == 404
    assert login(users, "auditor").get(url).status_code == 403
