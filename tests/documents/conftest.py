from tests.admissions.conftest import voters  # noqa: F401  (a fixture)
