from typing import Any

from django.db.models import QuerySet
from rest_framework import viewsets

from apps.accounts.scope import restrict
from apps.common.ids import parse_id

from ..models import Organization
from .serializers import OrganizationSerializer


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """Units in the caller's scope; `?parent=ID` lists one unit's children,
    `?active=1` only units not closed."""

    serializer_class = OrganizationSerializer

    def get_queryset(self) -> QuerySet[Organization]:
        qs = restrict(Organization.objects.all(), self.request.user).order_by("path")
        params: Any = self.request.query_params
        if parent := params.get("parent"):
            qs = qs.filter(parent_id=parse_id(parent) or 0)
        if params.get("active") == "1":
            qs = qs.filter(valid_to__isnull=True)
        return qs
