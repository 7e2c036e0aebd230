"""A short schemathesis pass over the whole API in process (a few hundred cases, every check, the
settings of bench/schemathesis.toml); the long run of at least 10,000 cases against gunicorn is
bench/api_fuzz.py. Needs the bench extra (`pip install -c constraints.txt -e '.[test,bench]'`):
skipped where schemathesis is not installed, as in a plain `make venv`."""
from __future__ import annotations

from pathlib import Path

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, settings  # noqa: E402 — hypothesis comes with schemathesis

CONFIG = Path(__file__).resolve().parents[2] / "bench" / "schemathesis.toml"


@pytest.fixture
def api_schema(org, settings_limits):
    # Transactional (the mark on the test), as under gunicorn: schemathesis calls the WSGI application itself, not through
    # Django's test Client, so every request ends with close_old_connections(). Inside the `db`
    # fixture's transaction that finds autocommit off and closes the connection — on PostgreSQL the
    # first request (the schema itself) did, and every database query after it was a 503 "connection
    # is closed" (SQLite's in-memory test database ignores close(), so only PostgreSQL showed it).
    # With serialized_rollback, like every other committing test here: a plain transactional test's
    # flush re-creates the content types, and the next serialized test's restore then collides.
    from schemathesis.config import SchemathesisConfig

    from gongkai.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application,
                                          config=SchemathesisConfig.from_path(CONFIG))


@pytest.fixture
def settings_limits(settings):
    # The per-address limits would turn most POSTs into 429s after ten (they have tests of their own).
    settings.GONGKAI_THROTTLE = {"apply": (10**6, 3600), "track": (10**6, 600)}
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_keeps_to_its_schema(api_schema):
    from hypothesis import given

    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) == 4
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
        def keeps_to_it(case):
            case.call_and_validate()  # every check of the config: server errors, status codes, schemas …

        keeps_to_it()
