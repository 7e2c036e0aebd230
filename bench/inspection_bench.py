"""Benchmark of the self-inspection run (issue 8, "Performance"): a full `gongkai inspect` of an agency
with 1,000,000 catalogue items and 200,000 messages in under 60 s on PostgreSQL.

`python -m bench.inspection_bench --out F` with DATABASE_URL naming the benchmark's own PostgreSQL
database (gk_bench_inspection; `BENCH_INSPECTION=true make bench` does this). The rows are written by
the server itself (INSERT … SELECT over generate_series) — the rules read dates, kinds and links, not
text, so the search index is not needed here and a million rows load in about a minute rather than the
search corpus's half hour. Every NOT NULL column the models have gets its default, so a column another
app adds later does not break the load. Built once and kept while it holds this data set.

The data, for one agency "today" = ANCHOR: items published over four years (95 %; the rest drafts),
every kind, created 0–39 days before publication (so some are late under 第二十六条), one body in 500
with internal links (some broken); applications (2 % still open, some overdue); suggestions; and the
messages and new-media posts of the registers that exist in this checkout.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import time
from pathlib import Path

from .build import _django

ANCHOR = dt.date(2026, 11, 26)
AGENCY = "gzsti"
RESULTS = Path(__file__).with_name("RESULTS-inspection.md")


def _literal(field):
    """SQL for a field's default, or None when the column may stay NULL."""
    from django.db import models

    if field.has_default():
        value = field.get_default()
        if isinstance(value, (dict, list)):
            return "'" + json.dumps(value).replace("'", "''") + "'::jsonb"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return str(value)
        return "'" + str(value).replace("'", "''") + "'"
    if field.null:
        return None
    if isinstance(field, (models.DateTimeField,)):
        return "now()"
    if isinstance(field, models.DateField):
        return f"DATE '{ANCHOR}'"
    if isinstance(field, (models.CharField, models.TextField)):
        return "''"
    if isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
        return "0"
    if isinstance(field, models.BooleanField):
        return "false"
    raise ValueError(f"no default for {field.model.__name__}.{field.name}")


def insert_series(model, n: int, exprs: dict[str, str]) -> None:
    """INSERT N rows of MODEL, column = EXPRS[column] (SQL over g = 1…N) or the field's default."""
    from django.db import connection

    columns, values = [], []
    for field in model._meta.concrete_fields:
        if field.column in exprs:
            columns.append(field.column)
            values.append(exprs[field.column])
        elif not field.primary_key and (sql := _literal(field)) is not None:
            columns.append(field.column)
            values.append(sql)
    with connection.cursor() as c:
        c.execute(f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
                  f"SELECT {', '.join(values)} FROM generate_series(1, {int(n)}) AS g")


def _day(offset_sql: str) -> str:
    return f"(DATE '{ANCHOR}' - ({offset_sql})::int)"


