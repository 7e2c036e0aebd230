"""Renders bench/RESULTS-applications.md from bench/out/applications-*.json and annual-postgresql.json
(the machine header of bench/report.py; the figures of issue 3 and issue 4 "Performance").

Kept apart from RESULTS.md while the search benchmark's report is still being changed; its sections
can move into bench/report.py as they are (applications_section, annual_section)."""
from __future__ import annotations

import json
from pathlib import Path

from .httpbench import OUT
from .report import _ok, machine

RESULTS = Path(__file__).resolve().parent / "RESULTS-applications.md"
RECOMPUTE_S, QUEUE_MS, ANNUAL_MS = 10.0, 100.0, 2000.0
COMMANDS = {
    "sqlite": "DATABASE_URL=sqlite:///bench/out/applications-100000.sqlite3 .venv/bin/python -m bench.applications_bench "
              "--open 100000 --reps 50 --out bench/out/applications-sqlite.json",
    "postgresql": "DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_bench_applications .venv/bin/python -m bench.applications_bench "
                  "--open 100000 --reps 50 --wrk-seconds 10 --out bench/out/applications-postgresql.json",
    "annual": "DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_bench_reports .venv/bin/python -m bench.annual_bench "
              "--out bench/out/annual-postgresql.json",
}


def _read(name: str) -> dict | None:
    path = OUT / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def recompute_lines(data: dict, before: dict | None) -> list[str]:
    r = data["recompute"]
    v1, v2 = r["verify_holiday"], r["verify_end"]
    lines = [
        f"{r['open']:,} open applications; {r['change_day']} made a holiday through `calendar_override_set` "
        f"(`applications_recompute_touching` reads the {r['considered']:,} open cases whose period runs over that day), "
        "then a working day again, then a holiday again; then the override removed behind the clock's back and every open "
        "case recomputed (`applications_recompute(Application.objects.filter(status__in=OPEN_STATUSES))`).",
        "",
        "| step | due dates moved | seconds | < 10 s |" + (" before the fix, s |" if before else ""),
        "| --- | --- | --- | --- |" + (" --- |" if before else ""),
    ]
    steps = (("holiday", "holiday declared (service)"), ("workday_again", "working day again (service)"),
             ("holiday_again", "holiday again (service)"), ("full_idle", "full recompute, nothing to move"),
             ("full_moving", "full recompute, moving every date back"))
    for key, label in steps:
        s = r[key]
        old = f" {before['recompute'][key]['seconds']} |" if before else ""
        lines.append(f"| {label} | {s['moved']:,} | {s['seconds']} | {_ok(s['seconds'] < RECOMPUTE_S)} |{old}")
    lines += ["", f"Each moved due date is recorded (an Event): {r.get('events_recorded', 0):,} after the first step. "
              f"Stored dates checked one case at a time against `workdays.rules.answer_deadline` (the calendar in force, "
              f"pauses as the clock counts them): after the holiday {v1['checked']:,} cases, {v1['wrong']} wrong "
              f"({v1['without_due_date']} without a due date: waiting for a correction, or a consultation still running); "
              f"at the end {v2['checked']:,} cases, {v2['wrong']} wrong.", ""]
    return lines


def queue_lines(data: dict, before: dict | None) -> list[str]:
    q = data["queue"]
    lines = ["| page | rows | queries | KB | p50 ms | p95 ms | max ms | p50 < 100 ms |" + (" p50 before the fix |" if before else ""),
             "| --- | --- | --- | --- | --- | --- | --- | --- |" + (" --- |" if before else "")]
    for name, s in q.items():
        if name == "selector_only" or "p50" not in s:
            continue
        old = f" {before['queue'][name]['p50']} |" if before and name in before["queue"] else (" |" if before else "")
        lines.append(f"| `{s['path']}` ({name}) | {s['rows']:,} | {s['queries']} | {s['kb']} | {s['p50']} | {s['p95']} | {s['max']} | "
                     f"{_ok(s['p50'] < QUEUE_MS) if name != 'closed, page 1' else ''} |{old}")
    sel = q["selector_only"]
    lines += ["", f"Of which `selectors.queue(clerk)` alone (1,000 cases read and ordered by working days left): p50 {sel['p50']} ms, "
              f"p95 {sel['p95']} ms. Marked on the page: {q['open']['overdue_marked']} overdue, {q['open']['soon_marked']} due soon.", ""]
    if "wrk" in data:
        w = data["wrk"]
        lines += [f"Over HTTP (gunicorn gthread 2 × 4, DEBUG off, `wrk -t2 -c{w['connections']} -d{w['seconds']}s` with the clerk's "
                  f"session cookie): {w['rps']:.1f} req/s, p50 {w['p50']} ms, p99 {w['p99']} ms, non-2xx {w['non_2xx']}.", ""]
    return lines


def applications_section() -> list[str]:
    parts = ["## Applications (issue 3)", ""]
    for vendor, label in (("postgresql", "PostgreSQL"), ("sqlite", "SQLite")):
        data = _read(f"applications-{vendor}.json")
        if not data:
            parts += [f"### {label}: not measured", ""]
            continue
        before = _read(f"applications-{vendor}-before.json")
        parts += [f"### {label}: {data['open']:,} open applications of {data['orgs']} agencies (+ {data['closed']:,} closed), "
                  f"measured {data.get('date', '?')}, load average before/after {data.get('load', '?')}", "",
                  f"`{COMMANDS[vendor]}`", ""]
        if "recompute" in data:
            parts += ["#### Recomputing due dates after a calendar change", "", *recompute_lines(data, before)]
        parts += [f"#### The staff queue of a clerk whose agency has {data['queue_cases']:,} open cases", "",
                  f"`GET /workbench/applications/` through the Django test Client in process (middleware, session, "
                  f"template), {data['reps']} repetitions after one warm-up:", "", *queue_lines(data, before)]
    return parts


