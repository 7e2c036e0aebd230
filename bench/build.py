"""Builds a benchmark database: `python -m bench.build --items N` with DATABASE_URL naming it.

The database is the benchmark's own (a file under bench/out/ or a PostgreSQL database named gk_bench…):
when it does not already hold exactly this corpus, it is recreated from scratch. PostgreSQL loads in
two worker processes (one per core) over disjoint id ranges, then builds the GIN index once.
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

SEED = 2026
HIDDEN = 6  # drafts and withdrawn items, see load.hidden_add


def _django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def _db_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.exit("DATABASE_URL must name the benchmark database")
    return url


def _complete(n_items: int) -> bool:
    """Already loaded with this corpus? (published count, the hidden rows, the last document's title)"""
    from gongkai.catalog.models import Item

    from .corpus import Corpus
    from .load import MARKER

    try:
        last = Item.objects.filter(pk=n_items).values_list("title", flat=True).first()
        return (
            last == Corpus(SEED).doc(n_items - 1).title
            and Item.objects.filter(status="published").count() == n_items
            and Item.objects.filter(title__startswith=MARKER).count() == HIDDEN
        )
    except Exception:  # no tables yet
        return False


def _recreate(url: str) -> None:
    u = urlparse(url)
    if u.scheme.startswith("sqlite"):
        path = Path(u.path)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg

    name = u.path.lstrip("/")
    if not (name.startswith("gk_bench") or (name.startswith("gk_") and "_bench" in name)):
        sys.exit(f"refusing to drop {name!r}: benchmark databases are named gk_bench… (or gk_<worktree>_bench…)")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def _workers(n_items: int, parts: int) -> None:
    bounds = [n_items * i // parts for i in range(parts + 1)]
    procs = [
        subprocess.Popen([sys.executable, "-m", "bench.build", "--range", str(bounds[i]), str(bounds[i + 1])])
        for i in range(parts)
    ]
    codes = [p.wait() for p in procs]
    if any(codes):
        sys.exit(f"a loader worker failed: {codes}")


def build(n_items: int, *, force: bool = False) -> bool:
    """Returns True when it had to (re)load, False when the database was already there."""
    from django.core.management import call_command
    from django.db import connection

    from . import load
    from .queries import select

    if not force and _complete(n_items):
        call_command("migrate", verbosity=0)  # a migration added since the load applies here…
        with connection.cursor() as c:
            # …and an index it adds gets statistics: SQLite, knowing the others' but not its, takes
            # it for very selective (seen: a 20-row list sorting 100,000 rows in a temporary B-tree).
            c.execute("ANALYZE")
        print(f"== {connection.vendor}: {n_items:,} items already loaded")
        return False
    connection.close()
    _recreate(_db_url())
    t0 = time.monotonic()
    call_command("migrate", verbosity=0)
    load.fixtures_ensure()
    if connection.vendor == "postgresql":
        load.pg_index_drop()
        connection.close()
        _workers(n_items, 2)
        load.pg_index_create()
    else:
        load.load_range(0, n_items, seed=SEED)
    load.serials_set(n_items)
    if connection.vendor == "postgresql":  # ids were given explicitly: move the sequences past them
        with connection.cursor() as c:
            for table in ("catalog_item", "catalog_revision"):
                c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
    words = [w for ws in select().values() for w in ws]
    load.hidden_add(words, first_pk=n_items + 1)
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"== {connection.vendor}: loaded {n_items:,} items in {time.monotonic() - t0:.0f} s")
    return True


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int)
    ap.add_argument("--range", nargs=2, type=int, help=argparse.SUPPRESS)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args(argv)
    _db_url()
    _django()
    if args.range:
        from . import load

        load.load_range(*args.range, seed=SEED)
    else:
        build(args.items, force=args.force)


if __name__ == "__main__":
    main()
