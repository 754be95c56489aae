from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from rest_framework import viewsets

from apps.accounts.scope import access
from apps.audit.access import LoggedReadMixin
from apps.common.ids import parse_id
from apps.organizations.models import Organization

from ..choices import ACTIVE_STATUSES
from ..models import Member
from ..selectors import members_in_scope, search_members
from .serializers import MemberSerializer


class MemberViewSet(LoggedReadMixin, viewsets.ReadOnlyModelViewSet):
    """Party members in the caller's scope, in Vietnamese name order.
    `?unit=ID` limits to a unit's subtree, `?q=` searches names without
    accents (or a party card number; an exact citizen ID for those who may
    see personal data), `?status=` filters (default: active members). Every
    read is recorded in the access log."""

    serializer_class = MemberSerializer
    access_model = Member
    access_label = gettext_lazy("Members (API)")

    def get_queryset(self) -> QuerySet[Member]:
        params = self.request.query_params
        qs = members_in_scope(self.request.user).select_related("person", "organization")
        if unit := params.get("unit"):
            org = access(Organization.objects.all(), self.request.user, pk=parse_id(unit) or 0)
            qs = qs.filter(organization__path__startswith=org.path)
        qs = search_members(qs, params.get("q", ""), self.request.user)
        status = params.get("status", "")
        if status == "":
            qs = qs.filter(status__in=ACTIVE_STATUSES)
        elif status != "all":
            qs = qs.filter(status=status)
        return qs.order_by("person__sort_key", "id")
