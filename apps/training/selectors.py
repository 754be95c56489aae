"""Reads of classes and their participants shared by the class page, its
papers (attendance sheet, class list, certificate list) and the API."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from apps.accounts.scope import has_perm_at, path_q, restrict, scope_paths
from apps.admissions.choices import Stage
from apps.admissions.models import Case
from domain.roles import Perm

from .choices import CourseCategory
from .models import Enrolment, TrainingClass


def enrolments_in_scope(user: Any) -> QuerySet[Enrolment]:
    """Enrolments of people in the user's scope: nominated by a unit the user
    sees, or whose case (a candidate, a probationary member) or whose
    membership (a cadre course) is in a cell the user sees."""
    paths = scope_paths(user)
    q = (
        path_q(paths, "nominated_by__path")
        | path_q(paths, "case__organization__path")
        | path_q(paths, "person__membership__organization__path")
    )
    return Enrolment.objects.filter(pk__in=Enrolment.objects.filter(q).values("pk"))


def runs_class(user: Any, klass: TrainingClass) -> bool:
    """The provider's staff (training management at its unit) run the class
    and see every participant."""
    return has_perm_at(user, klass.provider.organization.path, Perm.MANAGE_TRAINING)


@dataclass(frozen=True)
class Participants:
    """The participants of a class a user may see, and how many others there
    are (shown only as a count: "and 37 participants of other units")."""

    rows: QuerySet[Enrolment]
    hidden: int


def participants(user: Any, klass: TrainingClass, rows: QuerySet[Enrolment]) -> Participants:
    """`rows` (enrolments of `klass`) limited to the user's scope, unless the
    user runs the class. A class serving a unit above the user (a province
    cadre course, the ward's awareness class seen by one cell) names only
    the user's own people."""
    if runs_class(user, klass):
        return Participants(rows, 0)
    visible = rows.filter(pk__in=enrolments_in_scope(user).values("pk"))
    return Participants(visible, rows.count() - visible.count())


def classes_in_scope(user: Any) -> QuerySet[TrainingClass]:
    """Classes serving a unit the user sees (or a unit above it), or run by a
    provider of theirs."""
    paths = scope_paths(user)
    # A class serving the province serves every unit in it: the units above
    # the user's own count as well as those below.
    above = {
        "/" + "/".join(p.strip("/").split("/")[:i]) + "/"
        for p in paths
        for i in range(1, p.strip("/").count("/") + 1)
    }
    q = (
        path_q(paths, "units__path")
        | Q(units__path__in=above)
        | path_q(paths, "provider__organization__path")
    )
    return TrainingClass.objects.filter(pk__in=TrainingClass.objects.filter(q).values("pk"))


def nominable_cases(user: Any, klass: TrainingClass) -> QuerySet[Case]:
    """Cases the user may nominate to this class."""
    units = list(klass.units.all())
    qs = restrict(Case.objects.all(), user, Perm.CHANGE_MEMBERS, path_field="organization__path")
    qs = qs.filter(path_q([u.path for u in units], "organization__path")).exclude(
        person__in=klass.enrolments.values("person")
    )
    if klass.kind.category == CourseCategory.AWARENESS:
        return qs.filter(stage__in=[Stage.CANDIDATE, Stage.TRAINED, Stage.DOSSIER])
    if klass.kind.category == CourseCategory.NEW_MEMBER:
        return qs.filter(stage=Stage.PROBATIONARY)
    return qs.none()
