"""The dashboard: targets against what was done, as of any day, with every
figure equal to the list it links to."""

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from apps.organizations.models import Organization
from apps.organizations.services import dissolve_organization, move_organization
from apps.reports import dashboard
from apps.targets import services
from apps.targets.models import TargetKind
from tests.conftest import PASSWORD, Tree, Users, make_member, make_unit
from tests.reports.conftest import admit, set_target

D = dt.date
TODAY = D(2026, 11, 23)


def login(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def row_cells(html: str, name: str) -> str:
    """The HTML of the dashboard table row of unit `name`."""
    match = re.search(
        r"<tr[^>]*data-unit[^>]*>(?:(?!</tr>).)*?" + re.escape(name) + r".*?</tr>", html, re.S
    )
    assert match, name
    return match.group(0)


@pytest.fixture
def cao_lanh_2022(tree: Tree, city: Organization, city_cells: list[Organization]) -> Organization:
    """The Cao Lãnh example: 171 admissions in 2022 against a target of 170,
    with admissions on either side of the year that must not count."""
    for i, cell in enumerate(city_cells):
        admit(cell, 57, D(2022, 3 + i * 3, 15))
    admit(city_cells[0], 4, D(2021, 12, 31))
    admit(city_cells[1], 5, D(2023, 1, 1))
    set_target(city, 2022, 170)
    return city


def test_the_cao_lanh_example_shows_171_of_170(
    users: Users, cao_lanh_2022: Organization, tree: Tree
) -> None:
    client = login(users.province_officer)
    page = client.get(
        reverse("reports:dashboard", args=[tree.province.pk]), {"as_of": "31/12/2022"}
    ).content.decode()
    row = row_cells(page, "Đảng bộ thành phố Cao Lãnh")
    assert re.search(r">171</a>/170 <small>\(100,6%\)</small>", row)
    own = client.get(
        reverse("reports:dashboard", args=[cao_lanh_2022.pk]), {"as_of": "31/12/2022"}
    ).content.decode()
    total = re.search(r'<tr class="total" id="total-row">.*?</tr>', own, re.S)
    assert total and re.search(r">171</a>/170 <small>\(100,6%\)</small>", total.group(0))


def test_the_report_totals_in_the_xlsx_equal_those_on_the_page(
    users: Users, cao_lanh_2022: Organization
) -> None:
    client = login(users.province_officer)
    url = reverse("reports:report", args=[cao_lanh_2022.pk])
    params = {"as_of": "31/12/2022", "year": "2022", "period": "q3"}
    html = client.get(url, params).content.decode()
    page_total = re.search(r"<tr class=\"total\">(.*?)</tr>", html, re.S)
    assert page_total
    page_cells = [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<td[^>]*>(.*?)</td>", page_total.group(1))
    ]
    assert page_cells[2:6] == ["170", "57", "171", "100,6%"]
    response = client.get(url, {**params, "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    first_total = next(r for r in rows if r[1] in ("Tổng số", "Total"))
    assert first_total[2:6] == [170, 57, 171, pytest.approx(100.6)]
    assert isinstance(first_total[2], int)  # numbers as numbers, not text
    pct_cell = next(c for r in sheet.iter_rows() for c in r if c.value == pytest.approx(100.6))
    assert pct_cell.number_format == "0.0"
    assert rows[0][5] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert re.fullmatch(r"Cao Lãnh, ngày \d\d tháng \d+ năm \d{4}", rows[1][5])
    assert ["Số liệu tính đến ngày 30/09/2022."] in [r[:1] for r in rows]
    assert rows[1][0] == "THÀNH ỦY CAO LÃNH"


def test_the_report_prints_as_an_a4_pdf(users: Users, cao_lanh_2022: Organization) -> None:
    client = login(users.province_officer)
    response = client.get(
        reverse("reports:report", args=[cao_lanh_2022.pk]),
        {"as_of": "31/12/2022", "year": "2022", "format": "pdf"},
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_past_figures_use_the_tree_as_it_was(
    users: Users, cao_lanh_2022: Organization, city_ward: Organization, tree: Tree
) -> None:
    """After the 7/2025 reform the city is dissolved and its ward moved under
    the province: 2022 still shows the city; today shows the ward."""
    move_organization(city_ward, by="test", new_parent=tree.province, on=D(2025, 7, 1))
    dissolve_organization(cao_lanh_2022, by="test", on=D(2025, 7, 1))
    then = dashboard.build(tree.province, D(2022, 12, 31), TODAY)
    by_name = {r.name: r for r in then.rows}
    assert by_name["Đảng bộ thành phố Cao Lãnh"].year["admissions"].done == 171
    assert "Đảng bộ phường 1" not in by_name
    now = dashboard.build(tree.province, TODAY, TODAY, 2022)
    assert now.day == D(2022, 12, 31)  # a past year is shown as it stood at its end
    later = dashboard.build(tree.province, D(2025, 12, 31), TODAY, 2025)
    names = {r.name for r in later.rows}
    assert "Đảng bộ phường 1" in names and "Đảng bộ thành phố Cao Lãnh" not in names
    term = dashboard.build(tree.province, D(2025, 12, 31), TODAY)
    assert term.term is not None and term.term.label == "2025–2030"


def test_a_unit_that_did_not_exist_yet_gets_a_clear_message(users: Users, tree: Tree) -> None:
    client = login(users.province_officer)
    response = client.get(
        reverse("reports:dashboard", args=[tree.ward_a.pk]), {"as_of": "01/01/1990"}
    )
    assert response.status_code == 400
    assert "không tồn tại" in response.content.decode()


def test_a_future_date_is_refused_with_the_field_named(users: Users, tree: Tree) -> None:
    client = login(users.province_officer)
    page = client.get(
        reverse("reports:dashboard", args=[tree.province.pk]), {"as_of": "01/01/2099"}
    ).content.decode()
    assert "Tính đến ngày" in page and "tương lai" in page


def _figure_links(html: str) -> list[tuple[str, int]]:
    links = re.findall(
        r'<a href="(/reports/units/\d+/list/\?[^"]+)"[^>]*>(?:<strong>)?([\d.]+)(?:</strong>)?</a>',
        html,
    )
    return [(href.replace("&amp;", "&"), int(n.replace(".", ""))) for href, n in links]


@pytest.fixture
def busy_ward(tree: Tree, users: Users) -> None:
    """A ward with admissions across the years, a share target, a pipeline."""
    from tests.admissions.conftest import candidate

    admit(tree.cell_a1, 3, D(2026, 2, 10), gender="female", youth_union=True)
    admit(tree.cell_a1, 2, D(2026, 11, 2), ethnicity="05")
    admit(tree.cell_a2, 4, D(2025, 10, 20), religion="buddhism")
    admit(tree.cell_a2, 1, D(2024, 5, 5))
    admit(tree.cell_b1, 2, D(2026, 3, 3))
    candidate(tree)
    set_target(tree.ward_a, 2026, 9)
    set_target(tree.cell_a1, 2026, 6)
    set_target(tree.cell_a2, 2026, 2)


@pytest.mark.parametrize("as_of", ["", "30/06/2026", "31/12/2025"])
def test_every_figure_equals_the_count_of_its_list(
    users: Users, tree: Tree, busy_ward: None, as_of: str
) -> None:
    client = login(users.province_officer)
    for unit in (tree.province, tree.ward_a):
        html = client.get(
            reverse("reports:dashboard", args=[unit.pk]), {"as_of": as_of} if as_of else {}
        ).content.decode()
        links = _figure_links(html)
        assert len(links) > 40
        for href, shown in links:
            page = client.get(href)
            assert page.status_code == 200, href
            count = re.search(r'id="list-count">\(([\d.]+)\)', page.content.decode())
            assert count, href
            assert int(count.group(1).replace(".", "")) == shown, href


def test_progress_rows_put_the_units_behind_schedule_first(
    users: Users, tree: Tree, busy_ward: None
) -> None:
    set_target(tree.commune_b, 2026, 2)  # done: 2 of 2
    d = dashboard.build(tree.province, D(2026, 7, 1), TODAY)
    first, second = d.rows
    assert first.name == tree.ward_a.name and first.behind  # 3 of 9 by mid-year
    assert second.name == tree.commune_b.name and not second.behind
    ward = dashboard.build(tree.ward_a, D(2026, 7, 1), TODAY)
    a2, a1 = ward.rows  # A2: 0 of 2 is behind; A1: 3 of 6 (50%) is not, at 49.9% elapsed
    assert (a2.id, a2.behind, a1.id, a1.behind) == (tree.cell_a2.pk, True, tree.cell_a1.pk, False)
    assert ward.mismatch["admissions"][1:] == (8, 9)


def test_the_quality_of_new_members_is_counted_by_group(tree: Tree, busy_ward: None) -> None:
    d = dashboard.build(tree.ward_a, TODAY, TODAY)
    q = d.total.quality
    assert q["total"] == 5
    assert (q["women"], q["youth_union"], q["ethnic_minority"], q["residential"]) == (3, 3, 2, 5)
    assert q.get("religious", 0) == 0  # the 2025 believers belong to 2025


def test_the_end_of_year_rush_is_flagged_above_the_threshold(
    users: Users, tree: Tree, busy_ward: None
) -> None:
    d = dashboard.build(tree.ward_a, D(2025, 12, 31), TODAY)
    a2 = next(r for r in d.rows if r.id == tree.cell_a2.pk)
    assert a2.q4_share_of(2025) == Decimal(100)
    html = (
        login(users.commune_staff)
        .get(reverse("reports:dashboard", args=[tree.ward_a.pk]), {"as_of": "31/12/2025"})
        .content.decode()
    )
    q4 = re.search(r'<table class="[^"]*" id="q4">.*?</table>', html, re.S)
    assert q4 and "vượt 40%" in q4.group(0)


def test_unmet_admissions_are_carried_over_when_the_level_says_so(users: Users, tree: Tree) -> None:
    admit(tree.cell_a1, 7, D(2025, 5, 5))
    set_target(tree.cell_a1, 2025, 10)
    set_target(tree.cell_a1, 2026, 5)
    before = dashboard.build(tree.ward_a, TODAY, TODAY)
    assert next(r for r in before.rows if r.id == tree.cell_a1.pk).year["admissions"].target == 5
    services.save_settings(
        by=users.commune_staff,
        unit=tree.ward_a,
        carry_over=True,
        q4_threshold=40,
        idle_years=3,
        min_official_members=3,
    )
    after = dashboard.build(tree.ward_a, TODAY, TODAY)
    progress = next(r for r in after.rows if r.id == tree.cell_a1.pk).year["admissions"]
    assert (progress.base, progress.carried, progress.target) == (5, 3, 8)


def test_a_share_target_shows_the_number_it_means(tree: Tree) -> None:
    for i in range(40):
        make_member(tree.cell_a1, f"Đảng Viên {i}", admitted=D(2010, 1, 1))
    services.set_targets(
        by="test",
        kind=TargetKind.objects.get(code="admissions"),
        year=2026,
        values={tree.cell_a1: services.TargetInput(share_min=Decimal(3), share_max=Decimal(4))},
    )
    d = dashboard.build(tree.ward_a, TODAY, TODAY)
    p = next(r for r in d.rows if r.id == tree.cell_a1.pk).year["admissions"]
    assert (p.members_at_start, p.share_range, p.target) == (40, (2, 2), 2)


def test_idle_and_small_cells_are_listed(tree: Tree) -> None:
    admit(tree.cell_a1, 3, D(2025, 1, 1))
    admit(tree.cell_a2, 1, D(2020, 1, 1))
    d = dashboard.build(tree.ward_a, TODAY, TODAY)
    assert d.idle_cells == [tree.cell_a2.pk]  # last admission 2020, more than 3 years ago
    assert set(d.small_cells) == {tree.cell_a2.pk}  # 1 official member; A1 has 3


def test_probation_outcomes_follow_the_deadlines(tree: Tree, voters: list[Any]) -> None:
    from tests.admissions.conftest import candidate, ready_for_vote
    from tests.admissions.test_steps import to_probation

    case = to_probation(ready_for_vote(candidate(tree), voters))
    # ceremony 01/08/2024: probation ends 01/08/2025
    early = dashboard.build(tree.ward_a, D(2025, 8, 5), TODAY)
    assert early.total.probation == {"pending": 1, "due": 1}
    late = dashboard.build(tree.ward_a, D(2025, 12, 31), TODAY)
    assert late.total.probation == {"late": 1, "due": 1}
    assert dashboard.build(tree.ward_a, D(2024, 12, 31), TODAY).total.probation == {}
    # the pipeline as of a past day reads the steps taken by then
    june = dashboard.build(tree.ward_a, D(2024, 6, 15), TODAY)
    assert june.total.pipeline == {"cell_resolved": 1}
    assert case.pk


def test_the_number_of_queries_does_not_grow_with_the_units(
    users: Users, tree: Tree, busy_ward: None
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login(users.province_officer)
    url = reverse("reports:dashboard", args=[tree.province.pk])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(12):
        commune = make_unit(f"N{i}", f"Đảng bộ xã Số {i}", "commune", tree.province)
        for j in range(3):
            cell = make_unit(f"N{i}-{j}", f"Chi bộ Ấp {j}", "cell", commune, "hamlet")
            admit(cell, 1, D(2026, 4, 1))
        set_target(commune, 2026, 3)
    with CaptureQueriesContext(connection) as big:
        page = client.get(url).content.decode()
    assert page.count('data-unit="') == 14
    assert len(big.captured_queries) == len(small.captured_queries)
    assert 10 <= len(small.captured_queries) <= 25, len(small.captured_queries)


def test_synthetic_cases_at_every_stage_read_back_consistently(tree: Tree) -> None:
    import random

    from apps.admissions.models import Case
    from apps.admissions.synthetic import bulk_create_cases
    from apps.members.synthetic import PeopleFactory

    rng = random.Random(3)
    made = bulk_create_cases(
        by="test",
        cells=[tree.cell_a1, tree.cell_a2, tree.cell_b1],
        count=120,
        rng=rng,
        today=TODAY,
        factory=PeopleFactory(rng, TODAY, serial_start=7_000_000),
    )
    assert made == 120
    d = dashboard.build(tree.province, TODAY, TODAY)
    open_now = Case.objects.exclude(stage__in=["full_member", "withdrawn"]).count()
    stages = {k: v for k, v in d.total.pipeline.items() if not k.endswith(":overdue")}
    assert sum(stages.values()) == open_now
    # a year ago, every case's stage is read from its steps
    year_ago = dashboard.build(tree.province, D(2025, 11, 23), TODAY)
    opened = Case.objects.filter(opened_on__lte=D(2025, 11, 23)).count()
    assert sum(v for k, v in year_ago.total.pipeline.items() if ":" not in k) <= opened


def test_overdue_counts_agree_with_the_flags_on_the_board(tree: Tree) -> None:
    import random

    from apps.admissions import evaluation
    from apps.admissions.models import Case
    from apps.admissions.synthetic import bulk_create_cases
    from apps.common.clock import today
    from apps.members.synthetic import PeopleFactory
    from apps.reports import figures
    from apps.reports.tree import tree_on

    day = today()
    rng = random.Random(11)
    bulk_create_cases(
        by="test",
        cells=[tree.cell_a1, tree.cell_a2, tree.cell_b1],
        count=300,
        rng=rng,
        today=day,
        factory=PeopleFactory(rng, day, serial_start=8_000_000),
    )
    flagged = {
        c.pk
        for c in Case.objects.prefetch_related("consents")
        if (nxt := evaluation.next_deadline(c, day)) is not None and nxt.overdue
    }
    counted = {r.id for r in figures.pipeline_cases(tree_on(tree.province, day), day) if r.overdue}
    assert flagged and counted == flagged
