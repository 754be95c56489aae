from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.request import Request
from rest_framework.response import Response

from apps.accounts.scope import access
from apps.audit.access import LoggedReadMixin
from apps.common.clock import today
from apps.common.ids import parse_id
from apps.organizations.models import Organization
from apps.reports.figures import overdue_case_ids
from domain import admission as d

from .. import evaluation
from ..choices import Action
from ..messages import as_dict
from ..models import Case
from ..selectors import cases_in_scope
from ..services import refusals
from ..steps import StepData, perm_for, take
from .serializers import CaseSerializer, PreflightIn, StepIn


class CaseViewSet(LoggedReadMixin, viewsets.ReadOnlyModelViewSet):
    """Development cases in the caller's scope. Filters: `unit` (a subtree),
    `stage`, `overdue=1`. Steps are POST actions: `/cases/{id}/{action}/`.
    Every read is recorded in the access log."""

    serializer_class = CaseSerializer
    access_model = Case
    access_label = gettext_lazy("Development cases (API)")

    def get_queryset(self) -> QuerySet[Case]:
        params = self.request.query_params
        qs = (
            cases_in_scope(self.request.user)
            .select_related("person", "organization__parent")
            .prefetch_related("consents")
        )
        if unit := params.get("unit"):
            org = access(Organization.objects.all(), self.request.user, pk=parse_id(unit) or 0)
            qs = qs.filter(organization__path__startswith=org.path)
        if stage := params.get("stage"):
            qs = qs.filter(stage=stage)
        return qs.order_by("person__sort_key", "id")

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "deadlines": getattr(self, "_deadlines", {})}

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        qs = self.filter_queryset(self.get_queryset())
        cal, day = evaluation.calendar(), today()
        if request.query_params.get("overdue") == "1":
            # filtered before paging, so the count and every page hold
            # only overdue cases (the board's rule)
            qs = qs.filter(pk__in=overdue_case_ids(qs, day))
        page = self.paginate_queryset(qs)
        rows = list(page if page is not None else qs)
        self._deadlines = {c.pk: evaluation.next_deadline(c, day, cal) for c in rows}
        data = self.get_serializer(rows, many=True).data
        return self.get_paginated_response(data) if page is not None else Response(data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        case = self.get_object()
        day = today()
        self._deadlines = {case.pk: evaluation.next_deadline(case, day)}
        data = dict(self.get_serializer(case).data)
        data["rules"] = [as_dict(o) for o in evaluation.preflight(case, day)]
        data["deadlines"] = [
            {
                "rule": x.rule,
                "start": x.start.isoformat(),
                "due": x.due.isoformat(),
                "done_on": x.done_on.isoformat() if x.done_on else None,
                "days_left": x.days_left,
                "overdue": x.overdue,
                "policy": x.policy,
            }
            for x in evaluation.deadlines(case, day)
        ]
        data["next_steps"] = [
            {
                "action": s.action,
                "earliest": s.earliest.isoformat() if s.earliest else None,
                "latest": s.latest.isoformat() if s.latest else None,
            }
            for s in evaluation.next_steps(case, day)
        ]
        return Response(data)

    @extend_schema(
        request=StepIn,
        responses={200: CaseSerializer, 400: OpenApiResponse(description="rules refused")},
    )
    @action(detail=True, methods=["post"], url_path=r"(?P<step>[a-z_]+)")
    def step(self, request: Request, pk: str, step: str) -> Response:
        """Take one workflow step (the same service as the web form)."""
        try:
            act = Action(step)
        except ValueError:
            return Response({"detail": "unknown step"}, status=status.HTTP_404_NOT_FOUND)
        case = access(
            Case.objects.select_related("person", "organization__parent"),
            request.user,
            perm_for(act),
            path_field="organization__path",
            pk=parse_id(pk) or 0,
        )
        payload = StepIn(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        step_data = StepData(
            on=data["on"],
            number=data.get("number", ""),
            received_on=data.get("received_on"),
            reason=data.get("reason", ""),
            attendance={
                int(k): v for k, v in (data.get("attendance") or {}).items() if str(k).isdigit()
            },
            yes=data.get("yes"),
            no=data.get("no"),
            abstain=data.get("abstain", 0),
            seen_stage=data.get("stage") or None,
        )
        try:
            case = take(case, act, step_data, request.user).case
        except ValidationError as exc:
            return Response({"refusals": refusals(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(CaseSerializer(case, context={"deadlines": {}}).data)


@extend_schema(request=PreflightIn, responses={200: OpenApiResponse(description="rule outcomes")})
@api_view(["POST"])
def preflight(request: Request) -> Response:
    """Check a dossier given as JSON against the rules in force on its vote
    date, without saving anything."""
    payload = PreflightIn(data=request.data)
    payload.is_valid(raise_exception=True)
    data = dict(payload.validated_data)
    vote_on = data.pop("vote_on")
    vote = data.pop("vote", None)
    facts = d.Facts(
        **{k: v for k, v in data.items() if k not in ("verifications", "introducers")},
        verifications=tuple(
            d.Verification(v["relation"], v.get("concluded_on"), v.get("exempt", False))
            for v in data.get("verifications", [])
        ),
        introducers=tuple(
            d.Introducer(i["name"], i.get("full_since"), i["together_since"], i["introduced_on"])
            for i in data.get("introducers", [])
        ),
    )
    policy = evaluation.policy_for(vote_on)
    outcomes = d.eligibility(facts, vote_on, policy) + d.dossier(facts, vote_on, policy)
    result: dict[str, Any] = {}
    if vote:
        counted = d.count_vote(
            [d.Attendance(a) for a in vote["attendance"]],
            vote["yes"],
            vote["no"],
            vote.get("abstain", 0),
            policy,
        )
        outcomes += list(counted.outcomes)
        result["vote"] = {
            "official_members": counted.official_members,
            "denominator": counted.denominator,
            "required": counted.required,
            "passed": counted.passed,
        }
    result.update(
        {
            "policy": policy.code,
            # a failed vote (V1 is a warning on the step) fails the dossier too
            "passes": not d.blocking(outcomes) and bool(result.get("vote", {}).get("passed", True)),
            "outcomes": [as_dict(o) for o in outcomes],
        }
    )
    return Response(result)
