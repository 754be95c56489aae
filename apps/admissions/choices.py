from django.db import models
from django.utils.translation import gettext_lazy as _

from domain.admission import Action as DAction
from domain.admission import Attendance as DAttendance
from domain.admission import ExitReason as DExit
from domain.admission import Stage as DStage


class Stage(models.TextChoices):
    CANDIDATE = DStage.CANDIDATE.value, _("Candidate in the pool")
    TRAINED = DStage.TRAINED.value, _("Awareness class done")
    DOSSIER = DStage.DOSSIER.value, _("Dossier in preparation")
    CELL_RESOLVED = DStage.CELL_RESOLVED.value, _("Cell resolution proposing admission")
    APPRAISED = DStage.APPRAISED.value, _("Appraised by the intermediate committee")
    COMMITTEE_RESOLVED = DStage.COMMITTEE_RESOLVED.value, _("Grassroots committee resolution")
    ADMITTED = DStage.ADMITTED.value, _("Admission decided")
    PROBATIONARY = DStage.PROBATIONARY.value, _("Probationary member")
    RECOGNITION_CELL_RESOLVED = (
        DStage.RECOGNITION_CELL_RESOLVED.value,
        _("Cell resolution proposing full membership"),
    )
    RECOGNITION_APPRAISED = DStage.RECOGNITION_APPRAISED.value, _("Full membership appraised")
    RECOGNITION_COMMITTEE_RESOLVED = (
        DStage.RECOGNITION_COMMITTEE_RESOLVED.value,
        _("Committee resolution on full membership"),
    )
    FULL_MEMBER = DStage.FULL_MEMBER.value, _("Full member")
    REMOVAL_PROPOSED = (
        DStage.REMOVAL_PROPOSED.value,
        _("Removal from the probationary list proposed"),
    )
    WITHDRAWN = DStage.WITHDRAWN.value, _("Withdrawn")
    REJECTED = DStage.REJECTED.value, _("Not qualified")
    REMOVED = DStage.REMOVED.value, _("Removed from the probationary list")
    DECEASED = DStage.DECEASED.value, _("Deceased")


class Action(models.TextChoices):
    RECORD_CERTIFICATE = DAction.RECORD_CERTIFICATE.value, _("Record the awareness certificate")
    OPEN_DOSSIER = DAction.OPEN_DOSSIER.value, _("Open the dossier")
    CELL_VOTE = DAction.CELL_VOTE.value, _("Record the cell's vote")
    APPRAISE = DAction.APPRAISE.value, _("Record the intermediate committee's appraisal")
    COMMITTEE_RESOLVE = (
        DAction.COMMITTEE_RESOLVE.value,
        _("Record the grassroots committee's resolution"),
    )
    DECIDE_ADMISSION = DAction.DECIDE_ADMISSION.value, _("Record the admission decision")
    HOLD_CEREMONY = DAction.HOLD_CEREMONY.value, _("Record the admission ceremony")
    RECOGNITION_VOTE = (
        DAction.RECOGNITION_VOTE.value,
        _("Record the cell's vote on full membership"),
    )
    RECOGNITION_APPRAISE = (
        DAction.RECOGNITION_APPRAISE.value,
        _("Record the appraisal on full membership"),
    )
    RECOGNITION_COMMITTEE_RESOLVE = (
        DAction.RECOGNITION_COMMITTEE_RESOLVE.value,
        _("Record the committee's resolution on full membership"),
    )
    DECIDE_RECOGNITION = DAction.DECIDE_RECOGNITION.value, _("Record the full membership decision")
    WITHDRAW = DAction.WITHDRAW.value, _("Withdraw")
    REJECT = DAction.REJECT.value, _("Not qualified")
    PROPOSE_REMOVAL = (
        DAction.PROPOSE_REMOVAL.value,
        _("Propose removal from the probationary list"),
    )
    REMOVE = DAction.REMOVE.value, _("Remove from the probationary list")
    DECLINE_REMOVAL = (
        DAction.DECLINE_REMOVAL.value,
        _("Keep on the probationary list (removal not approved)"),
    )
    DECEASE = DAction.DECEASE.value, _("Record death")


