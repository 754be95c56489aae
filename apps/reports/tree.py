"""The organisation tree under one unit as it stood on a given day, and the
rolling up of per-unit counts into the rows a dashboard shows.

Every figure is first counted per unit (a cell, usually) in one grouped
query; this module then adds each unit's count to the row of the child of
the root that held it on that day. The number of queries therefore does
not grow with the number of units shown."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Subquery

from apps.members.selectors import root_path_on
from apps.organizations.choices import RESIDENTIAL_CATEGORIES, OrgKind
from apps.organizations.models import Organization, OrganizationPlacement
from domain.vietnamese import collation_key

# The row of units that closed (merged, dissolved) before the day shown:
# their past admissions still count in the root's total.
CLOSED = -1


class UnitMissing(Exception):
    """The unit did not exist on the requested day."""


@dataclass(frozen=True)
class Node:
    id: int
    name: str
    kind: str
    category: str
    path: str
    parent_id: int | None
    valid_from: datetime.date
    open: bool

    @property
    def is_cell(self) -> bool:
        return self.kind == OrgKind.CELL

    @property
    def residential(self) -> bool:
        return self.category in RESIDENTIAL_CATEGORIES


@dataclass
class Tree:
    root: Organization
    day: datetime.date
    root_path: str
    nodes: dict[int, Node]
    children: list[Node] = field(default_factory=list)
    _child_ids: frozenset[int] = frozenset()
    _buckets: dict[int, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for node in self.nodes.values():
            if node.id == self.root.pk:
                self._buckets[node.id] = node.id
                continue
            first = int(node.path[len(self.root_path) :].split("/", 1)[0])
            self._buckets[node.id] = first if first in self._child_ids else CLOSED

    def bucket(self, org_id: int) -> int | None:
        """The row an organisation's count goes to: a child of the root, the
        root itself, CLOSED, or None when it is not under the root."""
        return self._buckets.get(org_id)

    def rollup(self, per_org: dict[int, int]) -> dict[int, int]:
        out: dict[int, int] = defaultdict(int)
        for org_id, n in per_org.items():
            key = self.bucket(org_id)
            if key is not None:
                out[key] += n
        return out

    def within(self, org_id: int, bucket: int | None) -> bool:
        """Whether `org_id` counts for the root (bucket None) or for one row."""
        key = self.bucket(org_id)
        return key is not None and (bucket is None or key == bucket)

    def cells(self) -> list[Node]:
        return [n for n in self.nodes.values() if n.is_cell and n.open]

    def ever_under(self, field: str = "organization_id") -> Q:
        """Filter for rows whose unit was ever under the root's path; the
        exact as-of test is `bucket`, done in Python."""
        return Q(**{f"{field}__in": Subquery(under_ids(self.root_path))})


def under_ids(path: str) -> QuerySet[OrganizationPlacement, Any]:
    return (
        OrganizationPlacement.objects.filter(path__startswith=path)
        .order_by()
        .values("organization_id")
    )


def tree_on(root: Organization, day: datetime.date) -> Tree:
    """The subtree of `root` on `day`: each unit at its placement of that
    day, or, if it had closed by then, at its last placement (2 queries)."""
    here = root_path_on(root, day)
    if here is None:
        raise UnitMissing(root)
    rows = (
        OrganizationPlacement.objects.filter(
            valid_from__lte=day, organization_id__in=Subquery(under_ids(here))
        )
        .order_by("organization_id", "valid_from")
        .values_list(
            "organization_id",
            "path",
            "parent_id",
            "valid_to",
            "organization__name",
            "organization__kind",
            "organization__category",
            "organization__valid_from",
        )
    )
    nodes: dict[int, Node] = {}
    for org_id, path, parent_id, valid_to, name, kind, category, valid_from in rows:
        is_open = valid_to is None or valid_to > day
        # rows come oldest first: the last one on or before the day wins
        nodes[org_id] = Node(org_id, name, kind, category, path, parent_id, valid_from, is_open)
    nodes = {k: n for k, n in nodes.items() if n.path.startswith(here)}
    children = sorted(
        (n for n in nodes.values() if n.parent_id == root.pk and n.open),
        key=lambda n: (n.kind == OrgKind.CELL, collation_key(n.name)),
    )
    return Tree(root, day, here, nodes, children, frozenset(c.id for c in children))
