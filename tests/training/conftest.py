"""The admission fixtures serve the training tests too."""

from tests.admissions.conftest import voters

__all__ = ["voters"]
