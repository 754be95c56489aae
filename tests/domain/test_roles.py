import pytest

from domain.roles import ROLE_PERMISSIONS, Perm, Role, grants, minimal_prefixes


@pytest.mark.parametrize(
    ("role", "perm", "expected"),
    [
        (Role.CELL_SECRETARY, Perm.CHANGE_MEMBERS, True),
        (Role.CELL_SECRETARY, Perm.CHANGE_TREE, False),
        (Role.COMMITTEE_STAFF, Perm.CHANGE_TREE, True),
        (Role.TRAINING_CENTRE, Perm.VIEW_PERSONAL, False),
        (Role.AUDITOR, Perm.CHANGE_MEMBERS, False),
        (Role.AUDITOR, Perm.VIEW, True),
        (Role.ADMINISTRATOR, Perm.MANAGE_USERS, True),
        (Role.ORG_COMMITTEE, Perm.MANAGE_USERS, False),
    ],
)
def test_each_role_grants_exactly_its_permissions(role: Role, perm: Perm, expected: bool) -> None:
    assert grants(role, perm) is expected


def test_every_role_can_view_its_subtree() -> None:
    assert all(Perm.VIEW in perms for perms in ROLE_PERMISSIONS.values())


def test_minimal_prefixes_drops_paths_inside_other_paths() -> None:
    assert minimal_prefixes(["/1/2/", "/1/", "/3/4/", "/3/4/5/", "/1/2/"]) == ["/1/", "/3/4/"]
    # "/1/2/" must not swallow "/1/20/"
    assert minimal_prefixes(["/1/2/", "/1/20/"]) == ["/1/2/", "/1/20/"]
