"""Search p95 on the province under other values of COUNT_CAP (the plan's threshold and the count
shown): `DATABASE_URL=…/gk_search_province python -m bench.cap_compare 2000 1000 …` — every filter set
of bench/curve.py and both orders, each word REPS (5) times, the caps interleaved word by word so the
load falls on each alike. What decision 0077 was chosen with."""
from __future__ import annotations

import os
import sys
import time

from .build import _django


def main(argv: list[str]) -> None:
    _django()
    from gongkai.search import backends
    from gongkai.search.backends import SearchFilters
    from gongkai.search.selectors import search_items

    from .curve import MIXED, province_filters
    from .queries import select
    from .searchbench import _pct

    caps = [int(a) for a in argv] or [backends.COUNT_CAP]
    reps = int(os.environ.get("REPS", 5))
    queries = {**select(), "mixed": MIXED}
    sets = {"relevance": SearchFilters(), "date": None, **province_filters()}
    ms: dict = {(cap, name): [] for cap in caps for name in sets}
    worst: dict = {}
    for name, f in sets.items():
        for kind, words in queries.items():
            for w in words:
                for cap in caps:
                    backends.COUNT_CAP = cap
                    args = {"order": "date"} if f is None else {"filters": f}
                    search_items(w, **args)
                    m = []
                    for _ in range(reps):
                        t = time.perf_counter()
                        search_items(w, **args)
                        m.append((time.perf_counter() - t) * 1000)
                    ms[(cap, name)] += m
                    worst[(cap, name)] = max(worst.get((cap, name), (0.0, "")), (_pct(m, 95), f"{kind} {w}"))
    print(f"{'set':16s} " + " ".join(f"{'cap ' + str(c):>22s}" for c in caps))
    for name in sets:
        cells = [f"{_pct(ms[(c, name)], 95):6.1f} ({worst[(c, name)][0]:5.1f} {worst[(c, name)][1][:8]:8s})" for c in caps]
        print(f"{name:16s} " + " ".join(f"{x:>22s}" for x in cells))


if __name__ == "__main__":
    main(sys.argv[1:])
