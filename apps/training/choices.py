from django.db import models
from django.utils.translation import gettext_lazy as _


class CourseCategory(models.TextChoices):
    AWARENESS = "awareness", _("Awareness class (before admission)")
    NEW_MEMBER = "new_member", _("Theory class for new members")
    CADRE = "cadre", _("Cadre course")


class ClassStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for enrolment")
    RUNNING = "running", _("Running")
    FINISHED = "finished", _("Finished")
    CANCELLED = "cancelled", _("Cancelled")


class EnrolmentStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    ACCEPTED = "accepted", _("Accepted")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", _("Declined")


class Result(models.TextChoices):
    PENDING = "", _("No result yet")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")
