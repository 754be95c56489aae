import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# Refuse to start without a secret key outside a local trial (DJANGO_DEBUG
# off and no DJANGO_SECRET_KEY): Django raises ImproperlyConfigured here,
# at boot, instead of on the first request.
settings.SECRET_KEY  # noqa: B018
