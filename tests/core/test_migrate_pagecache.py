"""`gongkai migrate` and the page generation (decision 0068): on a fresh database the migrations' own
writes come before the generation's table exists, and must not each log an ERROR with a traceback;
after a migrate the generation has been raised, so that no page cached before it is served after it.

Run as the real command in a subprocess, on a fresh database of its own: a SQLite file, or (when the
suite runs on PostgreSQL) a PostgreSQL database beside the test database, dropped afterwards."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.core import pagecache

BIN = Path(sys.executable).parent


@pytest.fixture
def fresh_database(tmp_path):
    """The environment of another installation on an empty database (the generation kept in the
    database: the store whose table the migrations make)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_URL", "DJANGO_", "GONGKAI_", "CELERY_"))}
    env.update(GONGKAI_DATA_DIR=str(tmp_path / "data"), GONGKAI_PAGECACHE_GENERATION="database", LOG_LEVEL="INFO")
    if connection.vendor != "postgresql":
        yield env
        return
    import psycopg

    db = connection.settings_dict
    server = dict(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], password=db["PASSWORD"] or None)
    name = f"{db['NAME']}_fresh"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'drop database if exists "{name}"')
        admin.execute(f'create database "{name}"')
    env["DATABASE_URL"] = f"postgres://{server['user']}@{server['host']}:{server['port']}/{name}"
    try:
        yield env
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'drop database if exists "{name}" with (force)')


def _gongkai(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([BIN / "gongkai", *args], env=env, capture_output=True, text=True, timeout=600)


READ = "from gongkai.core.models import PageGeneration as G; print(G.objects.get(scope='global').value)"


def test_migrating_a_fresh_database_logs_no_error_and_raises_the_generation_once_at_the_end(fresh_database):
    run = _gongkai(fresh_database, "migrate", "--noinput")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr and "ERROR" not in run.stderr, run.stderr[:2000]
    assert "页面缓存" not in run.stderr
    first = int(_gongkai(fresh_database, "shell", "-c", READ).stdout.split()[-1])
    assert first > 0, "raised once the migrations were done"

    # A later migrate (a deploy: nothing or something to apply) raises it again: pages cached before
    # the migration are not served after it.
    run = _gongkai(fresh_database, "migrate", "--noinput")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert int(_gongkai(fresh_database, "shell", "-c", READ).stdout.split()[-1]) > first


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_writes_of_a_migrate_queue_no_raise_and_other_writes_still_do(settings):
    before = pagecache.generation()
    call_command("migrate", verbosity=0)
    after = pagecache.generation()
    assert after > before, "a migrate raises the generation when it ends"
    assert not pagecache.quiet_writes.get(), "and the writes after it raise it again"
    from gongkai.orgs.models import Organisation

    Organisation.objects.create(code="gzedu", name="贵州省教育厅", credit_code="115200000093900999")
    assert pagecache.generation() > after
