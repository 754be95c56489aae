"""Vietnamese labels of the report groups (message ids in English)."""

from django.utils.translation import gettext_lazy as _

from domain.statistics import Quality

QUALITY_LABELS = {
    Quality.WOMEN: _("Women"),
    Quality.ETHNIC_MINORITY: _("Ethnic minorities"),
    Quality.RELIGIOUS: _("Religious believers"),
    Quality.YOUTH_UNION: _("Youth Union members"),
    Quality.AGED_18_30: _("Aged 18–30"),
    Quality.UPPER_SECONDARY: _("Upper secondary education"),
    Quality.COLLEGE_PLUS: _("College, university or higher"),
    Quality.STUDENT: _("Students (pupils and university)"),
    Quality.PRIVATE_WORKER: _("Workers in non-state enterprises"),
    Quality.DEMOBILISED: _("Demobilised soldiers"),
    Quality.RESIDENTIAL: _("In residential cells"),
}

PROBATION_LABELS = {
    "due": _("Probation ended: recognition due"),
    "on_time": _("Recognised on time"),
    "late": _("Late (a deadline was missed)"),
    "pending": _("Within the deadline, not yet recognised"),
    "removed": _("Removed during probation"),
}
