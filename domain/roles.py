"""Roles and what each may do, for the unit it is granted at and its subtree.

A role is granted at one organisation unit and covers that unit and every unit
below it. Every role may view its subtree; the permissions below add to that.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    CELL_SECRETARY = "cell_secretary"
    COMMITTEE_STAFF = "committee_staff"
    ORG_COMMITTEE = "org_committee"
    TRAINING_CENTRE = "training_centre"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"


class Perm(StrEnum):
    VIEW = "view"
    # citizen ID, family background, phone: personal data (Law 91/2025/QH15)
    VIEW_PERSONAL = "view_personal"
    CHANGE_MEMBERS = "change_members"
    CHANGE_TREE = "change_tree"
    MANAGE_USERS = "manage_users"
    # record committee resolutions and decisions on cases (RULES V4, V5)
    DECIDE = "decide"
    # edit policy versions and the working-day calendar
    MANAGE_RULES = "manage_rules"
    # run classes: sessions, acceptance, attendance, results, certificates
    MANAGE_TRAINING = "manage_training"
    # set the targets of the units directly below, and how they are monitored
    SET_TARGETS = "set_targets"
    # read the access log: who viewed or exported whose personal data
    VIEW_ACCESS_LOG = "view_access_log"


ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.CELL_SECRETARY: frozenset({Perm.VIEW, Perm.VIEW_PERSONAL, Perm.CHANGE_MEMBERS}),
    Role.COMMITTEE_STAFF: frozenset(
        {
            Perm.VIEW,
            Perm.VIEW_PERSONAL,
            Perm.CHANGE_MEMBERS,
            Perm.CHANGE_TREE,
            Perm.DECIDE,
            Perm.SET_TARGETS,
        }
    ),
    Role.ORG_COMMITTEE: frozenset(
        {
            Perm.VIEW,
            Perm.VIEW_PERSONAL,
            Perm.CHANGE_MEMBERS,
            Perm.CHANGE_TREE,
            Perm.DECIDE,
            Perm.SET_TARGETS,
        }
    ),
    Role.TRAINING_CENTRE: frozenset({Perm.VIEW, Perm.MANAGE_TRAINING}),
    Role.AUDITOR: frozenset({Perm.VIEW, Perm.VIEW_ACCESS_LOG}),
    Role.ADMINISTRATOR: frozenset(Perm),
}


def grants(role: Role | str, perm: Perm | str) -> bool:
    return Perm(perm) in ROLE_PERMISSIONS[Role(role)]


def minimal_prefixes(paths: list[str]) -> list[str]:
    """Drop every path already covered by a shorter one in the list, so a
    scope filter has one LIKE per disjoint subtree."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return sorted(kept)
