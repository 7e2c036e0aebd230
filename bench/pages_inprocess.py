"""The uncached pages of bench/pages_bench.py measured in process (Django's test client, the page
cache off): for each page the Python function calls of one request — a figure the machine's load
does not move — and the 25th percentile of REPS requests, each beside `/_bench/rows/`, measured
in turns with it. What wrk's ratios swing around on a shared two-core machine (RESULTS-pages.md).

`DATABASE_URL=sqlite:///bench/out/sqlite-100000.sqlite3 python -m bench.pages_inprocess [--reps 60]`
(a database bench.pages_bench has prepared: its Q&A and its report)."""
from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=60)
    args = ap.parse_args(argv)
    os.environ["GONGKAI_PAGECACHE"] = "false"
    os.environ["GONGKAI_BENCH_VIEWS"] = "true"
    from .pages_bench import PAGES, prepare

    paths = prepare(0)  # the addresses only: a database pages_bench has filled already
    from django.test import Client

    client = Client()

    def calls(path: str) -> int:
        client.get(path)
        profile = cProfile.Profile()
        profile.enable()
        response = client.get(path)
        profile.disable()
        assert response.status_code == 200, (path, response.status_code)
        return pstats.Stats(profile).total_calls

    def timed(path: str) -> float:
        t = time.perf_counter()
        client.get(path)
        return (time.perf_counter() - t) * 1000

    rows = "/_bench/rows/"
    base_calls = calls(rows)
    print(f"{'page':10s} {'calls':>7s} {'÷ rows':>7s} {'p25 ms':>7s} {'rows p25':>8s} {'rows ÷ page':>11s}")
    print(f"{'rows':10s} {base_calls:7,d}")
    for name in PAGES:
        path = paths[name]
        n = calls(path)
        page_ms, rows_ms = [], []
        for _ in range(args.reps):  # in turns, so a change of load falls on both
            page_ms.append(timed(path))
            rows_ms.append(timed(rows))
        page_ms.sort()
        rows_ms.sort()
        p, r = page_ms[len(page_ms) // 4], rows_ms[len(rows_ms) // 4]
        print(f"{name:10s} {n:7,d} {n / base_calls:7.2f} {p:7.2f} {r:8.2f} {r / p:11.2f}", flush=True)


if __name__ == "__main__":
    main()
