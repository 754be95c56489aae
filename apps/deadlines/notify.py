"""Notifications of things assigned to a user, written after the change
that causes them has been committed (`transaction.on_commit`), in the
installation's language: a case returned to its cell with the reason, a
case waiting for a committee's resolution or decision, a class nomination
accepted, an import finished or failed."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from domain import admission as d
from domain.roles import Perm

from .models import Notification, NotificationKind
from .services import notify, users_with

_MUTED = contextvars.ContextVar("ptdv_notifications_muted", default=False)


@contextlib.contextmanager
def muted() -> Iterator[None]:
    """No notification is queued inside this block (the demo's history of
    past steps, built in one transaction, would queue one per step; it
    calls `waiting_now` once at the end instead)."""
    token = _MUTED.set(True)
    try:
        yield
    finally:
        _MUTED.reset(token)


def _committee_unit(case: Any, action: d.Action) -> Any:
    """The unit whose committee takes `action`: the intermediate committee
    for an appraisal (V4), else the grassroots committee above the cell."""
    from apps.organizations.choices import OrgKind
    from apps.organizations.models import Organization

    ancestors = {
        o.pk: o for o in Organization.objects.filter(pk__in=case.organization.ancestor_ids())
    }
    appraisal = action in (d.Action.APPRAISE, d.Action.RECOGNITION_APPRAISE)
    for pk in reversed(case.organization.ancestor_ids()):
        org = ancestors[pk]
        if org.kind == OrgKind.INTERMEDIATE and not appraisal:
            continue
        return org
    return case.organization


def _decision_waiting(case_id: int) -> None:
    from apps.admissions import evaluation
    from apps.admissions.choices import Action
    from apps.admissions.models import Case

    case = Case.objects.select_related("person", "organization__parent").get(pk=case_id)
    action = d.main_action(
        d.Stage(case.stage), evaluation.has_intermediate(case.organization), case.on_hold
    )
    if action is None or action not in d.COMMITTEE_ACTIONS:
        return
    unit = _committee_unit(case, action)
    with translation.override(settings.LANGUAGE_CODE):
        text = _("{name} ({cell}) waits for the committee: {step}").format(
            name=case.person.full_name,
            cell=case.organization.name,
            step=str(Action(action.value).label),
        )
    url = reverse("admissions:case_action", args=[case.pk, action.value])
    # several steps of one case in one transaction (an import of a paper
    # case) queue one call each: who already has this unread is not told again
    told = set(
        Notification.objects.filter(
            kind=NotificationKind.DECISION_WAITING, url=url, read_at__isnull=True
        ).values_list("user_id", flat=True)
    )
    notify(
        [u for u in users_with(Perm.DECIDE, [unit.pk]) if u.pk not in told],
        kind=NotificationKind.DECISION_WAITING,
        text=text,
        url=url,
    )


def decision_waiting(case: Any) -> None:
    """After a step, when the case now waits for a committee: tell that
    committee's staff (who hold `decide` at its unit), once while unread."""
    if _MUTED.get():
        return
    pk = case.pk
    transaction.on_commit(lambda: _decision_waiting(pk))


def waiting_now(case_ids: Iterator[int] | list[int]) -> None:
    """Tell the committees about each of these cases that waits for them
    now (the demo, after building its history with notifications muted).
    Cases at a stage no committee acts on are skipped from their stage
    alone, without reading them whole."""
    from apps.admissions.models import Case

    rows = Case.objects.filter(pk__in=list(case_ids)).values_list("pk", "stage", "on_hold")
    for pk, stage, on_hold in rows.order_by("pk"):
        actions = {d.main_action(d.Stage(stage), via, on_hold) for via in (False, True)}
        if actions & set(d.COMMITTEE_ACTIONS):
            _decision_waiting(pk)


def case_returned(case: Any, reason: str) -> None:
    """A committee returned the case to its cell: tell the cell's secretary."""
    if _MUTED.get():
        return

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            text = _("{name} was returned to the cell: {reason}").format(
                name=case.person.full_name, reason=reason
            )
        notify(
            users_with(Perm.CHANGE_MEMBERS, [case.organization_id]),
            kind=NotificationKind.CASE_RETURNED,
            text=text,
            url=reverse("admissions:case", args=[case.pk]),
        )

    transaction.on_commit(send)


def nomination_accepted(enrolment: Any) -> None:
    """The provider accepted a nomination: tell the nominating unit."""
    if _MUTED.get():
        return

    def send() -> None:
        klass = enrolment.training_class
        with translation.override(settings.LANGUAGE_CODE):
            text = _("{name} was accepted into the class “{title}”").format(
                name=enrolment.person.full_name, title=klass.title
            )
        notify(
            users_with(Perm.CHANGE_MEMBERS, [enrolment.nominated_by_id]),
            kind=NotificationKind.NOMINATION_ACCEPTED,
            text=text,
            url=reverse("training:detail", args=[klass.pk]),
        )

    transaction.on_commit(send)


def import_finished(job: Any, failed: bool) -> None:
    """An import the user started has finished writing, or failed."""
    if job.created_by_id is None:
        return

    def send() -> None:
        with translation.override(settings.LANGUAGE_CODE):
            if failed:
                text = _("The import of “{file}” failed: nothing was written.").format(
                    file=job.file_name
                )
            else:
                text = _("The import of “{file}” is finished.").format(file=job.file_name)
        notify(
            [job.created_by],
            kind=NotificationKind.IMPORT_FAILED if failed else NotificationKind.IMPORT_FINISHED,
            text=text,
            url=reverse("imports:detail", args=[job.pk]),
        )

    transaction.on_commit(send)
