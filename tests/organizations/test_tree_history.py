"""The tree keeps its history: moves, merges, splits and dissolutions are
dated, and counts as of a past date use the tree as it was then."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from apps.audit.models import AuditAction, AuditEntry
from apps.members.models import Member, MemberPlacement
from apps.members.selectors import active_member_counts, member_counts_as_of
from apps.organizations import services
from apps.organizations.choices import (
    CellCategory,
    DecisionBody,
    DecisionThreshold,
    OrgEventKind,
    OrgKind,
)
from apps.organizations.models import Organization, OrganizationPlacement
from tests.conftest import Tree, make_member, make_unit

MERGE_DAY = datetime.date(2025, 7, 1)
BEFORE = datetime.date(2024, 12, 31)


def test_a_new_unit_gets_its_path_under_its_parent(tree: Tree) -> None:
    assert tree.cell_a1.path == f"{tree.province.path}{tree.ward_a.pk}/{tree.cell_a1.pk}/"
    assert tree.cell_a1.depth == 2
    assert tree.cell_a1.ancestor_ids() == [tree.province.pk, tree.ward_a.pk]


def test_a_cell_needs_a_category_and_only_a_cell_has_one(tree: Tree) -> None:
    with pytest.raises(ValidationError) as exc:
        make_unit("X1", "Chi bộ X", OrgKind.CELL, tree.ward_a)
    assert "category" in exc.value.message_dict
    with pytest.raises(ValidationError):
        make_unit("X2", "Đảng bộ X", OrgKind.COMMUNE, tree.province, CellCategory.KHOM)


def test_nothing_can_be_created_under_a_cell(tree: Tree) -> None:
    with pytest.raises(ValidationError) as exc:
        make_unit("X3", "Chi bộ con", OrgKind.CELL, tree.cell_a1, CellCategory.KHOM)
    assert "parent" in exc.value.message_dict
    assert not Organization.objects.filter(code="X3").exists()


def test_codes_are_unique(tree: Tree) -> None:
    with pytest.raises(ValidationError) as exc:
        make_unit("A1", "Chi bộ trùng mã", OrgKind.CELL, tree.ward_a, CellCategory.KHOM)
    assert "A1" in exc.value.message_dict["code"][0]


def test_moving_a_unit_repaths_its_whole_subtree_and_keeps_the_old_placement(tree: Tree) -> None:
    members = [make_member(tree.cell_a1), make_member(tree.cell_a1, "Lê Thị Hoa", gender="female")]
    services.move_organization(tree.ward_a, by="test", new_parent=tree.commune_b, on=MERGE_DAY)
    tree.cell_a1.refresh_from_db()
    assert tree.cell_a1.path.startswith(tree.commune_b.path)
    assert tree.cell_a1.depth == 3
    old, new = OrganizationPlacement.objects.filter(organization=tree.cell_a1).order_by(
        "valid_from"
    )
    assert old.valid_to == MERGE_DAY and old.path.startswith(
        tree.province.path + f"{tree.ward_a.pk}/"
    )
    assert new.valid_to is None and new.path == tree.cell_a1.path
    # commune B had no members before the move, and has them after
    assert member_counts_as_of(tree.commune_b, BEFORE) == {}
    assert sum(member_counts_as_of(tree.commune_b, MERGE_DAY).values()) == len(members)
    event = tree.ward_a.events.get(kind=OrgEventKind.MOVE)
    assert event.date == MERGE_DAY


def test_a_unit_cannot_move_under_its_own_subtree(tree: Tree) -> None:
    with pytest.raises(ValidationError) as exc:
        services.move_organization(tree.ward_a, by="test", new_parent=tree.ward_a, on=MERGE_DAY)
    assert "parent" in exc.value.message_dict


def test_merging_communes_moves_cells_and_keeps_past_counts(tree: Tree) -> None:
    make_member(tree.cell_a1)
    make_member(tree.cell_b1, "Phạm Thị Lan", gender="female")
    before_a = member_counts_as_of(tree.ward_a, BEFORE)
    before_province = member_counts_as_of(tree.province, BEFORE)

    services.merge_organizations(
        [tree.commune_b], by="test", into=tree.ward_a, on=MERGE_DAY, document="NQ 1/2025"
    )

    tree.commune_b.refresh_from_db()
    tree.cell_b1.refresh_from_db()
    assert tree.commune_b.valid_to == MERGE_DAY
    assert tree.cell_b1.parent_id == tree.ward_a.pk
    # 2024 statistics are the same after the merge as before it
    assert member_counts_as_of(tree.ward_a, BEFORE) == before_a
    assert member_counts_as_of(tree.commune_b, BEFORE) == {CellCategory.HAMLET.value: 1}
    assert member_counts_as_of(tree.province, BEFORE) == before_province
    # from the merge on, the receiving ward has both
    assert sum(member_counts_as_of(tree.ward_a, MERGE_DAY).values()) == 2
    assert sum(active_member_counts(tree.ward_a).values()) == 2
    assert member_counts_as_of(tree.commune_b, MERGE_DAY) == {}
    assert AuditEntry.objects.filter(
        action=AuditAction.MERGE, object_id=str(tree.commune_b.pk)
    ).exists()


def test_merging_cells_moves_their_members_with_a_dated_placement(tree: Tree) -> None:
    member = make_member(tree.cell_a2)
    services.merge_organizations([tree.cell_a2], by="test", into=tree.cell_a1, on=MERGE_DAY)
    member.refresh_from_db()
    assert member.organization_id == tree.cell_a1.pk
    spans = list(MemberPlacement.objects.filter(member=member).order_by("valid_from"))
    assert [(s.organization_id, s.valid_to) for s in spans] == [
        (tree.cell_a2.pk, MERGE_DAY),
        (tree.cell_a1.pk, None),
    ]
    assert member_counts_as_of(tree.cell_a2, BEFORE) == {CellCategory.SCHOOL.value: 1}
    assert AuditEntry.objects.filter(action=AuditAction.MOVE, object_id=str(member.pk)).exists()


def test_a_cell_merges_only_with_a_cell(tree: Tree) -> None:
    with pytest.raises(ValidationError):
        services.merge_organizations([tree.cell_a1], by="test", into=tree.commune_b, on=MERGE_DAY)
    assert Organization.objects.get(pk=tree.cell_a1.pk).valid_to is None


def test_a_failed_merge_changes_nothing(tree: Tree) -> None:
    make_member(tree.cell_b1)
    services.dissolve_organization(tree.cell_a2, by="test", on=MERGE_DAY)
    audit_rows = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        # the second source is closed: the whole merge is refused
        services.merge_organizations(
            [tree.cell_b1, tree.cell_a2], by="test", into=tree.cell_a1, on=datetime.date(2025, 8, 1)
        )
    assert Member.objects.get(organization=tree.cell_b1)
    assert Organization.objects.get(pk=tree.cell_b1.pk).valid_to is None
    assert AuditEntry.objects.count() == audit_rows


def test_splitting_a_cell_distributes_its_members(tree: Tree) -> None:
    m1 = make_member(tree.cell_a1, "Nguyễn Văn Một")
    m2 = make_member(tree.cell_a1, "Nguyễn Văn Hai")
    parts = [
        services.SplitPart(code="A1a", name="Chi bộ Khóm 1A", member_ids=[m1.pk]),
        services.SplitPart(code="A1b", name="Chi bộ Khóm 1B", member_ids=[m2.pk]),
    ]
    new_units = services.split_organization(tree.cell_a1, by="test", parts=parts, on=MERGE_DAY)
    assert [u.category for u in new_units] == [CellCategory.KHOM, CellCategory.KHOM]
    m1.refresh_from_db()
    m2.refresh_from_db()
    assert (m1.organization_id, m2.organization_id) == (new_units[0].pk, new_units[1].pk)
    assert Organization.objects.get(pk=tree.cell_a1.pk).valid_to == MERGE_DAY
    assert member_counts_as_of(tree.cell_a1, BEFORE) == {CellCategory.KHOM.value: 2}


def test_a_split_must_place_every_member(tree: Tree) -> None:
    m1 = make_member(tree.cell_a1, "Nguyễn Văn Một")
    make_member(tree.cell_a1, "Nguyễn Văn Hai")
    parts = [
        services.SplitPart(code="A1a", name="Chi bộ Khóm 1A", member_ids=[m1.pk]),
        services.SplitPart(code="A1b", name="Chi bộ Khóm 1B"),
    ]
    with pytest.raises(ValidationError) as exc:
        services.split_organization(tree.cell_a1, by="test", parts=parts, on=MERGE_DAY)
    assert "parts" in exc.value.message_dict
    assert not Organization.objects.filter(code__in=["A1a", "A1b"]).exists()


def test_a_unit_with_members_or_units_cannot_be_dissolved(tree: Tree) -> None:
    make_member(tree.cell_a1)
    with pytest.raises(ValidationError):
        services.dissolve_organization(tree.ward_a, by="test", on=MERGE_DAY)
    with pytest.raises(ValidationError):
        services.dissolve_organization(tree.cell_a1, by="test", on=MERGE_DAY)
    services.dissolve_organization(tree.cell_a2, by="test", on=MERGE_DAY)
    assert Organization.objects.get(pk=tree.cell_a2.pk).valid_to == MERGE_DAY


def test_a_rename_is_a_dated_event_with_the_old_name(tree: Tree) -> None:
    services.rename_organization(
        tree.cell_a1, by="test", name="Chi bộ Khóm Một", on=MERGE_DAY, document="QĐ 12"
    )
    event = tree.cell_a1.events.get(kind=OrgEventKind.RENAME)
    assert "Chi bộ Khóm 1" in event.description and event.document == "QĐ 12"
    entry = AuditEntry.objects.filter(
        object_id=str(tree.cell_a1.pk), action=AuditAction.UPDATE
    ).first()
    assert entry is not None and entry.changes == {"name": ["Chi bộ Khóm 1", "Chi bộ Khóm Một"]}


def test_the_decision_body_is_inherited_unless_a_unit_overrides_it(tree: Tree) -> None:
    services.update_organization(
        tree.province,
        by="test",
        decision_body=DecisionBody.GRASSROOTS_STANDING,
        decision_threshold=DecisionThreshold.MAJORITY,
    )
    tree.cell_a1.refresh_from_db()
    assert services.effective_decision(tree.cell_a1) == (
        DecisionBody.GRASSROOTS_STANDING,
        DecisionThreshold.MAJORITY,
    )
    services.update_organization(
        tree.ward_a,
        by="test",
        decision_body=DecisionBody.GRASSROOTS_COMMITTEE,
        decision_threshold=DecisionThreshold.TWO_THIRDS,
    )
    assert services.effective_decision(tree.cell_a1) == (
        DecisionBody.GRASSROOTS_COMMITTEE,
        DecisionThreshold.TWO_THIRDS,
    )
    assert services.effective_decision(tree.cell_b1)[0] == DecisionBody.GRASSROOTS_STANDING


def test_subtree_queries_use_the_path_prefix_not_recursion(
    tree: Tree, django_assert_num_queries
) -> None:
    deep = tree.cell_a1
    with django_assert_num_queries(1):
        ids = set(
            Organization.objects.filter(path__startswith=tree.ward_a.path).values_list(
                "pk", flat=True
            )
        )
    assert ids == {tree.ward_a.pk, deep.pk, tree.cell_a2.pk}
