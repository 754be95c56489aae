"""Plausible Vietnamese people for the demo province and synthetic data.

Deterministic for a given random.Random: the same seed gives the same people.
Frequencies are rough national shares (Nguyễn about 38 %, and so on)."""

from __future__ import annotations

import datetime
import random
from collections.abc import Sequence

from apps.organizations.choices import CellCategory
from apps.organizations.models import Organization

from .choices import (
    Gender,
    GeneralEducation,
    MemberStatus,
    OccupationGroup,
    PoliticalTheory,
    Qualification,
    Religion,
)
from .models import Member, Person

FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Huỳnh", 4),
    ("Hoàng", 3),
    ("Phan", 4),
    ("Võ", 4),
    ("Vũ", 2),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 1.5),
    ("Hồ", 1.5),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.6),
    ("Đinh", 0.6),
    ("Trương", 0.8),
    ("Lâm", 0.5),
    ("Châu", 0.4),
    ("Tạ", 0.3),
    ("Đoàn", 0.6),
    ("Mai", 0.4),
    ("Cao", 0.4),
]
MIDDLE_MALE = [
    "Văn",
    "Văn",
    "Văn",
    "Hữu",
    "Minh",
    "Quốc",
    "Thanh",
    "Đức",
    "Công",
    "Hoàng",
    "Tấn",
    "Ngọc",
]
MIDDLE_FEMALE = ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng", "Bích", "Thùy"]
GIVEN_MALE = [
    "An",
    "Anh",
    "Bảo",
    "Bình",
    "Cường",
    "Dũng",
    "Duy",
    "Đạt",
    "Đông",
    "Đức",
    "Giang",
    "Hải",
    "Hào",
    "Hiếu",
    "Hòa",
    "Hùng",
    "Huy",
    "Khang",
    "Khánh",
    "Khoa",
    "Lâm",
    "Long",
    "Lộc",
    "Minh",
    "Nam",
    "Nghĩa",
    "Nhân",
    "Phát",
    "Phong",
    "Phúc",
    "Quân",
    "Quang",
    "Sơn",
    "Tài",
    "Tâm",
    "Thắng",
    "Thành",
    "Thịnh",
    "Toàn",
    "Trí",
    "Trung",
    "Tuấn",
    "Tùng",
    "Việt",
    "Vinh",
    "Vũ",
    "Ân",
    "Ẩn",
    "Ơn",
]
GIVEN_FEMALE = [
    "An",
    "Anh",
    "Ánh",
    "Bích",
    "Chi",
    "Diễm",
    "Dung",
    "Duyên",
    "Giang",
    "Hà",
    "Hạnh",
    "Hằng",
    "Hiền",
    "Hoa",
    "Hồng",
    "Huệ",
    "Hương",
    "Lan",
    "Liên",
    "Linh",
    "Loan",
    "Mai",
    "My",
    "Nga",
    "Ngân",
    "Ngọc",
    "Nhung",
    "Oanh",
    "Phương",
    "Quyên",
    "Thảo",
    "Thu",
    "Thúy",
    "Trang",
    "Trâm",
    "Uyên",
    "Vân",
    "Xuân",
    "Yến",
    "Ẩn",
    "Ý",
]
ETHNIC_MIX = [("01", 94.0), ("05", 3.0), ("04", 2.0), ("17", 0.6), ("02", 0.2), ("03", 0.2)]
RELIGION_MIX = [
    (Religion.NONE, 78.0),
    (Religion.BUDDHISM, 12.0),
    (Religion.HOA_HAO, 4.0),
    (Religion.CATHOLICISM, 3.5),
    (Religion.CAO_DAI, 2.0),
    (Religion.PROTESTANTISM, 0.5),
]
OCCUPATION_BY_CATEGORY = {
    CellCategory.SCHOOL: [
        (OccupationGroup.TEACHER, 70),
        (OccupationGroup.STUDENT, 20),
        (OccupationGroup.PUBLIC_EMPLOYEE, 10),
    ],
    CellCategory.AGENCY: [
        (OccupationGroup.CIVIL_SERVANT, 85),
        (OccupationGroup.PUBLIC_EMPLOYEE, 15),
    ],
    CellCategory.PUBLIC_SERVICE: [
        (OccupationGroup.PUBLIC_EMPLOYEE, 90),
        (OccupationGroup.CIVIL_SERVANT, 10),
    ],
    CellCategory.STATE_ENTERPRISE: [(OccupationGroup.STATE_WORKER, 100)],
    CellCategory.PRIVATE_ENTERPRISE: [(OccupationGroup.PRIVATE_WORKER, 100)],
    CellCategory.COOPERATIVE: [(OccupationGroup.FARMER, 70), (OccupationGroup.BUSINESS, 30)],
    CellCategory.ARMED_FORCES: [(OccupationGroup.ARMED_FORCES, 100)],
    CellCategory.POLICE: [(OccupationGroup.POLICE, 100)],
}
RESIDENTIAL_OCCUPATIONS = [
    (OccupationGroup.FARMER, 35),
    (OccupationGroup.RETIRED, 30),
    (OccupationGroup.BUSINESS, 15),
    (OccupationGroup.PRIVATE_WORKER, 8),
    (OccupationGroup.OTHER, 7),
    (OccupationGroup.STUDENT, 5),
]
OCCUPATION_TITLE = {
    OccupationGroup.FARMER: "Nông dân",
    OccupationGroup.STATE_WORKER: "Công nhân",
    OccupationGroup.PRIVATE_WORKER: "Công nhân",
    OccupationGroup.CIVIL_SERVANT: "Công chức",
    OccupationGroup.PUBLIC_EMPLOYEE: "Viên chức",
    OccupationGroup.TEACHER: "Giáo viên",
    OccupationGroup.STUDENT: "Sinh viên",
    OccupationGroup.ARMED_FORCES: "Quân nhân",
    OccupationGroup.POLICE: "Công an",
    OccupationGroup.BUSINESS: "Kinh doanh",
    OccupationGroup.RETIRED: "Hưu trí",
    OccupationGroup.OTHER: "Lao động tự do",
}


