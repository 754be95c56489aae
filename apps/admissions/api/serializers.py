from __future__ import annotations

from typing import Any

from rest_framework import serializers

from domain.admission import Attendance

from ..models import Case

DATE_FORMATS = ["%d/%m/%Y", "iso-8601"]


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
    concluded_on = serializers.DateField(
        input_formats=DATE_FORMATS, required=False, allow_null=True
    )
    exempt = serializers.BooleanField(default=False)


class IntroducerIn(serializers.Serializer):
    name = serializers.CharField()
    full_since = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)
    together_since = serializers.DateField(input_formats=DATE_FORMATS)
    introduced_on = serializers.DateField(input_formats=DATE_FORMATS)


class VoteIn(serializers.Serializer):
    attendance = serializers.ListField(
        child=serializers.ChoiceField(choices=[a.value for a in Attendance])
    )
    yes = serializers.IntegerField(min_value=0)
    no = serializers.IntegerField(min_value=0)
    abstain = serializers.IntegerField(min_value=0, default=0)


class PreflightIn(serializers.Serializer):
    """A dossier to check against the rules, without saving anything."""

    vote_on = serializers.DateField(input_formats=DATE_FORMATS)
    date_of_birth = serializers.DateField(input_formats=DATE_FORMATS)
    is_citizen = serializers.BooleanField(default=True)
    education_ok = serializers.BooleanField(default=True)
    education_exception = serializers.BooleanField(default=False)
    education_consent = serializers.BooleanField(default=False)
    over_age_consent = serializers.BooleanField(default=False)
    awareness_certificate_on = serializers.DateField(
        input_formats=DATE_FORMATS, required=False, allow_null=True
    )
    application_on = serializers.DateField(
        input_formats=DATE_FORMATS, required=False, allow_null=True
    )
    personal_history_on = serializers.DateField(
        input_formats=DATE_FORMATS, required=False, allow_null=True
    )
    comments_on = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)
    cell_comment_on = serializers.DateField(
        input_formats=DATE_FORMATS, required=False, allow_null=True
    )
    youth_union_exists = serializers.BooleanField(default=False)
    youth_union_member = serializers.BooleanField(default=False)
    youth_union_resolution_on = serializers.DateField(
        input_formats=DATE_FORMATS, required=False, allow_null=True
    )
    trade_union_resolution_on = serializers.DateField(
        input_formats=DATE_FORMATS, required=False, allow_null=True
    )
    verifications = VerificationIn(many=True, required=False)
    introducers = IntroducerIn(many=True, required=False)
    vote = VoteIn(required=False)


class StepIn(serializers.Serializer):
    on = serializers.DateField(input_formats=DATE_FORMATS)
    number = serializers.CharField(required=False, allow_blank=True, default="")
    received_on = serializers.DateField(input_formats=DATE_FORMATS, required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    attendance = serializers.DictField(
        child=serializers.ChoiceField(choices=[a.value for a in Attendance]), required=False
    )
    yes = serializers.IntegerField(min_value=0, required=False)
    no = serializers.IntegerField(min_value=0, required=False)
    abstain = serializers.IntegerField(min_value=0, required=False, default=0)
