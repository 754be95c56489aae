"""The board links only the steps the reader's role may take: the cell
secretary sees the committee's next step as text, the commune staff as a
link (a link that answers 403 is a button the role cannot use, issue 17)."""

from django.test import Client

from apps.members.models import Member
from tests.conftest import PASSWORD, Tree, Users
from tests.deadlines.conftest import resolved_case


def test_the_committees_step_is_text_for_the_cell_and_a_link_for_the_commune(
    tree: Tree, users: Users, voters: list[Member]
) -> None:
    case = resolved_case(tree, voters, "Huỳnh Thị Mai", "087198000111")
    step = f"/admissions/cases/{case.pk}/step/committee_resolve/"
    board = f"/admissions/units/{tree.cell_a1.pk}/"
    for who, linked in ((users.cell_secretary, False), (users.commune_staff, True)):
        client = Client()
        assert client.login(username=who.username, password=PASSWORD)
        page = client.get(board).content.decode()
        assert (step in page) is linked, who.username
        assert client.get(step).status_code == (200 if linked else 403)
    secretary = Client()
    assert secretary.login(username=users.cell_secretary.username, password=PASSWORD)
    assert "Bước tiếp theo:" in secretary.get(board).content.decode()