def prepare(items: int, messages: int) -> dict:
    from django.db import connection

    from gongkai.applications.models import Application
    from gongkai.catalog.models import Item, Kind
    from gongkai.consultation.models import Suggestion
    from gongkai.orgs.models import Organisation

    t0 = time.monotonic()
    org, _ = Organisation.objects.get_or_create(code=AGENCY, defaults={"name": "贵州省科学技术厅"})
    kinds = Kind.values
    kind_sql = "(ARRAY[" + ", ".join(f"'{k}'" for k in kinds) + f"])[(g % {len(kinds)}) + 1]"
    published_on = _day("g % 1460")
    insert_series(Item, items, {
        "org_id": str(org.pk), "title": "'自查基准条目 ' || g", "kind": kind_sql,
        "status": "CASE WHEN g % 20 = 0 THEN 'unpublished' ELSE 'published' END",
        "published_on": f"CASE WHEN g % 20 = 0 THEN NULL ELSE {published_on} END",
        "created_on": f"{published_on} - (g % 40)",
        "body": "CASE WHEN g % 500 = 0 THEN '<p><a href=\"/items/' || (g + 1) || '/\">相关</a> "
                "<a href=\"/items/no-such-' || g || '/\">旧链接</a></p>' ELSE '<p>正文</p>' END",
    })
    apps = max(items // 50, 1000)
    insert_series(Application, apps, {
        "org_id": str(org.pk), "number": "'B' || g", "query_code": "'q' || g", "channel": "'online'",
        "applicant_type": "'natural_person'", "subject": "'基准申请'", "received_on": _day("g % 1000 + 3"),
        "status": "CASE WHEN g % 50 = 0 THEN 'registered' ELSE 'closed' END",
        "outcome": "CASE WHEN g % 50 = 0 THEN '' ELSE 'disclosed' END",
        "closed_on": f"CASE WHEN g % 50 = 0 THEN NULL ELSE {_day('g % 1000')} END",
        "effective_due_on": _day("g % 1000 - 25"), "due_on": _day("g % 1000 - 25"),
    })
    insert_series(Suggestion, 2000, {
        "org_id": str(org.pk), "number": "'第' || g || '号'", "kind": "CASE WHEN g % 2 = 0 THEN 'deputy' ELSE 'member' END",
        "title": "'基准建议 ' || g", "replied_on": _day("g % 700"),
        "result_published_on": f"CASE WHEN g % 3 = 0 THEN NULL ELSE {_day('g % 700')} + (g % 40) END",
        "status": "'replied'",
    })
    from gongkai.interaction.models import Message

    # Messages over two years, 97 % answered within 0–9 days of a due date 5–7 days after receipt.
    insert_series(Message, messages, {
        "org_id": str(org.pk), "number": "'M' || g", "channel": "'mailbox'", "subject": "'基准留言 ' || g",
        "received_on": _day("g % 730 + 1"), "due_on": _day("g % 730 + 1") + " + 7",
        "status": "CASE WHEN g % 33 = 0 THEN 'assigned' ELSE 'replied' END",
        "replied_on": f"CASE WHEN g % 33 = 0 THEN NULL ELSE {_day('g % 730 + 1')} + (g % 10) END",
    })
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE")
    return {"prepare_s": round(time.monotonic() - t0, 1)}


def prepared(items: int) -> bool:
    from gongkai.catalog.models import Item

    try:
        return Item.objects.count() == items
    except Exception:
        return False


def measure(reps: int) -> dict:
    from django.db import connection

    from gongkai.inspection import facts as facts_module
    from gongkai.inspection.services import inspection_run
    from gongkai.orgs.models import Organisation

    org = Organisation.objects.get(code=AGENCY)
    timings: dict[str, list[float]] = {}
    originals = facts_module.READERS

    def timed(reader):
        def wrapper(*args):
            t = time.perf_counter()
            reader(*args)
            timings.setdefault(reader.__name__, []).append(time.perf_counter() - t)
        return wrapper

    facts_module.READERS = tuple(timed(r) for r in originals)
    runs, last = [], None
    try:
        for _ in range(reps):
            t = time.perf_counter()
            last = inspection_run(org=org, on=ANCHOR)
            runs.append(time.perf_counter() - t)
    finally:
        facts_module.READERS = originals
    with connection.cursor() as c:
        c.execute("/* bench */ SELECT count(*) FROM catalog_item")
        n_items = c.fetchone()[0]
    return {
        "items": n_items, "runs_s": [round(r, 2) for r in runs], "median_s": round(statistics.median(runs), 2),
        "readers_median_s": {k: round(statistics.median(v), 3) for k, v in timings.items()},
        "findings": {f["rule"]: f["count"] for f in last.findings}, "score": last.score, "passed": last.passed,
    }


def write_results(result: dict) -> None:
    rows = "\n".join(f"| `{k}` | {v} |" for k, v in result["readers_median_s"].items())
    found = ", ".join(f"{k} {v:,}" for k, v in result["findings"].items())
    RESULTS.write_text(f"""# Self-inspection benchmark (`BENCH_INSPECTION=true make bench`)

Machine: {result['machine']}. Measured {result['date']}, load average before/after {result['load']}.
PostgreSQL database `gk_bench_inspection`, one agency, rows written by `bench/inspection_bench.py`.

| data | rows |
| --- | --- |
| catalogue items | {result['items']:,} |
| messages | {result.get('messages', 0):,} |

**A full run of every rule (`inspection_run`, as `gongkai inspect` does): median {result['median_s']} s**
over {len(result['runs_s'])} runs ({', '.join(map(str, result['runs_s']))} s); the target is under 60 s.
Ratio to the target: {result['median_s'] / 60:.3f}.

Time per reader (median, s):

| reader | s |
| --- | --- |
{rows}

Findings of the last run: {found}; score {result['score']}, {'合格' if result['passed'] else '不合格'}.
""", encoding="utf-8")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--messages", type=int, default=200_000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    _django()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        raise SystemExit("the self-inspection benchmark runs on PostgreSQL (DATABASE_URL=postgres://…/gk_bench_inspection)")
    call_command("migrate", verbosity=0)
    built = {}
    if not prepared(args.items):
        with connection.cursor() as c:
            c.execute("TRUNCATE catalog_item, applications_application, consultation_suggestion, interaction_message, inspection_inspectionrun CASCADE")
        built = prepare(args.items, args.messages)
    load = os.getloadavg()[0]
    from gongkai.interaction.models import Message

    result = {**built, **measure(args.reps), "messages": Message.objects.count()}
    result["date"] = time.strftime("%Y-%m-%d %H:%M %Z")
    result["load"] = f"{load:.1f}/{os.getloadavg()[0]:.1f}"
    result["machine"] = f"{os.cpu_count()} cores, PostgreSQL {connection.pg_version // 10000}"
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    write_results(result)
    print(f"== inspection: median {result['median_s']} s over {result['items']:,} items; see {RESULTS.name}")


if __name__ == "__main__":
    main()
