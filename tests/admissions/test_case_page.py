"""The case page opens with who the person is and the one next step; the
board shows only the stages the cell can have, folding the empty ones."""

import datetime as dt

import time_machine
from django.test import Client
from django.urls import reverse

from apps.admissions.choices import Stage
from tests.admissions.conftest import candidate
from tests.conftest import PASSWORD, Tree, Users

VN_NOON = dt.timezone(dt.timedelta(hours=7))


def login(users: Users, who: str) -> Client:
    client = Client()
    client.login(username=getattr(users, who).username, password=PASSWORD)
    return client


def test_the_case_page_sums_up_the_person_and_offers_the_next_step(
    tree: Tree, users: Users
) -> None:
    case = candidate(tree, born=dt.date(1998, 4, 12), occupation="Giáo viên", residence="Khóm 1")
    with time_machine.travel(dt.datetime(2024, 12, 20, 12, tzinfo=VN_NOON), tick=False):
        response = login(users, "cell_secretary").get(reverse("admissions:case", args=[case.pk]))
    html = response.content.decode()
    summary = html[
        html.index('id="summary"') : html.index("</section>", html.index('id="summary"'))
    ]
    assert "26 tuổi 8 tháng" in summary and "12/04/1998" in summary
    assert "Giáo viên" in summary and "Khóm 1" in summary
    step = reverse("admissions:case_action", args=[case.pk, "record_certificate"])
    assert f'id="main-step" href="{step}"' in summary
    # the dossier is being prepared: its sections are open, the timeline folded
    assert '<details class="card fold" id="checklist" open>' in html
    assert '<details class="card fold" id="timeline">' in html


def test_residence_is_masked_for_a_role_without_personal_data(tree: Tree, users: Users) -> None:
    case = candidate(tree, residence="Khóm 1, phường Cao Lãnh")
    html = login(users, "auditor").get(reverse("admissions:case", args=[case.pk])).content.decode()
    assert "Khóm 1, phường Cao Lãnh" not in html
    # and the Word papers, which the auditor may not open, are not offered
    assert reverse("documents:case", args=[case.pk]) not in html
    assert 'id="main-step"' not in html


def test_a_cell_without_an_intermediate_committee_has_no_appraisal_stage_on_its_board(
    tree: Tree, users: Users
) -> None:
    candidate(tree)
    response = login(users, "cell_secretary").get(
        reverse("admissions:board", args=[tree.cell_a1.pk])
    )
    stages = [col["stage"] for col in response.context["columns"]]
    assert Stage.APPRAISED not in stages and Stage.RECOGNITION_APPRAISED not in stages
    assert Stage.CELL_RESOLVED in stages
    html = response.content.decode()
    assert '<details class="column" id="stage-candidate" open>' in html
    assert '<details class="column none" id="stage-trained">' in html
