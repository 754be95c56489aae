from typing import Any

from django.http import HttpRequest

from .models import Notification


def bell(request: HttpRequest) -> dict[str, Any]:
    """The unread count under the bell of every page (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"bell_unread": Notification.objects.filter(user=user, read_at__isnull=True).count()}
