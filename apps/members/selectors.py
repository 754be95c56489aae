"""Reads shared by views, the API, exports and dashboards — and the one
scope rule for people met during input (imports, forms, pickers, API)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from apps.accounts.scope import path_q, restrict, scope_paths
from apps.organizations.models import Organization, OrganizationPlacement
from domain.roles import Perm
from domain.vietnamese import fold

from .choices import ACTIVE_STATUSES, MemberStatus
from .models import Member, MemberPlacement, Person

# SQLite takes at most 32 766 parameters in one query: look-ups of a whole
# file go in slices.
LOOKUP_CHUNK = 2000


def members_in_scope(user: Any, perm: Perm = Perm.VIEW) -> QuerySet[Member]:
    return restrict(Member.objects.all(), user, perm, path_field="organization__path")


def search_members(qs: QuerySet[Member], text: str, user: Any) -> QuerySet[Member]:
    """Every word must appear in the name (accents and case ignored); or the
    text is all digits: a party card number (or its beginning — it is shown
    to everyone who sees the member), or — only for those who may see
    personal data of the member's cell — exactly a citizen ID. A prefix of
    a citizen ID finds nothing, so a masked ID cannot be recovered digit by
    digit (Law 91/2025/QH15)."""
    text = text.strip()
    if not text:
        return qs
    if text.isascii() and text.isdigit():
        by_id = Q(person__citizen_id=text) & path_q(
            scope_paths(user, Perm.VIEW_PERSONAL), "organization__path"
        )
        return qs.filter(Q(card_number__startswith=text) | by_id)
    for word in fold(text).split():
        qs = qs.filter(person__search_name__contains=word)
    return qs


# ------------------------------------------------------------ people during input


def citizen_id_unavailable() -> str:
    """The one answer about a citizen ID recorded outside the user's scope:
    it names no person, cell or other ID, whatever the ID belongs to."""
    return _("This citizen ID cannot be used here — ask the level above.")


def people_in_scope(user: Any, perm: Perm = Perm.CHANGE_MEMBERS) -> QuerySet[Person]:
    """The people `user` may find and use while entering data (imports,
    forms, pickers, API), with `perm` at their unit: a party member belongs
    to their current cell; anyone else to the cells of their development
    cases. Everyone else is outside: look-ups answer as if nothing was
    known, and such a person is never attached to anything."""
    paths = scope_paths(user, perm)
    q = path_q(paths, "membership__organization__path") | (
        Q(membership__isnull=True) & path_q(paths, "cases__organization__path")
    )
    return Person.objects.filter(pk__in=Person.objects.filter(q).values("pk"))


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + LOOKUP_CHUNK] for i in range(0, len(values), LOOKUP_CHUNK)]


def people_by_citizen_id(
    user: Any, citizen_ids: Iterable[str], perm: Perm = Perm.CHANGE_MEMBERS
) -> dict[str, Person | None]:
    """For each of `citizen_ids` already recorded: the person if they are in
    the user's scope, else None ("recorded, not yours": answer with
    `citizen_id_unavailable`). IDs nobody holds are not in the result."""
    wanted = sorted({c for c in citizen_ids if c})
    found: dict[str, Person | None] = {}
    for chunk in _chunks(wanted):
        for cid in Person.objects.filter(citizen_id__in=chunk).values_list("citizen_id", flat=True):
            found[str(cid)] = None
        for person in (
            people_in_scope(user, perm)
            .filter(citizen_id__in=chunk)
            .select_related("membership__organization")
        ):
            found[str(person.citizen_id)] = person
    return found


def people_by_name_and_birth(
    user: Any, names: Iterable[str], perm: Perm = Perm.CHANGE_MEMBERS
) -> dict[tuple[str, datetime.date], Person]:
    """People in the user's scope by (folded full name, date of birth), the
    first recorded for each pair; namesakes outside the scope are not
    looked at (their existence is not the user's to know)."""
    wanted = sorted({fold(n) for n in names if n})
    found: dict[tuple[str, datetime.date], Person] = {}
    for chunk in _chunks(wanted):
        for person in (
            people_in_scope(user, perm)
            .filter(search_name__in=chunk)
            .select_related("membership__organization")
            .order_by("pk")
        ):
            found.setdefault((person.search_name, person.date_of_birth), person)
    return found


def unit_of(person: Person) -> Organization | None:
    """The cell a person belongs to for the scope rule: their current cell
    as a member, else the cell of their latest case."""
    membership = getattr(person, "membership", None)
    if membership is not None:
        return membership.organization
    case = person.cases.select_related("organization").order_by("-opened_on", "-id").first()
    return case.organization if case else None


def citizen_id_problem(
    user: Any, citizen_id: str | None, *, exclude: Person | None = None
) -> str | None:
    """Why `citizen_id` cannot be given to a new person (or to `exclude`,
    the person being edited): recorded for someone in the user's scope —
    named, with their cell — or recorded outside it (the neutral answer).
    None when the ID is free."""
    citizen_id = (citizen_id or "").strip()
    if not citizen_id:
        return None
    taken = Person.objects.filter(citizen_id=citizen_id)
    if exclude is not None and exclude.pk:
        taken = taken.exclude(pk=exclude.pk)
    if not taken.exists():
        return None
    person = people_in_scope(user).filter(citizen_id=citizen_id).first()
    if person is None:
        return citizen_id_unavailable()
    unit = unit_of(person)
    return _("This citizen ID is already recorded for {name} ({cell}).").format(
        name=person.full_name, cell=unit.name if unit else "—"
    )


def usable_members(cell: Organization) -> QuerySet[Member]:
    """The members a cell may name as introducers (RULES D5: full members of
    the unit where they worked, studied or lived with the applicant) and as
    helpers (P1: an official member): the full members of the cell itself —
    never a member of another cell, which is another unit's business."""
    return Member.objects.filter(organization=cell, status=MemberStatus.FULL)


def pick_members(qs: QuerySet[Member], text: str, limit: int = 20) -> list[Member]:
    """At most `limit` members of `qs` for a picker, by name (see
    search_members, without ID search), in Vietnamese name order."""
    for word in fold(text).split():
        qs = qs.filter(person__search_name__contains=word)
    return list(
        qs.select_related("person", "organization").order_by("person__sort_key", "id")[:limit]
    )


def active_member_counts(root: Organization) -> dict[str, int]:
    """Active members under `root` now, by cell category."""
    rows = (
        Member.objects.filter(status__in=ACTIVE_STATUSES, organization__path__startswith=root.path)
        .order_by()  # Member's default order would join people for nothing
        .values("organization__category")
        .annotate(n=Count("id"))
    )
    return {r["organization__category"]: r["n"] for r in rows}


def root_path_on(root: Organization, day: datetime.date) -> str | None:
    placement = (
        OrganizationPlacement.objects.filter(organization=root, valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .first()
    )
    return placement.path if placement else None


def member_counts_as_of(root: Organization, day: datetime.date) -> dict[str, int]:
    """Members under `root` on `day`, by cell category, using the tree and
    the memberships as they were that day."""
    path = root_path_on(root, day)
    if path is None:
        return {}
    rows = (
        MemberPlacement.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day))
        .filter(
            Q(organization__placements__valid_to__isnull=True)
            | Q(organization__placements__valid_to__gt=day),
            organization__placements__valid_from__lte=day,
            organization__placements__path__startswith=path,
        )
        .order_by()  # Member's default order would join people for nothing
        .values("organization__category")
        .annotate(n=Count("id"))
    )
    return {r["organization__category"]: r["n"] for r in rows}


def members_per_child(unit: Organization, children: list[Organization]) -> dict[int, int]:
    """Active members in each child's subtree, in one query (rolled up by path)."""
    per_cell = (
        Member.objects.filter(status__in=ACTIVE_STATUSES, organization__path__startswith=unit.path)
        .order_by()
        .values("organization__path")
        .annotate(n=Count("id"))
    )
    totals = {c.pk: 0 for c in children}
    prefixes = [(c.path, c.pk) for c in children]
    for row in per_cell:
        for prefix, pk in prefixes:
            if row["organization__path"].startswith(prefix):
                totals[pk] += row["n"]
                break
    return totals
