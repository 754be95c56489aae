"""Send every user the daily e-mail digest of their deadlines. Meant for
cron or a systemd timer, once a day from one server (docs/deployment.md);
safe to run twice: an item is never sent twice to a user on the same day
(a unique row per user, day and item)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from apps.admissions.evaluation import rules_cache
from apps.common.clock import today
from apps.deadlines.engine import Engine
from apps.deadlines.services import send_digests


class Command(BaseCommand):
    help = "E-mail each user the deadlines due or overdue today (once per item and day)."

    def handle(self, *args: Any, **options: Any) -> None:
        with rules_cache():
            messages, items = send_digests(Engine(today()))
        self.stdout.write(f"{messages} digests sent, {items} items")
