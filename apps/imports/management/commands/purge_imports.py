"""Delete the uploaded roster files kept longer than IMPORT_KEEP_DAYS (30
by default), the files of refused imports, and stray files no import
names. Rosters hold citizen IDs and family details: run it daily (cron or
a systemd timer, from one server)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from apps.imports import services


class Command(BaseCommand):
    help = "Delete uploaded roster files older than IMPORT_KEEP_DAYS days."

    def handle(self, *args: Any, **options: Any) -> None:
        purged, strays = services.purge()
        self.stdout.write(
            f"{purged} import files deleted (older than {services.keep_days()} days or refused), "
            f"{strays} stray files deleted"
        )
