from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _
from rest_framework import serializers

from domain.admission import Attendance
from domain.dates import EARLIEST, LATEST, in_range

from ..models import Case

DATE_FORMATS = ["%d/%m/%Y", "iso-8601"]
MAX_COUNT = 10_000  # votes or members: a cell is never this big


class DateIn(serializers.DateField):
    """A date typed dd/mm/yyyy or ISO, within domain.dates.EARLIEST–LATEST
    (the rules add months and working days to it)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("input_formats", DATE_FORMATS)
        super().__init__(**kwargs)

    def to_internal_value(self, value: Any) -> datetime.date:
        day: datetime.date = super().to_internal_value(value)
        if not in_range(day):
            raise serializers.ValidationError(
                _("The date {day} is outside {first}–{last}: check the year.").format(
                    day=day.strftime("%d/%m/%Y"),
                    first=EARLIEST.strftime("%d/%m/%Y"),
                    last=LATEST.strftime("%d/%m/%Y"),
                )
            )
        return day


class CaseSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    cell = serializers.CharField(source="organization.name", read_only=True)
    next_deadline = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "full_name",
            "person",
            "organization",
            "cell",
            "kind",
            "source",
            "stage",
            "on_hold",
            "hold_reason",
            "opened_on",
            "certificate_on",
            "cell_resolution_on",
            "committee_resolution_on",
            "decision_on",
            "decision_number",
            "decision_received_on",
            "ceremony_on",
            "recognition_resolution_on",
            "recognition_decision_on",
            "closed_on",
            "close_reason",
            "member",
            "next_deadline",
        ]
        read_only_fields = fields

    def get_next_deadline(self, case: Case) -> dict[str, Any] | None:
        deadline = self.context.get("deadlines", {}).get(case.pk)
        if deadline is None:
            return None
        return {
            "rule": deadline.rule,
            "due": deadline.due.isoformat(),
            "days_left": deadline.days_left,
            "overdue": deadline.overdue,
        }


class VerificationIn(serializers.Serializer):
    relation = serializers.CharField()
    concluded_on = DateIn(required=False, allow_null=True)
    exempt = serializers.BooleanField(default=False)


class IntroducerIn(serializers.Serializer):
    name = serializers.CharField()
    full_since = DateIn(required=False, allow_null=True)
    together_since = DateIn()
    introduced_on = DateIn()


class VoteIn(serializers.Serializer):
    attendance = serializers.ListField(
        child=serializers.ChoiceField(choices=[a.value for a in Attendance]),
        max_length=MAX_COUNT,
    )
    yes = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    no = serializers.IntegerField(min_value=0, max_value=MAX_COUNT)
    abstain = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, default=0)


class PreflightIn(serializers.Serializer):
    """A dossier to check against the rules, without saving anything."""

    vote_on = DateIn()
    date_of_birth = DateIn()
    # omitted: unknown, which blocks E1 / E4 (it never passes)
    is_citizen = serializers.BooleanField(required=False, allow_null=True, default=None)
    education_ok = serializers.BooleanField(required=False, allow_null=True, default=None)
    education_exception = serializers.BooleanField(default=False)
    education_consent = serializers.BooleanField(default=False)
    over_age_consent = serializers.BooleanField(default=False)
    awareness_certificate_on = DateIn(required=False, allow_null=True)
    application_on = DateIn(required=False, allow_null=True)
    personal_history_on = DateIn(required=False, allow_null=True)
    comments_on = DateIn(required=False, allow_null=True)
    cell_comment_on = DateIn(required=False, allow_null=True)
    youth_union_exists = serializers.BooleanField(default=False)
    youth_union_member = serializers.BooleanField(default=False)
    youth_union_resolution_on = DateIn(required=False, allow_null=True)
    trade_union_resolution_on = DateIn(required=False, allow_null=True)
    trade_union_member = serializers.BooleanField(default=False)
    verifications = VerificationIn(many=True, required=False)
    introducers = IntroducerIn(many=True, required=False)
    vote = VoteIn(required=False)


class StepIn(serializers.Serializer):
    on = DateIn()
    number = serializers.CharField(required=False, allow_blank=True, default="")
    received_on = DateIn(required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    attendance = serializers.DictField(
        child=serializers.ChoiceField(choices=[a.value for a in Attendance]), required=False
    )
    yes = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False)
    no = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False)
    abstain = serializers.IntegerField(min_value=0, max_value=MAX_COUNT, required=False, default=0)
    stage = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The stage the caller last read: a step on a case that moved since is refused.",
    )
