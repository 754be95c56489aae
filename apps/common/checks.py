"""Deployment checks of our own, run by `manage.py check --deploy` (and
`make check`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def media_outside_the_code(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Uploaded files (scans, stored imports, templates) hold personal data:
    in production they live outside the code folder, which is copied,
    shared and replaced at every release."""
    from pathlib import Path

    media = Path(settings.MEDIA_ROOT).resolve()
    code = Path(settings.BASE_DIR).resolve()
    if media == code or code in media.parents:
        return [
            checks.Warning(
                f"MEDIA_ROOT ({media}) is inside the code folder ({code}).",
                hint="Set PTDV_MEDIA_ROOT to a directory outside it, e.g. /var/lib/ptdv/media.",
                id="ptdv.W001",
            )
        ]
    return []
