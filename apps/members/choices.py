from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


# The 54 ethnic groups with the codes of the General Statistics Office list.
# Names are proper nouns and are not translated.
ETHNICITIES: list[tuple[str, str]] = [
    ("01", "Kinh"),
    ("02", "Tày"),
    ("03", "Thái"),
    ("04", "Hoa"),
    ("05", "Khmer"),
    ("06", "Mường"),
    ("07", "Nùng"),
    ("08", "Mông"),
    ("09", "Dao"),
    ("10", "Gia Rai"),
    ("11", "Ngái"),
    ("12", "Ê Đê"),
    ("13", "Ba Na"),
    ("14", "Xơ Đăng"),
    ("15", "Sán Chay"),
    ("16", "Cơ Ho"),
    ("17", "Chăm"),
    ("18", "Sán Dìu"),
    ("19", "Hrê"),
    ("20", "Mnông"),
    ("21", "Ra Glai"),
    ("22", "Xtiêng"),
    ("23", "Bru - Vân Kiều"),
    ("24", "Thổ"),
    ("25", "Giáy"),
    ("26", "Cơ Tu"),
    ("27", "Giẻ Triêng"),
    ("28", "Mạ"),
    ("29", "Khơ Mú"),
    ("30", "Co"),
    ("31", "Tà Ôi"),
    ("32", "Chơ Ro"),
    ("33", "Kháng"),
    ("34", "Xinh Mun"),
    ("35", "Hà Nhì"),
    ("36", "Chu Ru"),
    ("37", "Lào"),
    ("38", "La Chí"),
    ("39", "La Ha"),
    ("40", "Phù Lá"),
    ("41", "La Hủ"),
    ("42", "Lự"),
    ("43", "Lô Lô"),
    ("44", "Chứt"),
    ("45", "Mảng"),
    ("46", "Pà Thẻn"),
    ("47", "Cờ Lao"),
    ("48", "Cống"),
    ("49", "Bố Y"),
    ("50", "Si La"),
    ("51", "Pu Péo"),
    ("52", "Brâu"),
    ("53", "Ơ Đu"),
    ("54", "Rơ Măm"),
]
KINH = "01"


class Religion(models.TextChoices):
    NONE = "none", _("None")
    BUDDHISM = "buddhism", _("Buddhism")
    CATHOLICISM = "catholicism", _("Catholicism")
    PROTESTANTISM = "protestantism", _("Protestantism")
    CAO_DAI = "cao_dai", _("Cao Đài")
    HOA_HAO = "hoa_hao", _("Hòa Hảo Buddhism")
    ISLAM = "islam", _("Islam")
    OTHER = "other", _("Other religion")


class GeneralEducation(models.TextChoices):
    PRIMARY = "5/12", "5/12"
    LOWER_SECONDARY = "9/12", "9/12"
    UPPER_SECONDARY = "12/12", "12/12"


class Qualification(models.TextChoices):
    NONE = "none", _("None")
    VOCATIONAL = "vocational", _("Vocational")
    INTERMEDIATE = "intermediate", _("Professional secondary")
    COLLEGE = "college", _("College")
    UNIVERSITY = "university", _("University")
    MASTER = "master", _("Master")
    DOCTOR = "doctor", _("Doctor")


class PoliticalTheory(models.TextChoices):
    NONE = "none", _("None")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    BACHELOR = "bachelor", _("Bachelor of political theory")


class OccupationGroup(models.TextChoices):
    FARMER = "farmer", _("Farmer")
    STATE_WORKER = "state_worker", _("Worker in a state enterprise")
    PRIVATE_WORKER = "private_worker", _("Worker in a non-state enterprise")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    PUBLIC_EMPLOYEE = "public_employee", _("Public employee")
    TEACHER = "teacher", _("Teacher")
    STUDENT = "student", _("Student")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    POLICE = "police", _("Police")
    BUSINESS = "business", _("Self-employed or business owner")
    RETIRED = "retired", _("Retired")
    OTHER = "other", _("Other")


class MemberStatus(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary member")
    FULL = "full", _("Full member")
    REMOVED = "removed", _("Removed from the rolls")
    EXPELLED = "expelled", _("Expelled")
    DECEASED = "deceased", _("Deceased")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")


ACTIVE_STATUSES = frozenset({MemberStatus.PROBATIONARY, MemberStatus.FULL})
