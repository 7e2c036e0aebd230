"""The database router's cost and where reads go (issue 11, decision 0062): `BENCH_REPLICA=true make bench`
or `python -m bench.replica_bench`. Figures to bench/out/replica.json and bench/RESULTS-replica.md.

A PostgreSQL 15 primary and a `pg_basebackup -R` standby of the bench's own (bench/pgpair.py, ports
19751/19752), BENCH_REPLICA_ITEMS (20,000) items loaded by bench.build on the primary before the
standby is made. gunicorn (2 workers × 4 threads) serves the same pages with DATABASE_URL alone, then
with DATABASE_REPLICA_URL too; wrk -t2 -c50 -d BENCH_HTTP_SECONDS (10) per page, in one run so the
ratios compare. The transactions each server committed during the routed run show where reads went.
Then the standby's replay lag seen by /readyz while a clerk-sized write burst runs on the primary.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

from . import httpbench
from .pgpair import PgPair, available

OUT = Path(__file__).resolve().parent / "out"
RESULTS = Path(__file__).resolve().parent / "RESULTS-replica.md"
PRIMARY_PORT, REPLICA_PORT = 19751, 19752
DB = "gk_bench_replica"


def _commits(pair: PgPair, which: str) -> int:
    return int(pair.sql(which, f"select xact_commit from pg_stat_database where datname = '{DB}'"))


def _measure(paths: dict[str, str], seconds: int, pair: PgPair) -> dict:
    results = {}
    with httpbench.Server() as srv:
        for name, path in paths.items():
            before = {w: _commits(pair, w) for w in ("primary", "replica")}
            r = httpbench.wrk(srv.base + path, seconds)
            after = {w: _commits(pair, w) for w in ("primary", "replica")}
            r["commits"] = {w: after[w] - before[w] for w in after}
            results[name] = r
            print(f"  {name:8} {r['rps']:8.0f} req/s  p50 {r['p50']} ms  p99 {r['p99']} ms  commits {r['commits']}", flush=True)
    return results


def main() -> dict:
    reason = available()
    if reason:
        sys.exit(reason)
    n_items = int(os.environ.get("BENCH_REPLICA_ITEMS", "20000"))
    seconds = int(os.environ.get("BENCH_HTTP_SECONDS", "10"))
    load_before = os.getloadavg()[0]
    pair = PgPair(PRIMARY_PORT, REPLICA_PORT)
    try:
        pair.start()
        primary_url, replica_url = pair.url("primary", DB), pair.url("replica", DB)
        os.environ.pop("DATABASE_REPLICA_URL", None)
        os.environ.pop("DATABASE_REPLICA_URLS", None)
        os.environ.pop("REDIS_URL", None)
        os.environ["DATABASE_URL"] = primary_url
        import subprocess

        subprocess.run([sys.executable, "-m", "bench.build", "--items", str(n_items)], check=True,
                       env={**os.environ, "DATABASE_URL": primary_url})
        pair.make_replica()
        pair.wait_replayed()
        key = pair.sql("primary", "select index_number from catalog_item where id = 1000", db=DB)
        paths = {"catalog": "/catalog/", "item": f"/items/{key}/", "search": "/search/?q=%E4%BD%93%E7%B3%BB"}
        print("== primary only", flush=True)
        alone = _measure(paths, seconds, pair)
        os.environ["DATABASE_REPLICA_URL"] = replica_url
        print("== primary + replica (router on)", flush=True)
        routed = _measure(paths, seconds, pair)
        lag = _lag_under_writes(pair)
    finally:
        os.environ.pop("DATABASE_REPLICA_URL", None)
        pair.stop()
    result = {"measured_at": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "items": n_items,
              "load": [round(load_before, 1), round(os.getloadavg()[0], 1)], "paths": paths,
              "alone": alone, "routed": routed, "lag": lag}
    OUT.mkdir(exist_ok=True)
    (OUT / "replica.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    write(result)
    return result


def _lag_under_writes(pair: PgPair) -> dict:
    """Replay lag in bytes and seconds, sampled while 1,000 small transactions commit on the primary."""
    import threading

    samples: list[int] = []
    done = threading.Event()

    def sample():
        while not done.is_set():
            samples.append(int(float(pair.sql("primary", "select coalesce(max(pg_wal_lsn_diff(sent_lsn, replay_lsn)), 0) "
                                                        "from pg_stat_replication"))))
            time.sleep(0.05)

    thread = threading.Thread(target=sample)
    thread.start()
    started = time.monotonic()
    pair.sql("primary", "create table if not exists bench_writes (id serial primary key, body text)", db=DB)
    script = "".join("begin; insert into bench_writes (body) values (repeat('公开', 200)); commit; " for _ in range(1000))
    pair.sql("primary", script, db=DB)
    took = time.monotonic() - started
    t0 = time.monotonic()
    pair.wait_replayed()
    caught_up = time.monotonic() - t0
    done.set()
    thread.join()
    return {"writes": 1000, "seconds": round(took, 2), "max_lag_bytes": max(samples or [0]),
            "caught_up_after_s": round(caught_up, 3)}


def write(r: dict) -> None:
    rows = []
    for name in r["paths"]:
        a, b = r["alone"][name], r["routed"][name]
        share = b["commits"]["replica"] / max(1, b["commits"]["replica"] + b["commits"]["primary"])
        rows.append(f"| {name} | `{r['paths'][name]}` | {a['rps']:,.0f} | {a['p99']} | {b['rps']:,.0f} | {b['p99']} | "
                    f"{b['rps'] / a['rps']:.2f}× | {share:.0%} |")
    table = "\n".join(rows)
    lag = r["lag"]
    RESULTS.write_text(f"""# Read replicas and the database router (issue 11, `replica`)

Generated by `BENCH_REPLICA=true make bench` (`bench/replica_bench.py`; figures also in bench/out/replica.json).
Machine: 2 shared cores (other engineers' test runs included: load average before/after {r['load'][0]}/{r['load'][1]}),
PostgreSQL 15 primary and `pg_basebackup -R` standby of the bench's own on one machine (ports {PRIMARY_PORT}/{REPLICA_PORT}),
{r['items']:,} items, gunicorn gthread 2 workers × 4 threads, `wrk -t2 -c50 -d10s`. Measured {r['measured_at']}.

## The same pages with and without the router (one run; baseline: DATABASE_URL alone)

| page | path | primary only req/s | p99 ms | primary + replica req/s | p99 ms | ratio | transactions on the replica |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |
{table}

Both database servers run on the same two cores as gunicorn and wrk, so the ratio says what the
router costs here (a second connection per thread, the replica's health check per request), not what
a second machine adds: on separate hosts each replica brings its own cores to the reads.
"Transactions on the replica" is the share of `xact_commit` of both servers during the routed run
(every statement outside a transaction counts one): what anonymous readers cost lands on the standby.

## Replay lag under a burst of writes

{lag['writes']:,} small transactions (≈ 1 KB each) committed on the primary in {lag['seconds']} s: the standby was at most
{lag['max_lag_bytes']:,} bytes of WAL behind, and had replayed everything within {lag['caught_up_after_s']} s of the last commit (polled through psql:
an upper bound).
A person who wrote reads the primary until then (the `gk_primary` pin, decision 0062).
""", encoding="utf-8")


if __name__ == "__main__":
    main()
