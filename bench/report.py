"""Renders bench/RESULTS.md from the figure files in bench/out/ (machine, versions, every figure,
ratios to the baselines of the same run and to shared/spec/performance-floors.md)."""
from __future__ import annotations

import json
import os
import platform
import re
import subprocess
from importlib import metadata
from pathlib import Path

from .httpbench import OUT

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"
# shared/spec/performance-floors.md, gthread 2 × 4, wrk -t2 -c50 -d10s.
FLOOR_BARE, FLOOR_ROWS = 7212, 1057
TARGET_P95_MS, TARGET_RATIO = 50.0, 0.80
KINDS = {"2f": "2-char frequent", "2r": "2-char rare", "4f": "4-char frequent", "4r": "4-char rare"}


def _read(name: str) -> dict | None:
    path = OUT / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _cmd(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "?"


def machine() -> list[str]:
    cpu = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text()).group(1)
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    import sqlite3

    versions = {p: metadata.version(p) for p in ("django", "gunicorn", "psycopg")}
    pg = _cmd(["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc", "SHOW server_version"]) or "?"
    wrk = _cmd(["sh", "-c", "wrk -v 2>&1 | head -1"]).split(" [")[0]
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores (nproc); memory {mem_kb / 1024 / 1024:.1f} GiB; {platform.platform()}",
        f"- Python {platform.python_version()}, Django {versions['django']}, gunicorn {versions['gunicorn']}, "
        f"psycopg {versions['psycopg']}, SQLite {sqlite3.sqlite_version}, PostgreSQL {pg}, {wrk}",
    ]


def _ok(flag: bool) -> str:
    return "yes" if flag else "**NO**"


def search_section(data: dict) -> list[str]:
    lat, vendor = data["latency"], data["vendor"]
    lines = [
        f"### {'SQLite' if vendor == 'sqlite' else 'PostgreSQL'}, {data['items']:,} published items "
        f"(measured {data.get('date', '?')}, load average before/after {data.get('load', '?')})",
        "",
        f"Latency of `search_items(q)`, first page of 20, in ms, {data['reps']} repetitions of each of the "
        f"{len(next(iter(data['queries'].values())))} words of a kind (Django connection, in process):",
        "",
        "| kind | words | relevance p50 | p95 | max | order=date p50 | p95 | p95 < 50 ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kind, label in KINDS.items():
        r, d = lat["relevance"][kind], lat["date"][kind]
        words = "、".join(f"{w} ({lat['counts'][w]['count']}{'+' if lat['counts'][w]['more'] else ''})" for w in data["queries"][kind])
        lines.append(f"| {label} | {words} | {r['p50']} | {r['p95']} | {r['max']} | {d['p50']} | {d['p95']} | {_ok(max(r['p95'], d['p95']) < TARGET_P95_MS)} |")
    lines += ["", "With filters (every word of every kind; relevance order):", "",
              "| filters | p50 | p95 | max | slowest word | p95 < 50 ms |", "| --- | --- | --- | --- | --- | --- |"]
    for name, f in lat["filtered"].items():
        lines.append(f"| {name} | {f['p50']} | {f['p95']} | {f['max']} | {f['worst']} | {_ok(f['p95'] < TARGET_P95_MS)} |")
    lines += ["", "Recall against a substring scan (`LIKE '%q%'` on title and body text of published items). Found may "
              "exceed truth: keywords and 文号 are indexed too; a false hit holds the word in no indexed field:", "",
              "| word | truth | found | recall | false hits | drafts/withdrawn found | LIKE scan ms |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for w, r in data["recall"].items():
        lines.append(f"| {w} | {r['truth']:,} | {r['found']:,} | {r['recall']} | {r['false_hits']} | {r['hidden_found']} | {r['like_scan_ms']:,} |")
    hidden = data["hidden"]
    lines += ["", f"Drafts and withdrawn items holding every query word: {hidden['hidden_items']}; found by any query "
              f"(both orders, and by their marker word): {len(hidden['found'])}.", ""]
    return lines


def http_section(data: dict) -> list[str]:
    w = data["wrk"]
    lines = [
        f"### HTTP, gunicorn gthread 2 workers × 4 threads, DEBUG off, SQLite 100,000 items (measured {data.get('date', '?')}, "
        f"load average before/after {data.get('load', '?')})",
        "",
        "`wrk -t2 -c50 -d10s --latency` after a 2 s warm-up; wrk shares the two cores with the server.",
        "",
        "| view | path | req/s | p50 ms | p99 ms | non-2xx | ÷ rows | ÷ bare | target |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, path in data["paths"].items():
        r = w.get(name, {})
        if "rps" not in r:
            lines.append(f"| {name} | `{path}` | not measured: HTTP {r.get('status')} | | | | | | |")
            continue
        vs_rows = f"{r['rps'] / w['rows']['rps']:.2f}" if "rps" in w.get("rows", {}) else ""
        vs_bare = f"{r['rps'] / w['bare']['rps']:.2f}" if "rps" in w.get("bare", {}) else ""
        target = _ok(r["rps"] >= TARGET_RATIO * w["rows"]["rps"]) + " (≥ 0.80 × rows)" if name in ("catalog", "item") else ""
        if r["non_2xx"]:
            target = f"**invalid**: {r['non_2xx']:,} error responses"
        lines.append(f"| {name} | `{path}` | {r['rps']:,.0f} | {r['p50']} | {r['p99']} | {r['non_2xx']} | {vs_rows} | {vs_bare} | {target} |")
    if "rps" in w.get("bare", {}) and "rps" in w.get("rows", {}):
        lines += ["", f"Against the floors file (same kind of machine): bare {w['bare']['rps'] / FLOOR_BARE:.2f} × its 7,212 req/s, "
                  f"rows {w['rows']['rps'] / FLOOR_ROWS:.2f} × its 1,057 req/s; its rows ÷ bare is 0.15, ours "
                  f"{w['rows']['rps'] / w['bare']['rps']:.2f}.", ""]
    return lines


def write() -> None:
    parts = ["# Benchmark results", "", "Generated by `make bench` (`bench/report.py`); the text around the figures is in",
             "`bench/report.py` and `bench/NOTES.md`. Machine:", "", *machine(), ""]
    notes = Path(__file__).resolve().parent / "NOTES.md"
    parts += ["## Search", ""]
    for vendor in ("sqlite", "postgresql"):
        data = _read(f"search-{vendor}.json")
        parts += search_section(data) if data else [f"### {vendor}: not measured in this run", ""]
    parts += ["## Portal under load", ""]
    http = _read("http.json")
    parts += http_section(http) if http else ["Not measured in this run.", ""]
    if notes.exists():
        parts += [notes.read_text(encoding="utf-8")]
    RESULTS.write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    write()
