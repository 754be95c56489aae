from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.scope import scope_paths
from apps.audit.access import LoggedReadMixin
from apps.common.ids import parse_id
from domain.roles import Perm

from .. import services
from ..choices import EnrolmentStatus
from ..models import Enrolment, TrainingClass
from ..selectors import classes_in_scope, enrolments_in_scope, nominable_cases
from .serializers import EnrolmentSerializer, NominateIn, TrainingClassSerializer


class TrainingClassViewSet(viewsets.ReadOnlyModelViewSet):
    """Classes serving the caller's units or run by their providers, with
    their counts. `?status=`, `?category=` filter."""

    serializer_class = TrainingClassSerializer

    def get_queryset(self) -> QuerySet[TrainingClass]:
        qs = (
            classes_in_scope(self.request.user)
            .select_related("kind", "provider")
            .prefetch_related("sessions", "units")
            .annotate(
                nominated=Count("enrolments"),
                accepted=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACCEPTED)),
                certified=Count("enrolments", filter=Q(enrolments__certificate_on__isnull=False)),
            )
            .order_by("-id")
        )
        if value := self.request.query_params.get("status"):
            qs = qs.filter(status=value)
        if value := self.request.query_params.get("category"):
            qs = qs.filter(kind__category=value)
        return qs

    @extend_schema(request=NominateIn, responses={201: EnrolmentSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def nominate(self, request: Request, pk: str) -> Response:
        """Nominate cases of the caller's cells to this class: 403 for a
        caller who may change no cell the class serves."""
        klass = self.get_object()
        served = [unit.path for unit in klass.units.all()]
        own = scope_paths(request.user, Perm.CHANGE_MEMBERS)
        if not any(p.startswith(s) or s.startswith(p) for p in own for s in served):
            raise PermissionDenied
        payload = NominateIn(data=request.data)
        payload.is_valid(raise_exception=True)
        chosen = list(
            nominable_cases(request.user, klass)
            .filter(pk__in=payload.validated_data["cases"])
            .select_related("organization")
        )
        if len(chosen) != len(set(payload.validated_data["cases"])):
            return Response(
                {"cases": ["Một số hồ sơ không thể cử vào lớp này."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        made = []
        try:
            for case in chosen:
                unit = next(
                    u for u in klass.units.all() if case.organization.path.startswith(u.path)
                )
                made.append(services.nominate(klass, by=request.user, case=case, unit=unit))
        except ValidationError as exc:
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        return Response(EnrolmentSerializer(made, many=True).data, status=status.HTTP_201_CREATED)


class EnrolmentViewSet(LoggedReadMixin, viewsets.ReadOnlyModelViewSet):
    """Enrolments of people in the caller's scope. `?class=ID`,
    `?certified=1` for the certificates issued. Every read is recorded in
    the access log."""

    serializer_class = EnrolmentSerializer
    access_model = Enrolment
    access_label = gettext_lazy("Class participants (API)")

    def get_queryset(self) -> QuerySet[Enrolment]:
        qs = (
            enrolments_in_scope(self.request.user)
            .select_related("person", "training_class")
            .order_by("person__sort_key", "id")
        )
        if value := self.request.query_params.get("class"):
            qs = qs.filter(training_class_id=parse_id(value) or 0)
        if self.request.query_params.get("certified") == "1":
            qs = qs.filter(certificate_on__isnull=False)
        return qs
