from typing import Any

from rest_framework import serializers

from apps.accounts.scope import has_perm_at
from domain.roles import Perm

from ..models import PERSON_FIELDS, PERSONAL_FIELDS, Member, Person


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", *PERSON_FIELDS]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    person = PersonSerializer(read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Member
        fields = [
            "id",
            "person",
            "organization",
            "organization_name",
            "status",
            "admitted_on",
            "ceremony_on",
            "full_on",
            "card_number",
            "residence_cell",
            "left_on",
        ]
        read_only_fields = fields

    def to_representation(self, instance: Member) -> dict[str, Any]:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not has_perm_at(
            request.user, instance.organization.path, Perm.VIEW_PERSONAL
        ):
            for name in PERSONAL_FIELDS:
                data["person"][name] = None
        return data