def _pick(rng: random.Random, weighted: Sequence[tuple[str, float]]) -> str:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _day_between(rng: random.Random, start: datetime.date, end: datetime.date) -> datetime.date:
    if end <= start:
        return start
    return start + datetime.timedelta(days=rng.randrange((end - start).days))


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class PeopleFactory:
    """Makes (Person, Member) pairs for a cell; citizen IDs and card numbers
    are unique within one factory (province code prefix + a counter)."""

    def __init__(
        self,
        rng: random.Random,
        today: datetime.date,
        province_code: int = 82,
        serial_start: int = 0,
    ) -> None:
        self.rng = rng
        self.today = today
        self.province_code = province_code
        self.serial = serial_start

    def person(
        self,
        category: str,
        *,
        born: datetime.date | None = None,
        age_years: tuple[int, int] = (20, 75),
    ) -> Person:
        """A plausible person for a cell of `category`: born on `born`, or
        aged between `age_years` (full years) on the factory's today."""
        rng = self.rng
        gender = Gender.FEMALE if rng.random() < 0.38 else Gender.MALE
        family = _pick(rng, FAMILY)
        if gender == Gender.FEMALE:
            middle, given = rng.choice(MIDDLE_FEMALE), rng.choice(GIVEN_FEMALE)
        else:
            middle, given = rng.choice(MIDDLE_MALE), rng.choice(GIVEN_MALE)
        youngest, oldest = age_years
        dob = born or _day_between(
            rng,
            _add_years(self.today, -oldest - 1) + datetime.timedelta(days=1),
            _add_years(self.today, -youngest),
        )
        occupations = OCCUPATION_BY_CATEGORY.get(category, RESIDENTIAL_OCCUPATIONS)  # type: ignore[call-overload]
        occupation = _pick(rng, occupations)
        self.serial += 1
        century = (0 if dob.year < 2000 else 2) + (1 if gender == Gender.FEMALE else 0)
        # Real CCCDs carry the birth year here; a serial keeps synthetic ones unique.
        citizen_id = f"{self.province_code:03d}{century}{self.serial % 10**8:08d}"
        educated = occupation not in (OccupationGroup.FARMER, OccupationGroup.OTHER)
        return Person(
            full_name=f"{family} {middle} {given}",
            gender=gender,
            date_of_birth=dob,
            ethnicity=_pick(rng, ETHNIC_MIX),
            religion=_pick(rng, RELIGION_MIX),
            citizen_id=citizen_id,
            hometown="Đồng Tháp",
            residence="Đồng Tháp",
            general_education=GeneralEducation.UPPER_SECONDARY
            if educated or rng.random() < 0.6
            else GeneralEducation.LOWER_SECONDARY,
            qualification=rng.choice(
                [Qualification.UNIVERSITY, Qualification.COLLEGE, Qualification.MASTER]
            )
            if occupation
            in (
                OccupationGroup.TEACHER,
                OccupationGroup.CIVIL_SERVANT,
                OccupationGroup.PUBLIC_EMPLOYEE,
            )
            else rng.choice(
                [
                    Qualification.NONE,
                    Qualification.NONE,
                    Qualification.VOCATIONAL,
                    Qualification.INTERMEDIATE,
                ]
            ),
            political_theory=rng.choice(
                [
                    PoliticalTheory.NONE,
                    PoliticalTheory.ELEMENTARY,
                    PoliticalTheory.ELEMENTARY,
                    PoliticalTheory.INTERMEDIATE,
                ]
            ),
            occupation=OCCUPATION_TITLE[OccupationGroup(occupation)],
            occupation_group=occupation,
            youth_union=_add_years(dob, 31) > self.today and rng.random() < 0.8,
            trade_union=occupation
            in (
                OccupationGroup.CIVIL_SERVANT,
                OccupationGroup.PUBLIC_EMPLOYEE,
                OccupationGroup.TEACHER,
                OccupationGroup.STATE_WORKER,
                OccupationGroup.PRIVATE_WORKER,
            ),
            demobilised_soldier=gender == Gender.MALE and rng.random() < 0.06,
            phone=f"09{self.rng.randrange(10**8):08d}",
        )

    def member(
        self,
        cell: Organization,
        person: Person,
        *,
        admitted_by: datetime.date | None = None,
    ) -> Member:
        """A membership admitted at 18 or later, after the cell was founded
        and at least 20 days before today (or on `admitted_by` at the
        latest); full a year after the ceremony when that day has come.
        Derived from the person's birth date and today, so it is plausible
        on any day."""
        rng = self.rng
        earliest = max(_add_years(person.date_of_birth, 18), cell.valid_from)
        latest = self.today - datetime.timedelta(days=20)
        if admitted_by is not None:
            latest = min(latest, admitted_by)
        if earliest > latest:
            raise ValueError(
                f"{person.full_name}: no admission day between {earliest} and {latest}"
            )
        admitted = _day_between(rng, earliest, latest)
        ceremony = min(admitted + datetime.timedelta(days=rng.randrange(7, 40)), self.today)
        probation_end = _add_years(ceremony, 1)
        member = Member(
            organization=cell,
            admitted_on=admitted,
            ceremony_on=ceremony,
            card_number=f"{self.province_code:02d}{self.serial:07d}",
        )
        if probation_end > self.today:
            member.status = MemberStatus.PROBATIONARY
        else:
            member.status = MemberStatus.FULL
            member.full_on = probation_end
            if admitted_by is None and rng.random() < 0.03:
                member.status = rng.choice(
                    [MemberStatus.DECEASED, MemberStatus.TRANSFERRED_OUT, MemberStatus.REMOVED]
                )
                member.left_on = _day_between(rng, probation_end, self.today)
        return member

    def veteran(self, cell: Organization) -> tuple[Person, Member]:
        """A long-standing full member (aged 45–70, admitted at least six
        years ago): every demo cell has a few, so the introducers and
        helpers its cases need exist whatever the day."""
        person = self.person(cell.category, age_years=(45, 70))
        return person, self.member(cell, person, admitted_by=_add_years(self.today, -6))

    def pair(self, cell: Organization) -> tuple[Person, Member]:
        person = self.person(cell.category)
        return person, self.member(cell, person)
