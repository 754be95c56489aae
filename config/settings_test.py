"""Settings of the test suite (pyproject.toml, [tool.pytest.ini_options]):
those of a local trial, whatever the shell says — DJANGO_DEBUG=1, so the
test client is not redirected to HTTPS and gets the trial's secret key;
pytest-django still runs every test with DEBUG off. Uploaded files go to a
temporary folder, removed at exit, never into the code folder. The
production defaults themselves are tested in tests/common/test_security.py."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

os.environ["DJANGO_DEBUG"] = "1"

from config.settings import *  # noqa: F403

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="ptdv-test-media-"))
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)
