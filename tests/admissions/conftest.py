import datetime as dt
from typing import Any

import pytest

from apps.admissions import services, steps
from apps.admissions.choices import DocumentCode, SourceOrg
from apps.admissions.models import Case
from apps.members.models import Member, Person
from tests.conftest import Tree, make_member

D = dt.date
BORN = D(1998, 4, 12)
CERTIFICATE = D(2024, 3, 1)


@pytest.fixture
def voters(tree: Tree) -> list[Member]:
    names = [
        "Nguyễn Văn Một",
        "Trần Văn Hai",
        "Lê Thị Ba",
        "Phạm Văn Bốn",
        "Võ Thị Năm",
        "Đỗ Văn Sáu",
    ]
    return [make_member(tree.cell_a1, n, admitted=D(2005, 1, 10)) for n in names]


def present(case: Case, *, absent: int = 0, on: dt.date | None = None) -> dict[int, str]:
    rows = {m.pk: "present" for m in steps.official_members(case, on)}
    for pk in list(rows)[:absent]:
        rows[pk] = "absent"
    return rows


def candidate(tree: Tree, name: str = "Huỳnh Thị Mai", born: dt.date = BORN, **person: Any) -> Case:
    p = Person(
        full_name=name,
        gender="female",
        date_of_birth=born,
        citizen_id=person.pop("citizen_id", "087198000111"),
        youth_union=person.pop("youth_union", True),
        **person,
    )
    return services.open_case(
        by="test",
        cell=tree.cell_a1,
        person=p,
        source=SourceOrg.YOUTH_UNION,
        opened_on=D(2024, 1, 10),
    )


def ready_for_vote(case: Case, voters: list[Member], *, certificate: dt.date = CERTIFICATE) -> Case:
    case = steps.record_certificate(case, by="test", on=certificate, number="GCN-01/2024")
    case = steps.open_dossier(case, by="test", on=max(certificate, D(2024, 3, 5)))
    for code in (
        DocumentCode.APPLICATION,
        DocumentCode.PERSONAL_HISTORY,
        DocumentCode.COMMENTS,
        DocumentCode.YOUTH_UNION_RESOLUTION,
    ):
        services.add_document(case, by="test", code=code, received_on=D(2024, 4, 1))
    services.add_verification(
        case,
        by="test",
        relation="bản thân",
        full_name=case.person.full_name,
        concluded_on=D(2024, 5, 2),
    )
    services.add_verification(
        case, by="test", relation="cha", full_name="Huỳnh Văn Tư", concluded_on=D(2024, 5, 6)
    )
    services.add_document(
        case, by="test", code=DocumentCode.CELL_COMMENT, received_on=D(2024, 5, 10)
    )
    services.add_introducer(
        case,
        by="test",
        member=voters[0],
        together_since=D(2021, 1, 1),
        introduced_on=D(2024, 4, 15),
    )
    return case
