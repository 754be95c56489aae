"""The deadline engine: every open date under a part of the tree as
`Item`s (what, which case or member, the legal date, days left, who must
act where, the link to act), and which of them are a user's.

The dates come from `domain.deadlines` (pure); this module reads the cases,
classes and targets, resolves each unit's settings, and applies the scope
(apps/accounts/scope.py).

Whose items (decided per role grant of the user, see docs/deadlines.md):

- an item whose acting unit is the grant's unit, when the user holds the
  permission to take the step: every bucket ("to act");
- an item whose acting unit is directly under the grant's unit (a cell's
  step for the commune staff, a commune's decision for the province
  officer), when the grant's role includes that permission too: only once
  overdue ("late below"). An auditor, who takes no step, has no to-do list.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from apps.accounts.scope import Grant, path_q, scope_paths, user_grants
from apps.admissions import evaluation
from apps.admissions.choices import ConsentKind, DocumentCode, Stage
from apps.admissions.models import Case, Consent
from apps.organizations.choices import OrgKind
from apps.organizations.models import Organization
from domain import admission as da
from domain import deadlines as dd
from domain.calendar import WorkingCalendar
from domain.roles import Perm, grants

from .models import DeadlineSettings

# The stages of a case still running (the pipeline before full membership).
OPEN_STAGES = [s.value for s in da.PIPELINE if s != Stage.FULL_MEMBER]


def rule_label(rule: str) -> str:
    """What must happen by the date, in the user's language."""
    labels = {
        "T1": _("Admission decision (T1)"),
        "T2": _("Admission ceremony (T2)"),
        "T3": _("Probation ends (T3)"),
        "T4": _("Cell considers full membership (T4)"),
        "T5": _("Full-membership decision (T5)"),
        "P2": _("New-member course certificate (P2)"),
        "E5": _("Awareness certificate expires (E5)"),
        "CLASS": _("Class session"),
        "TARGET": _("Admissions target behind schedule"),
    }
    return labels[rule]


@dataclass(frozen=True)
class Item:
    """One open deadline. `key` is stable from day to day (the digest's
    uniqueness); `days_left` counts working days for a working-day rule,
    calendar days otherwise (negative once overdue); `overdue_wd` is the
    number of working days past the date; `unit` is where the matter sits
    (the case's cell, the class's provider, the target's unit), `acting_unit`
    the one that must take the step, with the permission `perm`."""

    key: str
    rule: str
    subject: str
    due: datetime.date
    counting: dd.Counting
    days_left: int
    bucket: dd.Bucket
    overdue_wd: int
    escalated: bool
    actor: dd.Actor
    unit: Organization
    acting_unit: Organization
    perm: Perm
    url: str
    policy: str = ""
    note: str = ""

    @property
    def what(self) -> str:
        return rule_label(self.rule)

    @property
    def overdue(self) -> bool:
        return self.bucket == dd.Bucket.OVERDUE


class Settings:
    """Each unit's warning and escalation settings, inherited down the tree,
    read in one query."""

    def __init__(self) -> None:
        self.rows = {s.organization_id: s for s in DeadlineSettings.objects.all()}
        self.default = DeadlineSettings()

    def of(self, unit: Organization) -> DeadlineSettings:
        for pk in reversed([*unit.ancestor_ids(), unit.pk]):
            if pk in self.rows:
                return self.rows[pk]
        return self.default


class Units:
    """Units by id, loaded on demand in bulk (the acting committees)."""

    def __init__(self) -> None:
        self.by_id: dict[int, Organization] = {}

    def load(self, ids: Iterable[int]) -> None:
        wanted = set(ids) - set(self.by_id)
        if wanted:
            for org in Organization.objects.filter(pk__in=wanted):
                self.by_id[org.pk] = org

    def committee_of(self, cell: Organization, intermediate: bool) -> Organization:
        """The committee above a cell: its intermediate committee when the
        step is that committee's appraisal (V4), else the grassroots one."""
        for pk in reversed(cell.ancestor_ids()):
            org = self.by_id[pk]
            if org.kind == OrgKind.INTERMEDIATE and not intermediate:
                continue
            return org
        return cell


def _case_facts(case: Case, certified: set[int], consents: set[str]) -> dd.CaseFacts:
    tl = evaluation.timeline_with(case, consents)
    return dd.CaseFacts(
        stage=da.Stage(case.stage),
        timeline=tl,
        on_hold=case.on_hold,
        has_intermediate=evaluation.has_intermediate(case.organization),
        awareness_certificate_on=case.certificate_on,
        has_new_member_certificate=case.pk in certified,
    )


def _case_url(case: Case, rule: str, has_intermediate: bool) -> str:
    """The page where the step is taken: the form of the case's next step
    for a procedural deadline, else the case page."""
    if rule in ("T1", "T2", "T4", "T5") and not case.on_hold:
        action = da.main_action(da.Stage(case.stage), has_intermediate)
        if action is not None:
            return reverse("admissions:case_action", args=[case.pk, action.value])
    return reverse("admissions:case", args=[case.pk])