class Attendance(models.TextChoices):
    PRESENT = DAttendance.PRESENT.value, _("Present")
    ABSENT = DAttendance.ABSENT.value, _("Absent")
    TRANSFERRED = DAttendance.TRANSFERRED.value, _("On temporary transfer elsewhere")
    EXEMPT_ABSENT = DAttendance.EXEMPT_ABSENT.value, _("Exempted, absent")
    EXEMPT_PRESENT = DAttendance.EXEMPT_PRESENT.value, _("Exempted, present")


class SourceOrg(models.TextChoices):
    YOUTH_UNION = "youth_union", _("Youth Union")
    WOMEN = "women", _("Women's Union")
    VETERANS = "veterans", _("Veterans' Union")
    FARMERS = "farmers", _("Farmers' Union")
    TRADE_UNION = "trade_union", _("Trade union")
    SCHOOL = "school", _("School")
    MILITIA = "militia", _("Militia / armed forces")
    RESIDENTIAL = "residential", _("Residential cell")
    OTHER = "other", _("Other")


class CaseKind(models.TextChoices):
    ADMISSION = "admission", _("Admission")
    READMISSION = "readmission", _("Re-admission")


class ExitReason(models.TextChoices):
    ORDINARY = DExit.ORDINARY.value, _("Removed from the rolls or lost contact")
    HARDSHIP = DExit.HARDSHIP.value, _("Asked to leave because of hardship")
    EXPUNGED_CONVICTION = (
        DExit.EXPUNGED_CONVICTION.value,
        _("A less serious conviction, since expunged"),
    )
    ABANDONED = DExit.ABANDONED.value, _("Abandoned party activity")
    ASKED_TO_LEAVE = DExit.ASKED_TO_LEAVE.value, _("Asked to leave (not for hardship)")
    DISUNITY = DExit.DISUNITY.value, _("Caused serious disunity")
    CORRUPTION = DExit.CORRUPTION.value, _("Convicted of corruption")
    SERIOUS_CRIME = DExit.SERIOUS_CRIME.value, _("Convicted of a serious crime")


class ConsentKind(models.TextChoices):
    """Exceptions that need a recorded consent (document, date, body)."""

    OVER_AGE = "over_age", _("Over 60: province standing committee consent (E3)")
    READMISSION = "readmission", _("Re-admission: province standing committee consent (T6)")
    EDUCATION = "education", _("Education exception (E4)")
    DECISION_EXTENSION = "decision_extension", _("Admission decision extended (T1)")
    LATE_CEREMONY = "late_ceremony", _("Ceremony after the deadline (T2)")
    RECOGNITION_EXTENSION = "recognition_extension", _("Full membership decision extended (T5)")


class DocumentCode(models.TextChoices):
    APPLICATION = "application", _("Application (1-KNĐ)")
    PERSONAL_HISTORY = "personal_history", _("Personal history (2-KNĐ)")
    YOUTH_UNION_RESOLUTION = (
        "youth_union_resolution",
        _("Youth Union resolution introducing (4-KNĐ)"),
    )
    TRADE_UNION_RESOLUTION = (
        "trade_union_resolution",
        _("Trade union resolution introducing (4-KNĐ)"),
    )
    COMMENTS = "comments", _("Consolidated comments (5-KNĐ)")
    CELL_COMMENT = "cell_comment", _("Cell committee's comment on the history")
    SELF_REVIEW = "self_review", _("Probationary member's self-review (10-KNĐ)")
    HELPER_COMMENT = "helper_comment", _("Helper's comment (11-KNĐ)")
    PROBATION_COMMENTS = (
        "probation_comments",
        _("Consolidated comments on the probationary member (12-KNĐ)"),
    )
    NEW_MEMBER_CERTIFICATE = "new_member_certificate", _("New-member theory course certificate")
