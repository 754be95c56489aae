from django.db import models
from django.utils.translation import gettext_lazy as _


class OrgKind(models.TextChoices):
    PROVINCE = "province", _("Province party committee")
    DISTRICT = "district", _("District party committee (before 1/7/2025)")
    COMMUNE = "commune", _("Commune party committee")
    WARD = "ward", _("Ward party committee")
    SPECIAL_ZONE = "special_zone", _("Special zone party committee")
    AGENCY_BLOC = "agency_bloc", _("Agencies bloc party committee")
    AGENCY = "agency", _("Agency grassroots party committee")
    ENTERPRISE = "enterprise", _("Enterprise grassroots party committee")
    SCHOOL = "school", _("School grassroots party committee")
    ARMED_FORCES = "armed_forces", _("Armed forces grassroots party committee")
    POLICE = "police", _("Police grassroots party committee")
    INTERMEDIATE = "intermediate", _("Intermediate party committee")
    CELL = "cell", _("Party cell")


class CellCategory(models.TextChoices):
    VILLAGE = "village", _("Residential: village (thôn)")
    HAMLET = "hamlet", _("Residential: hamlet (ấp)")
    KHOM = "khom", _("Residential: khóm")
    STREET_GROUP = "street_group", _("Residential: street group (tổ dân phố)")
    BAN = "ban", _("Residential: bản")
    SCHOOL = "school", _("School")
    AGENCY = "agency", _("Agency")
    PUBLIC_SERVICE = "public_service", _("Public service unit")
    STATE_ENTERPRISE = "state_enterprise", _("State enterprise")
    PRIVATE_ENTERPRISE = "private_enterprise", _("Non-state enterprise")
    COOPERATIVE = "cooperative", _("Cooperative")
    ARMED_FORCES = "armed_forces", _("Armed forces")
    POLICE = "police", _("Police")


RESIDENTIAL_CATEGORIES = frozenset(
    {
        CellCategory.VILLAGE,
        CellCategory.HAMLET,
        CellCategory.KHOM,
        CellCategory.STREET_GROUP,
        CellCategory.BAN,
    }
)


class DecisionBody(models.TextChoices):
    """Who decides admission and full membership for a unit (RULES V5)."""

    INHERIT = "", _("As the parent unit")
    PROVINCE_STANDING = "province_standing", _("Province standing committee")
    DISTRICT_STANDING = "district_standing", _("District standing committee")
    GRASSROOTS_STANDING = "grassroots_standing", _("Grassroots standing committee")
    GRASSROOTS_COMMITTEE = "grassroots_committee", _("Grassroots committee (delegated)")


class DecisionThreshold(models.TextChoices):
    INHERIT = "", _("As the parent unit")
    TWO_THIRDS = "two_thirds", _("At least 2/3 of the members")
    MAJORITY = "majority", _("More than 1/2 of the members")


class OrgEventKind(models.TextChoices):
    CREATE = "create", _("Established")
    RENAME = "rename", _("Renamed")
    MOVE = "move", _("Moved under another unit")
    MERGE = "merge", _("Merged")
    SPLIT = "split", _("Split")
    DISSOLVE = "dissolve", _("Dissolved")
