import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from apps.accounts.models import RoleAssignment
from apps.admissions.models import Case, CaseStep
from apps.members.choices import ACTIVE_STATUSES
from apps.members.models import Member
from apps.organizations.choices import CellCategory, OrgKind
from apps.organizations.models import Organization


def test_the_demo_province_has_the_promised_shape(db) -> None:
    """Built as of the session's today: CI runs the suite with the clock
    moved (a day in Tết, 29/02, 31/12), so this proves those days too."""
    call_command("load_demo", verbosity=0)
    active = Organization.objects.filter(valid_to__isnull=True)
    assert active.filter(kind__in=[OrgKind.COMMUNE, OrgKind.WARD]).count() >= 4
    assert active.filter(kind=OrgKind.AGENCY_BLOC).exists()
    assert active.filter(kind=OrgKind.SCHOOL).exists()
    assert active.filter(category=CellCategory.PRIVATE_ENTERPRISE).exists()
    assert active.filter(category=CellCategory.POLICE).exists()
    cells = active.filter(kind=OrgKind.CELL)
    assert cells.count() >= 60
    assert {c for c in cells.values_list("category", flat=True)} >= {
        CellCategory.SCHOOL,
        CellCategory.AGENCY,
        CellCategory.PUBLIC_SERVICE,
        CellCategory.STATE_ENTERPRISE,
        CellCategory.PRIVATE_ENTERPRISE,
        CellCategory.COOPERATIVE,
        CellCategory.ARMED_FORCES,
        CellCategory.POLICE,
        CellCategory.KHOM,
        CellCategory.HAMLET,
        CellCategory.STREET_GROUP,
    }
    assert 2800 <= Member.objects.filter(status__in=ACTIVE_STATUSES).count() <= 3500
    # the 2025 reform happened: districts are closed, their communes merged
    assert not active.filter(kind=OrgKind.DISTRICT).exists()
    assert Organization.objects.filter(kind=OrgKind.DISTRICT).count() == 2
    roles = set(RoleAssignment.objects.values_list("role", flat=True))
    assert roles == {
        "cell_secretary",
        "committee_staff",
        "org_committee",
        "training_centre",
        "auditor",
        "administrator",
    }
    # classes of every kind, past and upcoming, with enrolments
    from apps.training.models import TrainingClass

    kinds = set(TrainingClass.objects.values_list("kind__category", "status").distinct())
    assert {
        ("awareness", "finished"),
        ("awareness", "open"),
        ("new_member", "open"),
        ("cadre", "finished"),
        ("cadre", "open"),
    } <= kinds
    assert all(c.enrolments.exists() for c in TrainingClass.objects.all())
    # every acting demo login opens on a Việc cần làm with something in it
    from apps.accounts.models import User
    from apps.accounts.scope import scope_paths
    from apps.common.clock import today
    from apps.deadlines.engine import Engine, summarise, worst_units

    engine = Engine(today())
    secretary = summarise(engine.for_user(User.objects.get(username="bithu_khom1")))
    assert secretary.overdue >= 1 and secretary.week + secretary.month >= 1
    staff = User.objects.get(username="vanphong_caolanh")
    assert summarise(engine.for_user(staff)).overdue >= 1  # the secretary's late ceremony
    officer = User.objects.get(username="bantochuc_tinh")
    assert worst_units(officer, engine.items(scope_paths(officer)))
    # running it again keeps the data
    call_command("load_demo", verbosity=0)
    assert Organization.objects.filter(kind=OrgKind.PROVINCE).count() == 1


def test_generate_data_makes_exactly_n_members_in_cells_of_5_to_60(db) -> None:
    from django.db.models import Count

    call_command("generate_data", members=700, seed=7, verbosity=0)
    assert Member.objects.count() == 700
    sizes = list(
        Member.objects.values("organization").annotate(n=Count("id")).values_list("n", flat=True)
    )
    assert min(sizes) >= 5 and max(sizes) <= 60
    assert Organization.objects.filter(kind=OrgKind.PROVINCE).count() == 1


def test_the_demo_can_be_built_on_the_day_of_the_reform_and_not_before(db) -> None:
    out = io.StringIO()
    call_command("load_demo", "--today", "01/07/2025", stdout=out)
    assert "tính đến ngày 01/07/2025" in out.getvalue()
    assert Case.objects.filter(opened_on__gt=datetime.date(2025, 7, 1)).count() == 0
    assert Member.objects.filter(admitted_on__gt=datetime.date(2025, 7, 1)).count() == 0


def test_the_demo_refuses_a_day_before_the_reform_and_a_day_that_does_not_exist(db) -> None:
    with pytest.raises(CommandError, match="01/07/2025"):
        call_command("load_demo", "--today", "30/06/2025")
    with pytest.raises(CommandError, match="không có ngày 31/02/2027"):
        call_command("load_demo", "--today", "31/02/2027")
    assert not Organization.objects.exists()


def test_the_demo_is_built_as_of_the_day_given(db) -> None:
    """`--today` in the future of the real clock: the clock is pinned while
    the demo is built, so no step is refused as "in the future"."""
    call_command("load_demo", "--today", "31/12/2030", verbosity=0)
    last = CaseStep.objects.order_by("-on").values_list("on", flat=True)[0]
    assert datetime.date(2030, 12, 1) < last <= datetime.date(2030, 12, 31)


def test_synthetic_people_are_the_same_for_the_same_seed() -> None:
    import datetime
    import random

    from apps.members.synthetic import PeopleFactory

    def names(seed: int) -> list[str]:
        factory = PeopleFactory(random.Random(seed), datetime.date(2026, 6, 30))
        return [factory.person("khom").full_name for _ in range(50)]

    assert names(7) == names(7)
    assert names(7) != names(8)
