"""`make bench`: build the benchmark databases if needed, measure, write bench/RESULTS.md.

Environment (defaults in brackets):
  BENCH_SQLITE_ITEMS [100000]  published items in the SQLite database (bench/out/sqlite-<N>.sqlite3); 0 skips
  BENCH_PG_ITEMS [0]           published items in PostgreSQL database gk_bench_<N>; 1000000 for the full run
  BENCH_PG_URL                 server [postgres://postgres@127.0.0.1:5432]
  BENCH_SEARCH [true]          the search measurements (false: HTTP only, say)
  BENCH_HTTP [true]            the wrk run against gunicorn on the SQLite database
  BENCH_HTTP_SECONDS [10]      duration of each wrk measurement
  BENCH_PORT [a free one]      the port gunicorn listens on in the HTTP steps (httpbench.Server)
  BENCH_REPS [30]              repetitions of each search query
  BENCH_APPLICATIONS [false]   issue 3: due-date recompute and staff queue (SQLite + PostgreSQL) → RESULTS-applications.md
  BENCH_ANNUAL [false]         issue 4: the annual report over 1,000,000 items and applications (PostgreSQL)
  BENCH_MESSAGES [false]       issue 7: the public Q&A list over 200,000 messages vs /_bench/rows/ → RESULTS-msgs.md
  BENCH_MESSAGES_COUNT [200000] messages in that database (bench/out/messages-<N>.sqlite3)
  BENCH_CONSULT [false]        issue 7: a consultation page with 10,000 comments vs /_bench/rows/ (SQLite) → RESULTS-consult.md
  BENCH_REPLICA [false]        issue 11: a PostgreSQL primary and pg_basebackup standby of the bench's own (ports
                               19751/19752), the portal with and without the read router → RESULTS-replica.md
  BENCH_FAULTS [false]         issue 10: 200 submitting clients for 60 s, PostgreSQL (own cluster, port 18550)
                               restarted mid-run, double click and lost receipt → RESULTS-data.md (bench/faults.py)
  BENCH_SCHEMATHESIS [false]   issue 10: schemathesis, every check, >= 10,000 cases against gunicorn on the demo data,
                               SQLite then PostgreSQL (BENCH_PG_URL's server, database gk_sec_apifuzz) → RESULTS-sec.md
                               (bench/api_fuzz.py; BENCH_SCHEMATHESIS_VENDORS [sqlite,postgresql])
  BENCH_INSPECTION [false]     issue 8: a full self-inspection over 1,000,000 items and 200,000 messages (PostgreSQL)
  BENCH_GUARD [false]          issue 8: the guard's detector over 1 MB, a 100-page PDF extracted and indexed → RESULTS-guard.md
  BENCH_PROVINCE [false]       issue 11: the province generator (bench/province.py): 200 agencies, BENCH_PROVINCE_ITEMS
                               [2000000] items with the registers on PostgreSQL gk_search_province, and
                               BENCH_PROVINCE_SQLITE_ITEMS [100000] items on SQLite (bench/out/province-<N>.sqlite3); resumable
  BENCH_CURVE [false]          issue 11: search p95 at BENCH_CURVE_SIZES [250000,500000,1000000,2000000] items on the
                               province (catalogue and index grown between sizes), recall/precision, the annual report
                               and the self-inspection at each size → bench/search-curve.svg, RESULTS-search.md (bench/curve.py)
  BENCH_TASKS [false]          issue 11: the calendar-change request inline vs with a Celery worker, and the worker's
                               recompute of 100,000 open cases (PostgreSQL, BENCH_APPLICATIONS' data set; Redis
                               BENCH_TASKS_REDIS [redis://127.0.0.1:6379/10]) → bench/out/tasks-postgresql.json, RESULTS-tasks.md
  BENCH_WRITES [false]         issue 11: concurrent writes of 50 agencies against gunicorn + PostgreSQL (bench/writes_bench.py,
                               with each worker's resident memory after the load) and `gongkai import items` of 100,000
                               rows on SQLite and PostgreSQL (bench/import_bench.py) → bench/out/writes-after.json,
                               bench/out/import.json; figures in RESULTS-writes.md
  BENCH_PAGES [false]          issue 11: home, catalogue, item, search, Q&A list and an annual report with the page
                               cache (vs /_bench/bare/) and without (vs /_bench/rows/), on the SQLite database of
                               BENCH_SQLITE_ITEMS items (bench/pages_bench.py) → bench/out/pages.json, RESULTS-pages.md
Each step runs in its own process with DATABASE_URL pointing at its database; figures go to
bench/out/*.json, and RESULTS.md is rendered from every figure file present (a PostgreSQL run of an
earlier day is kept and dated, so a quick `make bench` does not erase the long one).
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

from .httpbench import OUT


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


def _flag(name: str) -> bool:
    return os.environ.get(name, "false").lower() in ("1", "true", "yes", "on")


def _enabled(name: str) -> bool:
    """A step that runs unless its variable says false."""
    return os.environ.get(name, "true").lower() in ("1", "true", "yes", "on")


def _step(args: list[str], url: str) -> None:
    env = dict(os.environ, DATABASE_URL=url, GONGKAI_DATA_DIR=str(OUT / "data"), DJANGO_SETTINGS_MODULE="gongkai.settings")
    print("$", " ".join(args[2:]), flush=True)
    subprocess.run([sys.executable, "-m", *args], env=env, check=True)


def _search(vendor: str, url: str, items: int, reps: int, recall_per_kind: int) -> None:
    _step(["bench.build", "--items", str(items)], url)
    out = OUT / f"search-{vendor}.json"
    load = os.getloadavg()[0]
    _step(["bench.searchbench", "--items", str(items), "--reps", str(reps),
           "--recall-per-kind", str(recall_per_kind), "--out", str(out)], url)
    _stamp(out, load)


def _stamp(path, load_before: float) -> None:
    """Date and 1-minute load average before/after: other work on the machine shows up in p95."""
    data = json.loads(path.read_text(encoding="utf-8"))
    data["date"] = time.strftime("%Y-%m-%d %H:%M %Z")
    data["load"] = f"{load_before:.1f}/{os.getloadavg()[0]:.1f}"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    sqlite_items, pg_items = _int("BENCH_SQLITE_ITEMS", 100_000), _int("BENCH_PG_ITEMS", 0)
    reps = _int("BENCH_REPS", 30)
    t0 = time.monotonic()
    sqlite_url = f"sqlite:///{OUT / f'sqlite-{sqlite_items}.sqlite3'}"
    search = _enabled("BENCH_SEARCH")
    if sqlite_items and search:
        _search("sqlite", sqlite_url, sqlite_items, reps, 4)
    if sqlite_items and _enabled("BENCH_HTTP"):
        if not search:
            _step(["bench.build", "--items", str(sqlite_items)], sqlite_url)
        out = OUT / "http.json"
        from .queries import select

        word = select()["2f"][1]
        load = os.getloadavg()[0]
        _step(["bench.httpbench", "--seconds", os.environ.get("BENCH_HTTP_SECONDS", "10"), "--word", word, "--out", str(out)], sqlite_url)
        _stamp(out, load)
    if pg_items and search:
        server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
        # The LIKE scans for recall take seconds each on a million rows: a sample of two per kind.
        _search("postgresql", f"{server}/gk_bench_{pg_items}", pg_items, reps, 2)
    from .report import write

    write()
    if _flag("BENCH_APPLICATIONS") or _flag("BENCH_ANNUAL"):
        from . import report_applications

        server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
        report_applications.run(_step, server, _flag)
    if _flag("BENCH_MESSAGES"):
        n = _int("BENCH_MESSAGES_COUNT", 200_000)
        _step(["bench.messages_bench", "--messages", str(n), "--seconds", os.environ.get("BENCH_HTTP_SECONDS", "10"),
               "--out", str(OUT / "messages.json")], f"sqlite:///{OUT / f'messages-{n}.sqlite3'}")
    if _flag("BENCH_CONSULT"):
        _step(["bench.consult_bench", "--seconds", os.environ.get("BENCH_HTTP_SECONDS", "10"),
               "--out", str(OUT / "consult.json")], f"sqlite:///{OUT / 'consult.sqlite3'}")
    if _flag("BENCH_FAULTS"):
        _bench_extra("hypothesis")
        print("$ bench.fuzz", flush=True)
        subprocess.run([sys.executable, "-m", "bench.fuzz"], check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print("$ bench.faults", flush=True)
        subprocess.run([sys.executable, "-m", "bench.faults"], check=True)
    if _flag("BENCH_REPLICA"):
        print("$ bench.replica_bench", flush=True)
        subprocess.run([sys.executable, "-m", "bench.replica_bench"], check=True)
    if _flag("BENCH_SCHEMATHESIS"):
        _bench_extra("schemathesis")
        for vendor in os.environ.get("BENCH_SCHEMATHESIS_VENDORS", "sqlite,postgresql").split(","):
            print(f"$ bench.api_fuzz --vendor {vendor}", flush=True)
            subprocess.run([sys.executable, "-m", "bench.api_fuzz", "--vendor", vendor.strip()], check=False)
    if _flag("BENCH_INSPECTION"):
        server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
        _createdb(server, "gk_bench_inspection")
        _step(["bench.inspection_bench", "--out", str(OUT / "inspection.json")], f"{server}/gk_bench_inspection")
    if _flag("BENCH_GUARD"):
        _step(["bench.guard_bench"], f"sqlite:///{OUT / 'guard.sqlite3'}")
    if _flag("BENCH_PROVINCE") or _flag("BENCH_CURVE"):
        server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
        _createdb(server, "gk_search_province")
        province_url = f"{server}/gk_search_province"
        sizes = os.environ.get("BENCH_CURVE_SIZES", "250000,500000,1000000,2000000")
        if _flag("BENCH_PROVINCE"):
            if not _flag("BENCH_CURVE"):  # the curve grows the catalogue itself, size by size (--grow)
                n = _int("BENCH_PROVINCE_ITEMS", 2_000_000)
                _step(["bench.province", "--items", str(n), "--registers"], province_url)
            sq = _int("BENCH_PROVINCE_SQLITE_ITEMS", 100_000)
            if sq:
                _step(["bench.province", "--items", str(sq)], f"sqlite:///{OUT / f'province-{sq}.sqlite3'}")
        if _flag("BENCH_CURVE"):
            # Items, search index, annual report and self-inspection measured at each size over a catalogue of that size.
            _step(["bench.curve", "--sizes", sizes, "--grow", "--registers"], province_url)
    if _flag("BENCH_TASKS"):
        server = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
        _createdb(server, "gk_bench_applications")
        _step(["bench.tasks_bench", "--out", str(OUT / "tasks-postgresql.json")], f"{server}/gk_bench_applications")
    if _flag("BENCH_WRITES"):
        for module in ("bench.writes_bench", "bench.import_bench"):
            print(f"$ {module}", flush=True)
            subprocess.run([sys.executable, "-m", module], check=True)
    if _flag("BENCH_PAGES"):
        pages_items = sqlite_items or 100_000
        pages_url = f"sqlite:///{OUT / f'sqlite-{pages_items}.sqlite3'}"
        _step(["bench.build", "--items", str(pages_items)], pages_url)
        _step(["bench.pages_bench", "--seconds", os.environ.get("BENCH_HTTP_SECONDS", "10"),
               "--out", str(OUT / "pages.json")], pages_url)
    print(f"== bench done in {time.monotonic() - t0:.0f} s; see bench/RESULTS.md")


def _bench_extra(module: str) -> None:
    """The bench extra (hypothesis, schemathesis) is not part of `make venv`: installed when first needed."""
    import importlib.util

    if importlib.util.find_spec(module) is None:
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "-c", "constraints.txt", "-e", ".[test,bench]"], check=True)


def _createdb(server: str, name: str) -> None:
    """The benchmark's own database, created when missing (C.UTF-8, as decision 0002 needs)."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 LC_CTYPE \'C.UTF-8\' LC_COLLATE \'C.UTF-8\'')


if __name__ == "__main__":
    main()
