from __future__ import annotations

from rest_framework import serializers


class GrantSerializer(serializers.Serializer):
    role = serializers.CharField()
    unit_id = serializers.IntegerField()
    unit = serializers.CharField()


class MeSerializer(serializers.Serializer):
    """The caller's account, as the API sees it."""

    username = serializers.CharField()
    full_name = serializers.CharField()
    must_change_password = serializers.BooleanField()
    grants = GrantSerializer(many=True)


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(write_only=True, trim_whitespace=False)
    new_password = serializers.CharField(write_only=True, trim_whitespace=False)