class Engine:
    """Computes the items of one day; one instance per request or command
    run (it caches settings, units and the calendar)."""

    def __init__(
        self, today: datetime.date, cal: WorkingCalendar | None = None, horizon: int = 0
    ) -> None:
        """`horizon`: show items up to this many days ahead even beyond the
        units' warning windows (the calendar feed)."""
        self.today = today
        self.horizon = horizon
        self.cal = cal or evaluation.calendar()
        self.settings = Settings()
        self.units = Units()
        self._found: dict[tuple[str, ...], list[Item]] = {}

    def _item(
        self,
        key: str,
        due: dd.Due,
        subject: str,
        unit: Organization,
        acting: Organization,
        perm: Perm,
        url: Callable[[], str],
        note: str = "",
    ) -> Item | None:
        """The item of `due`, or None while it is not shown (the link is
        only built for a shown item)."""
        config = self.settings.of(acting)
        where = dd.visible(due, self.today, max(config.warn_days, self.horizon))
        if where is None:
            return None
        return Item(
            key=key,
            rule=due.rule,
            subject=subject,
            due=due.due,
            counting=due.counting,
            days_left=dd.days_left(due.due, self.today, due.counting, self.cal),
            bucket=where,
            overdue_wd=dd.overdue_working_days(due.due, self.today, self.cal),
            escalated=dd.escalates(due.due, self.today, config.escalate_after_wd, self.cal),
            actor=due.actor,
            unit=unit,
            acting_unit=acting,
            perm=perm,
            url=url(),
            policy=due.policy,
            note=note,
        )

    # ---------------------------------------------------------- sources

    def case_items(self, paths: list[str]) -> list[Item]:
        """The items of the open cases in cells under `paths`."""
        cases = list(
            Case.objects.filter(path_q(paths, "organization__path"), stage__in=OPEN_STAGES)
            .select_related("person", "organization__parent")
            .order_by("pk")
        )
        ids = [c.pk for c in cases]
        # the extensions of T1 and T5, read in one query (not one per case)
        extended: dict[int, set[str]] = {}
        for case_id, kind in Consent.objects.filter(
            case_id__in=ids,
            kind__in=[ConsentKind.DECISION_EXTENSION, ConsentKind.RECOGNITION_EXTENSION],
        ).values_list("case_id", "kind"):
            extended.setdefault(case_id, set()).add(kind)
        certified = set(
            Case.objects.filter(
                pk__in=[c.pk for c in cases if c.stage == Stage.PROBATIONARY],
                documents__code=DocumentCode.NEW_MEMBER_CERTIFICATE,
            ).values_list("pk", flat=True)
        )
        self.units.load(pk for c in cases for pk in c.organization.ancestor_ids())
        out = []
        for case in cases:
            facts = _case_facts(case, certified, extended.get(case.pk, set()))
            for due in dd.case_dues(facts, evaluation.policy_for, self.cal):
                if due.actor == dd.Actor.CELL:
                    acting, perm = case.organization, Perm.CHANGE_MEMBERS
                else:
                    acting = self.units.committee_of(
                        case.organization, due.actor == dd.Actor.INTERMEDIATE
                    )
                    perm = Perm.DECIDE
                item = self._item(
                    f"case:{case.pk}:{due.rule}:{due.due.isoformat()}",
                    due,
                    case.person.full_name,
                    case.organization,
                    acting,
                    perm,
                    partial(_case_url, case, due.rule, facts.has_intermediate),
                    _("on hold: {reason}").format(reason=case.hold_reason) if case.on_hold else "",
                )
                if item is not None:
                    out.append(item)
        return out

    def class_items(self, paths: list[str]) -> list[Item]:
        """Coming sessions of classes whose provider sits under `paths`."""
        from apps.training.choices import ClassStatus
        from apps.training.models import ClassSession

        sessions = (
            ClassSession.objects.filter(
                path_q(paths, "training_class__provider__organization__path"),
                date__gte=self.today,
            )
            .exclude(training_class__status=ClassStatus.CANCELLED)
            .select_related("training_class__provider__organization")
            .order_by("date", "pk")
        )
        out = []
        for session in sessions:
            klass = session.training_class
            org = klass.provider.organization
            due = dd.Due("CLASS", session.date, dd.Counting.DAYS, dd.Actor.TRAINING)
            item = self._item(
                f"session:{session.pk}",
                due,
                klass.title,
                org,
                org,
                Perm.MANAGE_TRAINING,
                partial(reverse, "training:detail", args=[klass.pk]),
                session.topic,
            )
            if item is not None:
                out.append(item)
        return out

    def target_items(self, paths: list[str]) -> list[Item]:
        """Yearly admissions targets (a head count) behind their pro-rata
        share at the end of the current quarter."""
        from apps.reports.figures import admissions
        from apps.targets.choices import Measure
        from apps.targets.models import Target

        targets = Target.objects.filter(
            path_q(paths, "organization__path"),
            kind__measure=Measure.ADMISSIONS,
            year=self.today.year,
            value__isnull=False,
        ).select_related("organization")
        out = []
        start = datetime.date(self.today.year, 1, 1)
        for target in targets:
            org = target.organization
            achieved = (
                admissions(start, self.today)
                .filter(organization__path__startswith=org.path)
                .count()
            )
            behind = dd.target_due(target.value or 0, achieved, self.today)
            if behind is None:
                continue
            end, needed = behind
            due = dd.Due("TARGET", end, dd.Counting.DAYS, dd.Actor.COMMITTEE)
            item = self._item(
                f"target:{target.pk}:{end.isoformat()}",
                due,
                org.name,
                org,
                org,
                Perm.CHANGE_MEMBERS,
                partial(reverse, "targets:unit", args=[org.pk]),
                _("{achieved} of {target} admitted; {needed} more due by the quarter's end").format(
                    achieved=achieved, target=target.value, needed=needed
                ),
            )
            if item is not None:
                out.append(item)
        return out

    def items(self, paths: list[str]) -> list[Item]:
        """Every visible item under `paths`, most urgent first."""
        if not paths:
            return []
        key = tuple(sorted(paths))
        if key not in self._found:
            found = self.case_items(paths) + self.class_items(paths) + self.target_items(paths)
            found.sort(key=lambda i: (i.due, i.key))
            self._found[key] = found
        return list(self._found[key])

    # ---------------------------------------------------------- whose

    def for_user(self, user: Any) -> list[Item]:
        """The user's items: to act at their grants' units, and overdue
        directly below them."""
        mine = user_grants(user)
        return [i for i in self.items(scope_paths(user)) if _is_mine(i, mine)]

    def own_for(self, user: Any) -> list[Item]:
        """The items the user must act on themselves (acting unit = one of
        their grants' units, with the step's permission): the digest's
        list, without the lateness of the units below."""
        mine = user_grants(user)
        return [
            i
            for i in self.items(scope_paths(user))
            if any(i.acting_unit.pk == g.organization_id and grants(g.role, i.perm) for g in mine)
        ]

    def escalated_for(self, user: Any) -> list[Item]:
        """Items overdue beyond their unit's escalation setting whose acting
        unit sits directly below one of the user's grants."""
        mine = user_grants(user)
        return [
            i
            for i in self.items(scope_paths(user))
            if i.escalated
            and any(
                _parent_id(i.acting_unit) == g.organization_id and grants(g.role, i.perm)
                for g in mine
            )
        ]

    def under(self, user: Any, unit: Organization) -> list[Item]:
        """Every item that `unit` or a unit below it must act on, if the
        user can see `unit` (the list behind a unit's overdue count)."""
        paths = [p for p in scope_paths(user) if unit.path.startswith(p)]
        if not paths:
            return []
        return [i for i in self.items([unit.path]) if i.acting_unit.path.startswith(unit.path)]


