from rest_framework import serializers

from apps.common.ids import MAX_ID

from ..models import ClassSession, Enrolment, TrainingClass


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClassSession
        fields = ["date", "topic"]
        read_only_fields = fields


class EnrolmentSerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    class_title = serializers.CharField(source="training_class.title", read_only=True)

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "training_class",
            "class_title",
            "person",
            "full_name",
            "case",
            "nominated_by",
            "status",
            "result",
            "mark",
            "certificate_number",
            "certificate_on",
            "certificate_issuer",
        ]
        read_only_fields = fields


class TrainingClassSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(source="kind.code", read_only=True)
    category = serializers.CharField(source="kind.category", read_only=True)
    provider = serializers.CharField(source="provider.name", read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)
    nominated = serializers.IntegerField(read_only=True)
    accepted = serializers.IntegerField(read_only=True)
    certified = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingClass
        fields = [
            "id",
            "title",
            "kind",
            "category",
            "provider",
            "place",
            "capacity",
            "status",
            "units",
            "sessions",
            "nominated",
            "accepted",
            "certified",
        ]
        read_only_fields = fields


class NominateIn(serializers.Serializer):
    cases = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID), min_length=1, max_length=500
    )
