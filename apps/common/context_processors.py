"""Template context shared by every page: the product's version and the
support contact shown in the footer (settings PTDV_VERSION,
PTDV_SUPPORT_EMAIL, PTDV_SUPPORT_PHONE)."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def product(request: HttpRequest) -> dict[str, Any]:
    """{"product_version": str, "support_email": str, "support_phone": str};
    an empty contact is simply not shown."""
    return {
        "product_version": settings.PTDV_VERSION,
        "support_email": settings.SUPPORT_EMAIL,
        "support_phone": settings.SUPPORT_PHONE,
    }
