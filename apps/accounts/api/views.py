"""The caller's own account on the API: who am I, and the password change
that a user whose password was reset needs before any other API call."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import services, throttle
from .serializers import MeSerializer, PasswordChangeSerializer


class MeView(APIView):
    """GET: the caller's username, name, grants and whether they must change
    their password first."""

    allowed_before_password_change = True

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user: Any = request.user
        grants = [
            {"role": a.role, "unit_id": a.organization_id, "unit": a.organization.name}
            for a in user.assignments.select_related("organization")
        ]
        data = {
            "username": user.username,
            "full_name": user.full_name,
            "must_change_password": user.must_change_password,
            "grants": grants,
        }
        return Response(MeSerializer(data).data)


class PasswordChangeView(APIView):
    """POST {old_password, new_password}: change the caller's password. The
    old password is checked by the same backend as the login form, so wrong
    guesses count towards the lock-out."""

    allowed_before_password_change = True

    @extend_schema(request=PasswordChangeSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        body = PasswordChangeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user: Any = request.user
        checked = authenticate(
            request._request,
            username=user.get_username(),
            password=body.validated_data["old_password"],
        )
        if checked is None or checked.pk != user.pk:
            if throttle.locked_until(user.get_username()) is not None:
                raise PermissionDenied(
                    _("Too many failed logins: this account is locked for a while.")
                )
            return Response(
                {"old_password": [_("Current password: it is not right. Type it again.")]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        new = body.validated_data["new_password"]
        try:
            password_validation.validate_password(new, user)
        except ValidationError as exc:
            return Response({"new_password": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        services.set_password(user, by=user, password=new, temporary=False)
        return Response(status=status.HTTP_204_NO_CONTENT)
