"""Search benchmark: latency of search_items() by query kind and filter, recall against a substring
scan, and that no draft or withdrawn item is ever found. `python -m bench.searchbench --items N --out F`
with DATABASE_URL naming a database built by bench.build. Writes a JSON file of figures."""
from __future__ import annotations

import argparse
import json
import statistics
import time

from .build import _django


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def _stats(ms: list[float]) -> dict:
    return {"p50": round(_pct(ms, 50), 2), "p95": round(_pct(ms, 95), 2), "max": round(max(ms), 2), "n": len(ms)}


def _time(fn, reps: int) -> list[float]:
    fn()  # warm: first call pays for cold pages, as any first visitor would; not what we measure
    out = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t) * 1000)
    return out


def filter_sets() -> dict:
    """Filter combinations the portal offers, with values that exist in the bench corpus."""
    from gongkai.catalog.models import Topic
    from gongkai.orgs.models import Department, Organisation
    from gongkai.search.backends import SearchFilters

    org = Organisation.objects.get(code="gzsti")
    dept = Department.objects.filter(org=org, name="基础研究处").first()
    tech = Topic.objects.get(name="科技").pk
    rare_topic = Topic.objects.get(name="体育").pk
    return {
        "year": SearchFilters(year=2024),
        "org": SearchFilters(org_ids=[org.pk]),
        "topic (common)": SearchFilters(topic_id=tech),
        "topic (rare)": SearchFilters(topic_id=rare_topic),
        "org+dept": SearchFilters(org_ids=[org.pk], department_id=dept.pk),
        "org+year+topic": SearchFilters(org_ids=[org.pk], year=2019, topic_id=tech),
        "kind+year": SearchFilters(kind="project_notice", year=2025),
    }


def latency(queries: dict[str, list[str]], reps: int) -> dict:
    from gongkai.search.selectors import search_items

    out: dict = {"relevance": {}, "date": {}, "filtered": {}, "counts": {}}
    for kind, words in queries.items():
        for order in ("relevance", "date"):
            ms = []
            for w in words:
                ms += _time(lambda: search_items(w, order=order), reps)
            out[order][kind] = _stats(ms)
        for w in words:
            page = search_items(w)
            out["counts"][w] = {"count": page.count, "more": getattr(page, "more", False)}
    for name, f in filter_sets().items():
        ms, worst = [], (0.0, "")
        for kind, words in queries.items():
            for w in words:
                m = _time(lambda: search_items(w, filters=f), max(3, reps // 4))
                ms += m
                worst = max(worst, (_pct(m, 95), f"{kind} {w}"))
        out["filtered"][name] = {**_stats(ms), "worst": worst[1]}
    return out


def _truth(word: str) -> tuple[set[int], set[int]]:
    """Published items holding WORD in title or body text, and in any indexed field; one scan."""
    from django.db import connection

    core = "(title LIKE %s OR body_text LIKE %s)"
    extra = "(summary LIKE %s OR keywords LIKE %s OR document_number LIKE %s)"
    like = "%" + word + "%"
    with connection.cursor() as c:
        c.execute(f"SELECT id, {core} FROM catalog_item WHERE status = 'published' AND ({core} OR {extra})", [like] * 7)
        rows = c.fetchall()
    return {pk for pk, in_core in rows if in_core}, {pk for pk, _ in rows}


def recall(words: list[str], hidden_ids: set[int]) -> dict:
    """found / truth, truth being a LIKE scan of title and body text; plus anything found that holds
    the word in no indexed field at all (a false hit), and any hidden item found."""
    from gongkai.search.selectors import search_items

    out = {}
    for w in words:
        t0 = time.perf_counter()
        truth, anywhere = _truth(w)
        scan_ms = (time.perf_counter() - t0) * 1000
        found = set(search_items(w, per_page=10**7).ids)
        out[w] = {
            "truth": len(truth), "found": len(found), "recall": round(len(found & truth) / len(truth), 4) if truth else None,
            "false_hits": len(found - anywhere), "hidden_found": len(found & hidden_ids), "like_scan_ms": round(scan_ms),
        }
    return out


def hidden_check(queries: dict[str, list[str]], hidden_ids: set[int]) -> dict:
    from gongkai.search.selectors import search_items

    from .load import MARKER

    leaked = set(search_items(MARKER, per_page=100).ids)
    for words in queries.values():
        for w in words:
            leaked |= set(search_items(w, per_page=50).ids) & hidden_ids
            leaked |= set(search_items(w, order="date", per_page=50).ids) & hidden_ids
    return {"hidden_items": len(hidden_ids), "found": sorted(leaked)}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, required=True)
    ap.add_argument("--reps", type=int, default=30)
    ap.add_argument("--recall-per-kind", type=int, default=4)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    _django()
    from django.db import connection

    from gongkai.catalog.models import Item

    from .load import MARKER
    from .queries import select

    queries = select()
    hidden_ids = set(Item.objects.filter(title__startswith=MARKER).values_list("pk", flat=True))
    t0 = time.monotonic()
    result = {
        "vendor": connection.vendor, "items": args.items, "queries": queries, "reps": args.reps,
        "latency": latency(queries, args.reps),
        "recall": recall([w for ws in queries.values() for w in ws[: args.recall_per_kind]], hidden_ids),
        "hidden": hidden_check(queries, hidden_ids),
    }
    result["seconds"] = round(time.monotonic() - t0)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1)
    lat = result["latency"]
    for order in ("relevance", "date"):
        print(order, {k: v["p95"] for k, v in lat[order].items()})
    print("filtered p95", {k: v["p95"] for k, v in lat["filtered"].items()})
    print("recall", {w: r["recall"] for w, r in result["recall"].items()}, "hidden found", result["hidden"]["found"])
    print("mean truth size", statistics.mean(r["truth"] for r in result["recall"].values()))


if __name__ == "__main__":
    main()
