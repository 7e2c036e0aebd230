"""The slowest filtered searches of the curve and the statements each ran (issue 11): for every filter
set of bench/curve.py and every word, the median of 5 `search_items` calls, and the time of each SQL
statement of the last call. `DATABASE_URL=postgres://…/gk_search_province python -m bench.search_statements
[SET …]` (TOP=25 rows). What decision 0076 was found with: which plan a search took, and where its
time went (then `EXPLAIN (ANALYZE, BUFFERS)` of the statement)."""
from __future__ import annotations

import os
import statistics
import sys
import time

from .build import _django


def main(argv: list[str]) -> None:
    _django()
    from django.db import connection

    from gongkai.search.selectors import search_items

    from .curve import MIXED, province_filters
    from .queries import select

    queries = {**select(), "mixed": MIXED}
    log: list[tuple[float, str]] = []

    def timed(execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            log.append(((time.perf_counter() - t) * 1000, " ".join(sql.split())[:120]))

    rows = []
    for name, f in province_filters().items():
        if argv and name not in argv:
            continue
        for kind, words in queries.items():
            for w in words:
                ms = []
                for _ in range(5):
                    log.clear()
                    t = time.perf_counter()
                    with connection.execute_wrapper(timed):
                        page = search_items(w, filters=f)
                    ms.append((time.perf_counter() - t) * 1000)
                rows.append((statistics.median(ms), name, kind, w, page.count, page.more, list(log)))
    rows.sort(key=lambda r: -r[0])
    for median, name, kind, w, count, more, statements in rows[: int(os.environ.get("TOP", 25))]:
        print(f"{median:6.1f} ms  {name:16s} {kind:5s} {w:10s} count={count} more={more}")
        for ms, sql in statements:
            print(f"        {ms:6.1f}  {sql}")


if __name__ == "__main__":
    main(sys.argv[1:])
