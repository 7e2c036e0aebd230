"""Benchmark of the annual report (issue 4, "Performance"): the figures of an agency with 100,000
applications and 1,000,000 catalogue items, and of a province over 100 agencies, each under 2 s on
PostgreSQL, against a single hand-written GROUP BY over the same rows.

`python -m bench.annual_bench --out F` with DATABASE_URL naming the benchmark's own PostgreSQL
database (gk_bench…). The catalogue comes from bench.build (the search benchmark's loader; a copy
of its database serves: CREATE DATABASE … TEMPLATE gk_bench_1000000); this module then
- gives every item to the one agency (gzsti) and repeals a few 规章/规范性文件,
- puts a province node over 100 agencies (30 provincial departments with gzsti; 9 cities of which 4
  are the loader's, each with 6–7 bureaus below),
- writes the applications by COPY: 100,000 for gzsti received 2023–2025, ~900,000 for the other 99
  (sizes falling off like a Zipf law), closed days to months later (some in the next year, a few
  still open), with every applicant type and outcome; and reconsideration / litigation cases for
  about 0.5 % of them.
It is built once and kept while it holds this data set.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import time

from .applications_bench import stamp
from .build import _django
from .searchbench import _stats

SEED = 2026
YEAR = 2025
FIRST, LAST = dt.date(2023, 1, 1), dt.date(2025, 12, 31)
ANCHOR = dt.date(2026, 11, 26)  # "today" of the data set (bench.applications_bench.ANCHOR)
AGENCY, PROVINCE = "gzsti", "bprov"
LOADER_CITIES = ("gysti", "zysti", "asti", "bjsti")
CITIES = ("贵阳市", "遵义市", "安顺市", "毕节市", "六盘水市", "铜仁市", "黔东南州", "黔南州", "黔西南州")
DEPARTMENTS = (
    "教育厅 工业和信息化厅 民政厅 司法厅 财政厅 人力资源和社会保障厅 自然资源厅 生态环境厅 住房和城乡建设厅 交通运输厅 水利厅 "
    "农业农村厅 商务厅 文化和旅游厅 卫生健康委员会 应急管理厅 审计厅 市场监督管理局 统计局 林业局 医疗保障局 能源局 粮食和物资储备局 "
    "药品监督管理局 地方金融管理局 大数据发展管理局 体育局 乡村振兴局 公共资源交易中心"
).split()
BUREAUS = "教育局 财政局 自然资源局 生态环境局 住房和城乡建设局 交通运输局 市场监督管理局".split()
TYPES = (("natural_person", 80), ("business", 11), ("research", 2), ("social_welfare", 2), ("legal_services", 3), ("other_org", 2))
OUTCOMES = (
    ("disclosed", 34), ("partially_disclosed", 9), ("withheld_state_secret", 1), ("withheld_law_prohibited", 1),
    ("withheld_three_safety", 1), ("withheld_third_party", 2), ("withheld_internal_affairs", 2), ("withheld_process_info", 3),
    ("withheld_enforcement_file", 1), ("withheld_admin_query", 2), ("unavailable_not_held", 22), ("unavailable_needs_creation", 3),
    ("unavailable_unclear", 2), ("not_processed_petition", 4), ("not_processed_duplicate", 3), ("not_processed_publication", 1),
    ("not_processed_excessive", 1), ("not_processed_confirmation", 1), ("other_no_correction", 3), ("other_fee_unpaid", 1),
    ("other", 3),
)


def tree() -> tuple[object, list]:
    """The province node and its 100 agencies (gzsti and the loader's four cities among them)."""
    from gongkai.orgs.models import Organisation

    province, _ = Organisation.objects.get_or_create(code=PROVINCE, defaults=dict(name="贵州省人民政府"))
    agencies = []

    def under(parent, code, name):
        org, _ = Organisation.objects.get_or_create(code=code, defaults=dict(name=name))
        Organisation.objects.filter(pk=org.pk).update(parent=parent)
        agencies.append(org)
        return org

    under(province, AGENCY, "贵州省科学技术厅")
    for i, name in enumerate(DEPARTMENTS):
        under(province, f"bdept{i + 1:02d}", f"贵州省{name}")
    for i, city in enumerate(CITIES):
        code = LOADER_CITIES[i] if i < len(LOADER_CITIES) else f"bcity{i + 1}"
        city_org = under(province, code, Organisation.objects.filter(code=code).values_list("name", flat=True).first() or f"{city}人民政府")
        for j, bureau in enumerate(BUREAUS[: 7 if i < 7 else 6]):
            under(city_org, f"bcity{i + 1}-{j + 1}", f"{city}{bureau}")
    assert len(agencies) == 100, len(agencies)
    return province, agencies


def catalogue_to_agency(agency) -> None:
    """Every item is the agency's (1,000,000 items for one agency); 3 % of its 规章 and 规范性文件
    repealed some months after publication, 1 % expired — so that issued, repealed and in force differ."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute("UPDATE catalog_item SET org_id = %s WHERE org_id <> %s", [agency.pk, agency.pk])
        c.execute(
            "UPDATE catalog_item SET validity = 'repealed', repealed_on = LEAST(published_on + (id %% 900 + 30)::int, %s) "
            "WHERE kind IN ('regulation', 'normative_document') AND status = 'published' AND id %% 100 < 3", [ANCHOR])
        c.execute("UPDATE catalog_item SET validity = 'expired' WHERE kind IN ('regulation', 'normative_document') "
                  "AND status = 'published' AND id % 100 = 3")


def _pick(rng: random.Random, table) -> str:
    return rng.choices([k for k, _ in table], [w for _, w in table])[0]


class Rows:
    """Application rows as COPY takes them, in the order of the model's concrete columns."""

    def __init__(self, seed: int):
        from django.utils import timezone

        from gongkai.applications.models import Application

        self.rng = random.Random(seed)
        self.fields = [f for f in Application._meta.concrete_fields]
        template = Application(org_id=0, created_at=timezone.now(), updated_at=timezone.now())
        self.defaults = {f.attname: getattr(template, f.attname) for f in self.fields}
        self.serial: dict[tuple[int, int], int] = {}
        self.next_pk = 1
        self.closed: list[tuple[int, int, dt.date]] = []  # (pk, org_id, closed_on) for the review cases

    def row(self, org_id: int) -> list:
        rng = self.rng
        received = FIRST + dt.timedelta(days=rng.randrange((LAST - FIRST).days + 1))
        r = rng.random()
        delay = rng.randint(3, 30) if r < 0.8 else rng.randint(31, 60) if r < 0.95 else rng.randint(61, 200)
        still_open = received >= dt.date(2025, 12, 1) and rng.random() < 0.1
        key = (org_id, received.year)
        self.serial[key] = self.serial.get(key, 0) + 1
        kind = _pick(rng, TYPES)
        values = dict(self.defaults, id=self.next_pk, org_id=org_id, number=f"{received.year}-{self.serial[key]:05d}",
                      query_code=f"{self.next_pk:08X}"[-8:], channel="online" if rng.random() < 0.6 else "letter",
                      received_on=received, applicant_type=kind, applicant_name="张三" if kind == "natural_person" else "贵州某有限公司",
                      subject="某年度某项目立项清单及评审意见")
        if still_open:
            values.update(status="registered")
        else:
            closed = received + dt.timedelta(days=delay)
            outcome = _pick(rng, OUTCOMES)
            values.update(status="closed", outcome=outcome, closed_on=closed, fee_yuan=100 if outcome == "disclosed" and rng.random() < 0.01 else 0)
            if rng.random() < 0.005:
                self.closed.append((self.next_pk, org_id, closed))
        self.next_pk += 1
        return [values[f.attname] for f in self.fields]


def applications_copy(counts: dict[int, int], seed: int, log=print) -> Rows:
    """COUNTS: org id → applications. One COPY per 50,000 rows."""
    from django.db import connection, transaction

    from gongkai.applications.models import Application

    rows = Rows(seed)
    cols = ", ".join(connection.ops.quote_name(f.column) for f in rows.fields)
    owners = [org_id for org_id, n in counts.items() for _ in range(n)]
    random.Random(seed).shuffle(owners)  # ids in no order of agency, as in real life
    t0 = time.monotonic()
    for lo in range(0, len(owners), 50_000):
        with transaction.atomic(), connection.cursor() as c:
            c.execute("SET LOCAL synchronous_commit = off")
            with c.cursor.copy(f"COPY {Application._meta.db_table} ({cols}) FROM STDIN") as cp:
                for org_id in owners[lo:lo + 50_000]:
                    cp.write_row(rows.row(org_id))
        log(f"  applications: {min(len(owners), lo + 50_000):,} of {len(owners):,} in {time.monotonic() - t0:.0f} s")
    with connection.cursor() as c:
        c.execute("SELECT setval(pg_get_serial_sequence('applications_application', 'id'), (SELECT max(id) FROM applications_application))")
    return rows


def review_cases(closed: list[tuple[int, int, dt.date]], seed: int) -> int:
    """Reconsideration and litigation cases about some closed applications; undecided if recent."""
    from gongkai.oversight.models import ReviewCase

    rng = random.Random(seed)
    cases, serial = [], {}
    for pk, org_id, closed_on in closed:
        filed = closed_on + dt.timedelta(days=rng.randint(10, 60))
        concluded = filed + dt.timedelta(days=rng.randint(60, 200))
        done = concluded <= ANCHOR and rng.random() < 0.9
        serial[(org_id, filed.year)] = n = serial.get((org_id, filed.year), 0) + 1
        cases.append(ReviewCase(org_id=org_id, case_number=f"黔复〔{filed.year}〕{n}号", application_id=pk,
                                kind=rng.choice(ReviewCase.Kind.values), filed_on=filed,
                                result=rng.choices(["upheld", "corrected", "other"], [70, 15, 15])[0] if done else "pending",
                                concluded_on=concluded if done else None))
    ReviewCase.objects.bulk_create(cases, batch_size=2000)
    return len(cases)


def sizes(agencies: list, total: int, agency_apps: int, seed: int) -> dict[int, int]:
    """The agency's AGENCY_APPS, the rest of TOTAL over the other 99 with Zipf-like weights."""
    others = [a.pk for a in agencies if a.code != AGENCY]
    random.Random(seed).shuffle(others)
    weights = [1 / (i + 1) ** 0.8 for i in range(len(others))]
    rest = total - agency_apps
    counts = {pk: int(rest * w / sum(weights)) for pk, w in zip(others, weights)}
    counts[others[0]] += rest - sum(counts.values())
    return {next(a.pk for a in agencies if a.code == AGENCY): agency_apps, **counts}


def prepared(total: int) -> bool:
    from gongkai.applications.models import Application
    from gongkai.orgs.models import Organisation

    try:
        return Organisation.objects.filter(code=PROVINCE).exists() and Application.objects.count() == total
    except Exception:  # no tables yet: bench.build makes them
        return False


def prepare(total: int, agency_apps: int) -> None:
    from django.db import connection

    from gongkai.applications.models import Application
    from gongkai.oversight.models import ReviewCase
    from gongkai.reports.models import YearFigures

    t0 = time.monotonic()
    ReviewCase.objects.all().delete()
    with connection.cursor() as c:  # a half-done earlier preparation: start the applications again
        c.execute("TRUNCATE applications_application CASCADE")
    province, agencies = tree()
    agency = next(a for a in agencies if a.code == AGENCY)
    catalogue_to_agency(agency)
    print(f"  catalogue given to {agency.code} and some repealed in {time.monotonic() - t0:.0f} s", flush=True)
    rows = applications_copy(sizes(agencies, total, agency_apps, SEED), SEED)
    print(f"  review cases: {review_cases(rows.closed, SEED):,}")
    for i, org in enumerate(agencies):  # figures staff enter each year (they come from other systems)
        for year in (2023, 2024, 2025):
            YearFigures.objects.update_or_create(org=org, year=year, defaults=dict(licensing=100 + i, penalty=10 + i % 7,
                                                                                    enforcement=i % 3, fees_10k_yuan=i / 10))
    with connection.cursor() as c:
        for table in ("applications_application", "oversight_reviewcase", "catalog_item", "orgs_organisation"):
            c.execute(f"VACUUM ANALYZE {table}")
    print(f"== prepared {Application.objects.count():,} applications in {time.monotonic() - t0:.0f} s")


def _ms(fn, reps: int) -> tuple[list[float], float]:
    """Milliseconds of REPS calls, and of the first call (measured apart: cold caches)."""
    t = time.perf_counter()
    fn()
    first = (time.perf_counter() - t) * 1000
    ms = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        ms.append((time.perf_counter() - t) * 1000)
    return ms, round(first, 1)


BASELINE = ("SELECT applicant_type, outcome, count(*) FROM applications_application "
            "WHERE org_id = ANY(%s) AND closed_on BETWEEN %s AND %s GROUP BY 1, 2")


def _captured(fn) -> list[tuple[str, tuple]]:
    from django.db import connection

    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append((sql, params))
        return execute(sql, params, many, context)
    with connection.execute_wrapper(wrapper):
        fn()
    return seen


def explain(queries: list[tuple[str, tuple]]) -> list[dict]:
    """EXPLAIN ANALYZE of each query annual_figures runs: its time and the first lines of its plan."""
    from django.db import connection

    out = []
    with connection.cursor() as c:
        for sql, params in queries:
            c.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = [r[0] for r in c.fetchall()]
            ms = next((float(line.split(":")[1].split()[0]) for line in plan if line.startswith("Execution Time")), None)
            nodes = [line.strip().lstrip("-> ").split("  (")[0] for line in plan if "->" in line or line is plan[0]]
            # The top node and how the rows are read (the scans) say what the query costs.
            out.append({"sql": sql[:160], "ms": ms, "nodes": [nodes[0], *[n for n in nodes[1:] if "Scan" in n]]})
    return out


def measure(who: str, org, org_ids: list[int], reps: int) -> dict:
    from django.db import connection

    from gongkai.reports import annual

    def figures():
        return annual.annual_figures(org, YEAR, org_ids=org_ids)

    result = figures()
    ms, first = _ms(figures, reps)
    queries = _captured(figures)
    span = (dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31))

    def baseline():
        with connection.cursor() as c:
            c.execute(BASELINE, [org_ids, *span])
            return c.fetchall()
    base_ms, base_first = _ms(baseline, reps)
    sections = {name: _stats(_ms(lambda: fn(org_ids, YEAR), max(3, reps // 2))[0]) for name, fn in (
        ("applications", annual.applications_table), ("proactive", annual.proactive_table),
        ("reviews", annual.reviews_table), ("activity", annual.activity),
        # issue 7: the publicity registers' parts of the activity block, timed apart
        ("posts", lambda ids, y: annual.activity_posts(ids, *span)),
        ("events", lambda ids, y: annual.activity_events(ids, *span)),
        ("submissions", lambda ids, y: annual.activity_submissions(ids, *span)),
        ("replies", lambda ids, y: annual.activity_replies(ids, *span)))}
    stats, base = _stats(ms), _stats(base_ms)
    apps = result["applications"]["rows"]
    out = {
        "who": who, "agencies": len(org_ids), "first_ms": first, "figures": stats, "queries": len(queries),
        "baseline": {**base, "first_ms": base_first, "sql": BASELINE}, "ratio_p50": round(stats["p50"] / base["p50"], 2),
        "sections": sections, "consistency": annual.consistency(result),
        "rows": {"new": apps["new"]["total"], "carried_in": apps["carried_in"]["total"], "closed": apps["total"]["total"],
                 "carried_out": apps["carried_out"]["total"], "proactive": result["proactive"]["normative_document"],
                 "reviews": sum(v["total"] for v in result["reviews"].values()), "published": result["activity"]["published"]["website"],
                 "posts": sum(v for k, v in result["activity"]["published"].items() if k != "website"),
                 "submissions": result["activity"]["submissions"]["sent"],
                 "adopted": result["activity"]["submissions"]["adopted"],
                 "replies": result["activity"]["replies"]["total"]},
        "explain": explain(queries),
    }
    print(f"  {who}: p50 {stats['p50']} ms (first {first}), baseline p50 {base['p50']} ms, ratio {out['ratio_p50']}, "
          f"{len(queries)} queries; sections {[(k, v['p50']) for k, v in sections.items()]}", flush=True)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=1_000_000, help="catalogue items (bench.build)")
    ap.add_argument("--applications", type=int, default=1_000_000, help="over the 100 agencies")
    ap.add_argument("--agency-applications", type=int, default=100_000)
    ap.add_argument("--posts", type=int, default=100_000, help="new-media posts over the 100 agencies (issue 7)")
    ap.add_argument("--submissions", type=int, default=50_000, help="submissions to higher bodies (issue 7)")
    ap.add_argument("--messages", type=int, default=200_000, help="messages (回应关切) over the 100 agencies (issue 7)")
    ap.add_argument("--reps", type=int, default=10)
    ap.add_argument("--out", required=True)
    args = ap.parse_args(argv)
    _django()
    from django.db import connection

    from gongkai.applications.models import Application
    from gongkai.catalog.models import Item
    from gongkai.interaction.models import Message
    from gongkai.orgs.models import Organisation
    from gongkai.publicity.models import Post, Submission

    from . import build, publicity_fill

    if connection.vendor != "postgresql":
        raise SystemExit("the annual-report benchmark runs on PostgreSQL (DATABASE_URL=postgres://…/gk_bench_…)")
    if not prepared(args.applications):
        build.build(args.items)  # the search benchmark's loader; a no-op when the items are there
        prepare(args.applications, args.agency_applications)
    else:  # a migration added since the load (an index the report reads) applies here too
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    if not publicity_fill.prepared(args.posts, args.submissions):
        province, agencies = tree()
        publicity_fill.fill(agencies, next(a for a in agencies if a.code == AGENCY), province, posts=args.posts,
                            submissions=args.submissions, first=FIRST, last=LAST, seed=SEED)
    if not publicity_fill.messages_prepared(args.messages):
        province, agencies = tree()
        publicity_fill.messages_fill(agencies, next(a for a in agencies if a.code == AGENCY), n=args.messages,
                                     first=FIRST, last=LAST, seed=SEED)
    load = os.getloadavg()[0]
    agency, province = Organisation.objects.get(code=AGENCY), Organisation.objects.get(code=PROVINCE)
    t = time.perf_counter()
    ids = province.descendant_ids()
    tree_ms = round((time.perf_counter() - t) * 1000, 1)
    result = {
        "date_data": {"years": [FIRST.isoformat(), LAST.isoformat()], "report_year": YEAR},
        "items": Item.objects.filter(org=agency).count(), "applications": Application.objects.count(),
        "posts": Post.objects.count(), "submissions": Submission.objects.count(), "messages": Message.objects.count(),
        "agency_applications": Application.objects.filter(org=agency).count(), "tree_ms": tree_ms, "tree_ids": len(ids),
        "pg_settings": {k: _show(k) for k in ("shared_buffers", "work_mem", "effective_cache_size", "max_parallel_workers_per_gather")},
        "agency": measure("agency", agency, [agency.pk], args.reps),
        "province": measure("province", province, ids, args.reps),
    }
    stamp(result, load)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False, indent=1, default=str)


def _show(name: str) -> str:
    from django.db import connection

    with connection.cursor() as c:
        c.execute(f"SHOW {name}")
        return c.fetchone()[0]


if __name__ == "__main__":
    main()