def _parent_id(org: Organization) -> int | None:
    return org.parent_id


def _is_mine(item: Item, mine: list[Grant]) -> bool:
    for g in mine:
        if not grants(g.role, item.perm):
            continue
        if item.acting_unit.pk == g.organization_id:
            return True
        if item.overdue and _parent_id(item.acting_unit) == g.organization_id:
            return True
    return False


@dataclass(frozen=True)
class Summary:
    """The counts of the home page; each equals the length of the list it
    links to."""

    overdue: int
    week: int
    month: int
    later: int


def summarise(items: list[Item]) -> Summary:
    counts = Counter(i.bucket for i in items)
    return Summary(
        counts[dd.Bucket.OVERDUE],
        counts[dd.Bucket.WEEK],
        counts[dd.Bucket.MONTH],
        counts[dd.Bucket.LATER],
    )


def worst_units(user: Any, items: list[Item], limit: int = 10) -> list[tuple[Organization, int]]:
    """The units directly below the user's grants with the most overdue
    items among `items` (every item in the user's scope), counted where the
    step must be taken (the unit or a unit below it): a province officer's
    communes, a commune's cells. Each count is the length of
    `Engine.under(user, unit)` filtered to overdue."""
    tops = [g.organization_id for g in user_grants(user)]
    children = {
        o.pk: o for o in Organization.objects.filter(parent_id__in=tops, valid_to__isnull=True)
    }
    counts: Counter[int] = Counter()
    for item in items:
        if not item.overdue:
            continue
        for pk in [*item.acting_unit.ancestor_ids(), item.acting_unit.pk]:
            if pk in children:
                counts[pk] += 1
    return [(children[pk], n) for pk, n in counts.most_common(limit)]