def annual_section() -> list[str]:
    data = _read("annual-postgresql.json")
    if not data:
        return ["## Annual report (issue 4): not measured", ""]
    a, p = data["agency"], data["province"]
    lines = [
        "## Annual report (issue 4)", "",
        f"PostgreSQL, measured {data.get('date', '?')}, load average before/after {data.get('load', '?')}; "
        f"settings {', '.join(f'{k} {v}' for k, v in data['pg_settings'].items())}.", "", f"`{COMMANDS['annual']}`", "",
        f"Data: {data['applications']:,} applications over the 100 agencies under a province node (received "
        f"{data['date_data']['years'][0]} … {data['date_data']['years'][1]}, closed days to months later, some in the next year); "
        f"the agency (gzsti) has {data['agency_applications']:,} of them and {data['items']:,} catalogue items. "
        f"Report year {data['date_data']['report_year']}; `descendant_ids()` of the province: {data['tree_ids']} ids in {data['tree_ms']} ms.", "",
        "| report | agencies | queries | first call ms | p50 ms | p95 ms | < 2 s | GROUP BY p50 ms | ratio (p50 ÷ GROUP BY) "
        "| applications section ÷ GROUP BY | p50 before the fix, ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    before = _read("annual-postgresql-before.json")
    for r in (a, p):
        f = r["figures"]
        old = before[r["who"]]["figures"]["p50"] if before else ""
        lines.append(f"| `annual_figures` {r['who']} | {r['agencies']} | {r['queries']} | {r['first_ms']} | {f['p50']} | {f['p95']} | "
                     f"{_ok(max(f['p95'], r['first_ms']) < ANNUAL_MS)} | {r['baseline']['p50']} | {r['ratio_p50']} | "
                     f"{r['sections']['applications']['p50'] / r['baseline']['p50']:.1f} | {old} |")
    lines += ["", f"The GROUP BY baseline: `{a['baseline']['sql']}` (the closed rows of the year by type and outcome, one "
              "query). It reads only the entries of the index (org, closed_on, applicant_type, outcome) for the year; the "
              "report must read the rows themselves (received and closed dates together, for the carry-over rows; the fees), "
              "and counts the catalogue besides. Before the fix (annual.py of commit 6a1dcd5 and no item_proactive index, "
              "measured minutes earlier on the same data) the applications were read three times, the website count read "
              "60,000 catalogue rows and the proactive table ~110,000 of them. Sections are timed apart: activity alone "
              "counts the fees itself (in the report they come from the one applications pass).", "",
              "By section (p50 ms): " + "; ".join(f"{r['who']}: " + ", ".join(f"{k} {v['p50']}" for k, v in r["sections"].items()) for r in (a, p)), "",
              "Figures found (sanity): " + "; ".join(f"{r['who']}: " + ", ".join(f"{k} {v}" for k, v in r["rows"].items()) for r in (a, p))
              + f". Consistency problems: agency {len(a['consistency'])}, province {len(p['consistency'])}.", "",
              "EXPLAIN ANALYZE of each query of the agency's report:", "", "| ms | query | plan (top nodes) |", "| --- | --- | --- |"]
    for e in a["explain"]:
        lines.append(f"| {e['ms']} | `{e['sql'][:90]}…` | {' → '.join(e['nodes'])} |")
    lines += ["", "And of the province's:", "", "| ms | query | plan (top nodes) |", "| --- | --- | --- |"]
    for e in p["explain"]:
        lines.append(f"| {e['ms']} | `{e['sql'][:90]}…` | {' → '.join(e['nodes'])} |")
    return lines + [""]


def write() -> None:
    notes = Path(__file__).resolve().parent / "NOTES-applications.md"
    parts = ["# Benchmark results: applications and the annual report", "",
             "Generated by `bench/report_applications.py` from bench/out/*.json; method in `bench/NOTES-applications.md`. Machine:",
             "", *machine(), "", *applications_section(), *annual_section()]
    if notes.exists():
        parts += [notes.read_text(encoding="utf-8")]
    RESULTS.write_text("\n".join(parts), encoding="utf-8")


if __name__ == "__main__":
    write()


def run(step, server: str, flag) -> None:
    """For bench/run.py: BENCH_APPLICATIONS=true runs the applications benchmark on SQLite and on
    PostgreSQL (gk_bench_applications), BENCH_ANNUAL=true the annual-report one (gk_bench_reports,
    1,000,000 items: copy gk_bench_1000000 first, see NOTES-applications.md); then renders this file."""
    sqlite = f"sqlite:///{OUT / 'applications-100000.sqlite3'}"
    if flag("BENCH_APPLICATIONS"):
        step(["bench.applications_bench", "--open", "100000", "--out", str(OUT / "applications-sqlite.json")], sqlite)
        step(["bench.applications_bench", "--open", "100000", "--wrk-seconds", "10",
              "--out", str(OUT / "applications-postgresql.json")], f"{server}/gk_bench_applications")
    if flag("BENCH_ANNUAL"):
        step(["bench.annual_bench", "--out", str(OUT / "annual-postgresql.json")], f"{server}/gk_bench_reports")
    write()
