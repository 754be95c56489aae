from rest_framework import serializers

from ..models import Organization


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "category",
            "parent",
            "path",
            "depth",
            "admin_code",
            "valid_from",
            "valid_to",
            "decision_body",
            "decision_threshold",
        ]
        read_only_fields = fields
