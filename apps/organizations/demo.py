"""The demo province: Đồng Tháp as it was before and after the 1/7/2025
reform, built through the same services users call, so its history (merged
communes, dissolved districts) is real history."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from apps.accounts.models import Role
from apps.accounts.services import create_user, grant_role
from apps.members.models import Member, Person
from apps.members.services import bulk_create_members
from apps.members.synthetic import PeopleFactory

from . import services
from .choices import RESIDENTIAL_CATEGORIES, DecisionBody, DecisionThreshold, OrgKind
from .choices import CellCategory as C
from .models import Organization

ACTOR = "manage.py load_demo"
DEMO_PASSWORD = "demo-ptdv-2026"
OLD = datetime.date(2000, 1, 1)
REFORM = datetime.date(2025, 7, 1)
ANNOUNCED = datetime.date(2020, 1, 1)
# The demo shows the province after the two-tier reform, with its history:
# it can be built as of this day or any later one.
FIRST_DEMO_DAY = REFORM
VETERANS_PER_CELL = 3


@dataclass(frozen=True)
class DemoLogin:
    role: str
    unit: str
    username: str
    password: str


def _cells(
    parent: Organization,
    prefix: str,
    specs: Sequence[tuple[str, str]],
    on: datetime.date,
    cells: list[Organization],
) -> None:
    for i, (name, category) in enumerate(specs, start=1):
        cells.append(
            services.create_organization(
                by=ACTOR,
                code=f"{prefix}-CB{i:02d}",
                name=name,
                kind=OrgKind.CELL,
                category=category,
                parent=parent,
                valid_from=on,
            )
        )


def _committee(
    parent: Organization,
    code: str,
    name: str,
    kind: str,
    on: datetime.date = OLD,
    admin_code: str = "",
) -> Organization:
    return services.create_organization(
        by=ACTOR,
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        valid_from=on,
        admin_code=admin_code,
    )


# The demo cell secretary's cell: the admissions demo gives it cases due and
# overdue (apps.admissions.demo.showcase_plans).
DEMO_SECRETARY_CELL = "CL-P1-CB01"


@transaction.atomic
def load_demo(*, seed: int, today: datetime.date) -> list[DemoLogin]:
    """The demo province's tree, members and users as of `today` (on or
    after the 1/7/2025 reform, FIRST_DEMO_DAY)."""
    if today < FIRST_DEMO_DAY:
        raise ValueError(today)
    rng = random.Random(seed)
    cells: list[Organization] = []
    province = services.create_organization(
        by=ACTOR,
        code="TU-82",
        name="Đảng bộ tỉnh Đồng Tháp",
        kind=OrgKind.PROVINCE,
        parent=None,
        valid_from=OLD,
        admin_code="82",
        decision_body=DecisionBody.DISTRICT_STANDING,
        decision_threshold=DecisionThreshold.MAJORITY,
    )

    # Before 1/7/2025: two district-level committees with the old communes.
    city = _committee(province, "HU-CL", "Đảng bộ thành phố Cao Lãnh", OrgKind.DISTRICT)
    rural = _committee(province, "HU-TM", "Đảng bộ huyện Tháp Mười", OrgKind.DISTRICT)
    ward1 = _committee(city, "CL-P1", "Đảng bộ Phường 1", OrgKind.WARD)
    ward2 = _committee(city, "CL-P2", "Đảng bộ Phường 2", OrgKind.WARD)
    my_tra_old = _committee(city, "CL-MT", "Đảng bộ xã Mỹ Trà", OrgKind.COMMUNE)
    my_an = _committee(rural, "TM-MA", "Đảng bộ thị trấn Mỹ An", OrgKind.COMMUNE)
    my_tho_old = _committee(rural, "TM-MT", "Đảng bộ xã Mỹ Thọ", OrgKind.COMMUNE)
    my_hoi = _committee(rural, "TM-MH", "Đảng bộ xã Mỹ Hội", OrgKind.COMMUNE)

    _cells(
        ward1,
        "CL-P1",
        [(f"Chi bộ Khóm {i}", C.KHOM) for i in range(1, 7)]
        + [
            ("Chi bộ Công an Phường 1", C.POLICE),
            ("Chi bộ Quân sự Phường 1", C.ARMED_FORCES),
            ("Chi bộ Trường THCS Kim Hồng", C.SCHOOL),
        ],
        OLD,
        cells,
    )
    _cells(
        ward2,
        "CL-P2",
        [(f"Chi bộ Khóm {i}", C.KHOM) for i in range(7, 13)]
        + [("Chi bộ Trạm Y tế Phường 2", C.PUBLIC_SERVICE), ("Chi bộ Cơ quan Phường 2", C.AGENCY)],
        OLD,
        cells,
    )
    _cells(
        my_tra_old,
        "CL-MT",
        [(f"Chi bộ Tổ dân phố {i}", C.STREET_GROUP) for i in range(1, 6)]
        + [
            ("Chi bộ Ấp Mỹ Phước", C.HAMLET),
            ("Chi bộ Ấp Mỹ Thạnh", C.HAMLET),
            ("Chi bộ Công an xã Mỹ Trà", C.POLICE),
            ("Chi bộ Trường Tiểu học Mỹ Trà", C.SCHOOL),
            ("Chi bộ Hợp tác xã Nông nghiệp Mỹ Trà", C.COOPERATIVE),
        ],
        OLD,
        cells,
    )
    _cells(
        my_an,
        "TM-MA",
        [(f"Chi bộ Khóm {i} Mỹ An", C.KHOM) for i in range(1, 5)]
        + [
            ("Chi bộ Công an thị trấn Mỹ An", C.POLICE),
            ("Chi bộ Công ty TNHH May Tháp Mười", C.PRIVATE_ENTERPRISE),
            ("Chi bộ Trường THPT Tháp Mười", C.SCHOOL),
        ],
        OLD,
        cells,
    )
    _cells(
        my_tho_old,
        "TM-MT",
        [(f"Chi bộ Ấp Mỹ Thọ {i}", C.HAMLET) for i in range(1, 6)]
        + [
            ("Chi bộ Quân sự xã Mỹ Thọ", C.ARMED_FORCES),
            ("Chi bộ Hợp tác xã Rau màu Mỹ Thọ", C.COOPERATIVE),
        ],
        OLD,
        cells,
    )
    bp = _committee(
        my_tho_old, "TM-MT-BP", "Đảng bộ bộ phận Khối cơ quan xã Mỹ Thọ", OrgKind.INTERMEDIATE
    )
    _cells(
        bp,
        "TM-MT-BP",
        [
            ("Chi bộ Cơ quan Đảng – Đoàn thể", C.AGENCY),
            ("Chi bộ Cơ quan Ủy ban nhân dân", C.AGENCY),
        ],
        OLD,
        cells,
    )
    _cells(
        my_hoi,
        "TM-MH",
        [(f"Chi bộ Ấp Mỹ Hội {i}", C.HAMLET) for i in range(1, 7)]
        + [("Chi bộ Công an xã Mỹ Hội", C.POLICE)],
        OLD,
        cells,
    )

    # Province-level grassroots organisations that the reform did not touch.
    bloc = _committee(
        province, "KCQ", "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh", OrgKind.AGENCY_BLOC
    )
    so_nn = _committee(bloc, "KCQ-SNN", "Đảng bộ Sở Nông nghiệp và Môi trường", OrgKind.AGENCY)
    _cells(
        so_nn,
        "KCQ-SNN",
        [
            ("Chi bộ Văn phòng Sở", C.AGENCY),
            ("Chi bộ Phòng Kế hoạch – Tài chính", C.AGENCY),
            ("Chi bộ Trung tâm Khuyến nông", C.PUBLIC_SERVICE),
        ],
        OLD,
        cells,
    )
    _cells(
        bloc,
        "KCQ",
        [
            ("Chi bộ Công ty Điện lực Đồng Tháp", C.STATE_ENTERPRISE),
            ("Chi bộ Công ty Cấp nước Đồng Tháp", C.STATE_ENTERPRISE),
            ("Chi bộ Công ty TNHH Chế biến Thủy sản Sen Hồng", C.PRIVATE_ENTERPRISE),
        ],
        OLD,
        cells,
    )
    school = _committee(province, "DHDT", "Đảng bộ Trường Đại học Đồng Tháp", OrgKind.SCHOOL)
    _cells(
        school,
        "DHDT",
        [
            ("Chi bộ Khoa Sư phạm", C.SCHOOL),
            ("Chi bộ Khoa Kinh tế", C.SCHOOL),
            ("Chi bộ Sinh viên", C.SCHOOL),
        ],
        OLD,
        cells,
    )
    police = _committee(province, "CAT", "Đảng bộ Công an tỉnh", OrgKind.POLICE)
    _cells(
        police,
        "CAT",
        [
            ("Chi bộ Phòng Cảnh sát giao thông", C.POLICE),
            ("Chi bộ Phòng An ninh kinh tế", C.POLICE),
        ],
        OLD,
        cells,
    )
    army = _committee(province, "BCH-QS", "Đảng bộ Quân sự tỉnh", OrgKind.ARMED_FORCES)
    _cells(
        army,
        "BCH-QS",
        [
            ("Chi bộ Cơ quan Chính trị", C.ARMED_FORCES),
            ("Chi bộ Đại đội Trinh sát", C.ARMED_FORCES),
        ],
        OLD,
        cells,
    )

    # Members: residential cells are larger than workplace cells.
    # Every cell has a few long-standing members, so the cases planned for
    # it find their introducers and helpers on any day (apps.admissions.demo).
    factory = PeopleFactory(rng, today)
    rows: list[tuple[Person, Member]] = []
    for cell in cells:
        residential = cell.category in RESIDENTIAL_CATEGORIES
        size = rng.randint(50, 70) if residential else rng.randint(20, 46)
        rows.extend(factory.veteran(cell) for _ in range(VETERANS_PER_CELL))
        rows.extend(factory.pair(cell) for _ in range(size - VETERANS_PER_CELL))
    bulk_create_members(by=ACTOR, rows=rows)

    # 1/7/2025: two-tier local government. New communes and wards directly
    # under the province receive the old ones; the districts are dissolved.
    doc = "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã (2025)"
    new_units = {
        "cao_lanh": ("P-29869", "Đảng bộ phường Cao Lãnh", OrgKind.WARD, "29869", [ward1, ward2]),
        "my_tra": ("P-29888", "Đảng bộ phường Mỹ Trà", OrgKind.WARD, "29888", [my_tra_old]),
        "thap_muoi": ("X-30037", "Đảng bộ xã Tháp Mười", OrgKind.COMMUNE, "30037", [my_an]),
        "my_tho": ("X-30076", "Đảng bộ xã Mỹ Thọ", OrgKind.COMMUNE, "30076", [my_tho_old, my_hoi]),
    }
    created = {}
    for key, (code, name, kind, admin_code, olds) in new_units.items():
        unit = _committee(province, code, name, kind, on=REFORM, admin_code=admin_code)
        services.update_organization(
            unit,
            by=ACTOR,
            decision_body=DecisionBody.GRASSROOTS_STANDING,
            decision_threshold=DecisionThreshold.MAJORITY,
        )
        services.merge_organizations(olds, by=ACTOR, into=unit, on=REFORM, document=doc)
        created[key] = unit
    for district in (city, rural):
        services.dissolve_organization(district, by=ACTOR, on=REFORM, document=doc)
    services.update_organization(province, by=ACTOR, decision_body=DecisionBody.GRASSROOTS_STANDING)

    khom1 = Organization.objects.get(code=DEMO_SECRETARY_CELL)
    logins = [
        (Role.CELL_SECRETARY, khom1, "bithu_khom1", "Nguyễn Thị Hồng"),
        (Role.COMMITTEE_STAFF, created["cao_lanh"], "vanphong_caolanh", "Trần Văn Hải"),
        (Role.COMMITTEE_STAFF, created["my_tho"], "vanphong_mytho", "Lê Minh Tâm"),
        (Role.ORG_COMMITTEE, province, "bantochuc_tinh", "Phạm Quốc Dũng"),
        (Role.TRAINING_CENTRE, province, "trungtam_chinhtri", "Võ Thị Lan"),
        (Role.AUDITOR, province, "kiemtra_tinh", "Huỳnh Văn Bình"),
        (Role.ADMINISTRATOR, province, "quantri", "Đỗ Thanh Sơn"),
    ]
    result = []
    shared_hash = make_password(DEMO_PASSWORD)  # hashed once: argon2 is slow on purpose
    for role, unit, username, full_name in logins:
        user = create_user(
            by=ACTOR, username=username, full_name=full_name, password_hash=shared_hash
        )
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
        grant_role(user, by=ACTOR, organization=unit, role=role)
        result.append(DemoLogin(str(Role(role).label), unit.name, username, DEMO_PASSWORD))
    return result
