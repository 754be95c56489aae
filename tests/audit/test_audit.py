import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from apps.audit.models import AppendOnlyError, AuditAction, AuditEntry
from apps.audit.services import history
from apps.members.services import update_member
from tests.conftest import Tree, make_member


def test_creating_a_member_records_who_and_every_field(tree: Tree) -> None:
    member = make_member(tree.cell_a1, "Nguyễn Văn Á")
    entries = list(history(member.person))
    assert len(entries) == 1
    entry = entries[0]
    assert entry.action == AuditAction.CREATE and entry.actor_label == "test"
    assert entry.changes["full_name"] == [None, "Nguyễn Văn Á"]
    assert entry.changes["date_of_birth"] == [None, "1985-03-05"]
    assert history(member).get().changes["organization"] == [None, tree.cell_a1.pk]


def test_an_update_records_each_changed_field_old_and_new(tree: Tree) -> None:
    member = make_member(tree.cell_a1, "Nguyễn Văn Á")
    update_member(
        member,
        by="test",
        person_changes={"workplace": "UBND phường", "phone": "0912345678"},
        member_changes={"card_number": "82000001"},
    )
    person_entry = history(member.person).filter(action=AuditAction.UPDATE).get()
    assert person_entry.changes == {"workplace": ["", "UBND phường"], "phone": ["", "0912345678"]}
    member_entry = history(member).filter(action=AuditAction.UPDATE).get()
    assert member_entry.changes == {"card_number": [None, "82000001"]}


def test_a_refused_update_saves_nothing_and_records_nothing(tree: Tree) -> None:
    member = make_member(tree.cell_a1, "Nguyễn Văn Á")
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        update_member(
            member,
            by="test",
            person_changes={"workplace": "Nơi mới"},
            member_changes={"ceremony_on": datetime.date(2000, 1, 1)},
        )
    member.person.refresh_from_db()
    assert member.person.workplace == ""
    assert AuditEntry.objects.count() == before


def test_audit_entries_cannot_be_changed_or_deleted(tree: Tree) -> None:
    entry = AuditEntry.objects.first()
    assert entry is not None
    entry.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigger exists on PostgreSQL only")
def test_postgresql_refuses_raw_updates_of_the_audit_table(tree: Tree) -> None:
    from django.db import DatabaseError

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditentry SET note = 'x'")


def test_record_refuses_to_run_outside_a_transaction(transactional_db: None) -> None:
    from apps.audit.services import record
    from tests.conftest import make_user

    user = make_user("someone")
    with pytest.raises(RuntimeError):
        record("test", AuditAction.UPDATE, user)


def test_history_shows_labels_names_and_vietnamese_dates(tree: Tree) -> None:
    from django.utils import translation

    from apps.audit.presenters import present
    from apps.organizations.services import move_organization

    move_organization(
        tree.cell_a1, by="test", new_parent=tree.commune_b, on=datetime.date(2025, 7, 1)
    )
    with translation.override("vi"):
        rows = present(list(history(tree.cell_a1)))
        moved = [
            line for entry, lines in rows if entry.action == AuditAction.MOVE for line in lines
        ]
        assert [(str(line.label), line.old, line.new) for line in moved] == [
            ("đơn vị cấp trên", "Đảng bộ phường An Hòa", "Đảng bộ xã Bình Minh")
        ]
        created = {
            str(line.label): line.new
            for entry, lines in rows
            if entry.action == AuditAction.CREATE
            for line in lines
        }
        assert created["hiệu lực từ"] == "01/01/2010"
        assert created["loại hình chi bộ"] == "Khu dân cư: khóm"
