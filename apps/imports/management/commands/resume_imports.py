"""Finish imports a server restart interrupted. A job still "checking" or
"writing" had its work in one transaction, which the restart rolled back,
so running it again from its stored file is safe."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from apps.imports import services
from apps.imports.models import ImportJob, ImportStatus


class Command(BaseCommand):
    help = "Run again the imports left checking or writing by a restart."

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = ImportJob.objects.filter(status__in=[ImportStatus.CHECKING, ImportStatus.WRITING])
        for job in jobs:
            self.stdout.write(f"import {job.pk} ({job.file_name}): {job.status}")
            services.run(job.pk, commit=job.status == ImportStatus.WRITING)
        self.stdout.write(f"{len(jobs)} imports resumed")
