"""A province on one installation (issue 11): `python -m bench.province --items N` with DATABASE_URL
naming the province's own database (PostgreSQL gk_search_province; SQLite for 100,000 items).

What it builds, each stage only what is missing (a run after an interrupted one, or with a larger N,
continues where the data ends; sizes are parameters):
- orgs: a provincial government (贵州省人民政府) → 200 agencies (厅局, gzsti the largest) → their
  divisions (处室), 8–14 each;
- items: N published catalogue items of generated Chinese text (bench/corpus.py: titles, bodies,
  keywords), 40 % with a 文号 (黔科通〔2024〕37号), 10 % with an attachment whose text is published,
  spread over the agencies by a Zipf law (the largest ≈ 10 %), over 2010–2026. Written by COPY in
  batches of 5,000 (item, its published revision, the attachment); a batch is one transaction, so a
  run resumes at the first missing batch. Two worker processes on PostgreSQL (one per core);
- index: the search index of every published item that has none, in bulk
  (gongkai.search.reindex.items_bulk — the same tokens as publishing writes); on PostgreSQL the GIN
  indexes are dropped before a large batch and built once after it;
- registers (`--registers`): applications, messages (published ones in the messages' index), and the
  publicity registers (bench/publicity_fill.py), by COPY, for the annual report and the self-inspection.
"""
from __future__ import annotations

import argparse
import bisect
import datetime as dt
import hashlib
import itertools
import os
import random
import subprocess
import sys
import time

from .build import _django

SEED = 2026
BATCH = 5000
PROVINCE = ("gzprov", "贵州省人民政府")
LARGEST = ("gzsti", "贵州省科学技术厅")
AGENCIES = 200
# Provincial departments as they are named; the rest of the 200 are bureaus, centres and institutes.
NAMED = (
    "发展和改革委员会 教育厅 工业和信息化厅 民族宗教事务委员会 公安厅 民政厅 司法厅 财政厅 人力资源和社会保障厅 自然资源厅 "
    "生态环境厅 住房和城乡建设厅 交通运输厅 水利厅 农业农村厅 商务厅 文化和旅游厅 卫生健康委员会 退役军人事务厅 应急管理厅 "
    "审计厅 外事办公室 国有资产监督管理委员会 市场监督管理局 广播电视局 体育局 统计局 医疗保障局 地方金融管理局 大数据发展管理局 "
    "林业局 能源局 粮食和物资储备局 药品监督管理局 乡村振兴局 机关事务管理局 信访局 人民防空办公室 地质矿产勘查开发局 "
    "有色金属和核工业地质勘查局 煤田地质局 公共资源交易中心 政务服务中心 档案馆 地方志编纂委员会办公室 社会科学院 农业科学院"
).split()
FIELDS = "水文 气象 测绘 地震 供销 科协 文联 残联 邮政 烟草 盐务 航道 公路 民航 铁路 农机 畜牧 渔业 茶叶 蚕桑 中医药 疾控 血液 职教 考试".split()
SUFFIXES = ("管理局", "服务中心", "研究院", "监测中心", "事务中心", "发展中心", "质量检验院", "信息中心")
DIVISIONS = (
    "办公室 政策法规处 规划财务处 人事处 机关党委 政务公开处 综合处 行政审批处 监督检查处 发展规划处 科技与信息化处 "
    "安全监管处 宣传教育处 对外合作处 离退休干部处 审计处 基础研究处 高新技术处 农村科技处 社会发展处"
).split()


def agency_names() -> list[tuple[str, str]]:
    """(code, name) of the 200 agencies: the largest first, then named departments, then the rest."""
    names = [f"贵州省{n}" for n in NAMED]
    for field, suffix in itertools.product(FIELDS, SUFFIXES):
        if len(names) >= AGENCIES - 1:
            break
        names.append(f"贵州省{field}{suffix}")
    return [LARGEST] + [(f"p{i + 1:03d}", name) for i, name in enumerate(names[: AGENCIES - 1])]


def _weights() -> list[float]:
    """Cumulative Zipf weights of the agencies by rank (exponent 0.8: the largest holds about 10 %)."""
    return list(itertools.accumulate(1 / (r + 1) ** 0.8 for r in range(AGENCIES)))


def orgs_ensure():
    """The tree 省 → 厅局 → 处室; idempotent. Returns (province, agencies in rank order, divisions by org id)."""
    from gongkai.orgs.models import Department, Organisation

    province, _ = Organisation.objects.get_or_create(code=PROVINCE[0], defaults=dict(name=PROVINCE[1], credit_code="11520000009000000A"))
    agencies = []
    existing = {o.code: o for o in Organisation.objects.filter(parent=province)}
    for rank, (code, name) in enumerate(agency_names()):
        org = existing.get(code) or Organisation.objects.filter(code=code).first()
        if org is None:
            org = Organisation.objects.create(code=code, name=name, parent=province, credit_code=f"1152{rank:06d}MB{rank % 97:02d}X")
        elif org.parent_id != province.pk:
            Organisation.objects.filter(pk=org.pk).update(parent=province)
        agencies.append(org)
    divisions: dict[int, list[int]] = {}
    have = {}
    for org_id, pk in Department.objects.filter(org__in=agencies).order_by("pk").values_list("org_id", "pk"):
        have.setdefault(org_id, []).append(pk)
    new = []
    for rank, org in enumerate(agencies):
        if org.pk in have:
            continue
        rng = random.Random(SEED + rank)
        names = DIVISIONS[:5] + rng.sample(DIVISIONS[5:], 3 + rank % 7)
        if org.code == LARGEST[0]:
            names = sorted(set(names) | {"基础研究处", "高新技术处"})
        new += [Department(org=org, name=n, order=i) for i, n in enumerate(names)]
    Department.objects.bulk_create(new, ignore_conflicts=True)
    for org_id, pk in Department.objects.filter(org__in=agencies).order_by("pk").values_list("org_id", "pk"):
        divisions.setdefault(org_id, []).append(pk)
    return province, agencies, divisions


class Generator:
    """Item n (pk n + 1) of the province: same n → same rows, in any process."""

    def __init__(self):
        from gongkai.catalog.models import Kind, Topic

        from .corpus import Corpus

        self.corpus = Corpus(SEED)
        self.province, self.agencies, self.divisions = orgs_ensure()
        self.cum = _weights()
        self.topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
        self.science = Topic.objects.get(name="科技").pk
        self.kinds = list(Kind.values)
        self.kind_weights = [3, 8, 30, 25, 6, 3, 4, 12, 6, 3][: len(self.kinds)] + [3] * max(0, len(self.kinds) - 10)
        # 文号 prefixes: 黔 + the agency's first character after 贵州省 + 通/发/函.
        self.prefix = {o.pk: "黔" + o.name.removeprefix("贵州省")[:1] for o in self.agencies}

    def org(self, n: int):
        rng = random.Random(SEED * 31 + n)
        return self.agencies[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]

    def rows(self, n: int):
        """(item values, revision values, attachment values or None) as dicts of column → value."""
        from gongkai.catalog.sanitize import html_to_text, text_to_html
        from gongkai.catalog.services import format_index_number
        from django.utils import timezone

        from .corpus import published_on

        doc = self.corpus.doc(n)
        rng = random.Random(n)
        org = self.org(n)
        pub = published_on(n, SEED)
        pk = n + 1
        body = text_to_html(doc.body)
        docno = ""
        if rng.random() < 0.4:
            docno = f"{self.prefix[org.pk]}{rng.choice('通发函')}〔{pub.year}〕{rng.randrange(1, 300)}号"
        at = timezone.make_aware(dt.datetime.combine(pub, dt.time(9, rng.randrange(60))))
        content = dict(
            title=doc.title, summary="", body=body, body_text=html_to_text(body), created_on=pub - dt.timedelta(days=rng.randrange(10)),
            document_number=docno, topic_id=self.science if rng.random() < 0.6 else rng.choice(self.topics),
            kind=rng.choices(self.kinds, self.kind_weights)[0], validity="valid", repealed_on=None, publisher=org.name,
            keywords=doc.keywords, department_id=rng.choice(self.divisions[org.pk]),
        )
        item = dict(content, id=pk, org_id=org.pk, index_number=format_index_number(org, pub.year, pk), status="published",
                    published_on=pub, published_at=at, published_revision_id=pk, created_at=at, updated_at=at)
        rev = dict(content, id=pk, item_id=pk, number=1, status="published", created_at=at, updated_at=at)
        att = None
        if rng.random() < 0.1:
            # An attachment of a few pages: other documents' text, so its words are the corpus's too.
            text = "\f".join(self.corpus.doc(10_000_000 + n * 3 + k).body for k in range(rng.randint(2, 5)))
            att = dict(id=pk, revision_id=pk, file=f"bench/{pk}.pdf", name=f"附件{rng.randint(1, 3)}：{doc.title[:30]}.pdf",
                       content_type="application/pdf", size=len(text.encode()) * 2, sha256=hashlib.sha256(text.encode()).hexdigest(),
                       text=text, text_status="ok", text_note="", public_file="", public_text=text)
        return item, rev, att


def _copy(c, model, dicts) -> None:
    """COPY rows given as dicts of attname → value; every other column gets the model's default,
    prepared once as Django would save it (a JSON default included)."""
    from django.db import connection

    fields = model._meta.concrete_fields
    cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    defaults = [f.get_db_prep_save(f.get_default(), connection) for f in fields]
    names = [f.attname for f in fields]
    with c.cursor.copy(f"COPY {model._meta.db_table} ({cols}) FROM STDIN") as cp:
        for d in dicts:
            cp.write_row([d[a] if a in d else dv for a, dv in zip(names, defaults)])


def _missing_batches(n_items: int) -> list[int]:
    """Batch numbers (of BATCH items) not yet fully written: a batch is written in one transaction."""
    from django.db import connection

    with connection.cursor() as c:
        c.execute(f"SELECT (id - 1) / {BATCH}, count(*) FROM catalog_item WHERE id <= %s GROUP BY 1", [n_items])
        done = {b for b, cnt in c.fetchall() if cnt == min(BATCH, n_items - b * BATCH)}
    return [b for b in range((n_items + BATCH - 1) // BATCH) if b not in done]


def items_write(batches: list[int], n_items: int, log=print) -> None:
    """Writes BATCHES (each in one transaction); a partly written batch (none: one transaction) is redone."""
    from django.db import connection, transaction

    from gongkai.catalog.models import Attachment, Item, Revision

    gen = Generator()
    t0 = time.monotonic()
    for i, b in enumerate(batches):
        lo, hi = b * BATCH, min(n_items, (b + 1) * BATCH)
        rows = [gen.rows(n) for n in range(lo, hi)]
        with transaction.atomic(), connection.cursor() as c:
            if connection.vendor == "postgresql":
                c.execute("SET LOCAL synchronous_commit = off")
            c.execute("DELETE FROM catalog_item WHERE id > %s AND id <= %s", [lo, hi])  # never half a batch
            if connection.vendor == "postgresql":
                _copy(c, Item, [r[0] for r in rows])
                _copy(c, Revision, [r[1] for r in rows])
                _copy(c, Attachment, [r[2] for r in rows if r[2]])
            else:
                Item.objects.bulk_create([Item(**r[0]) for r in rows], batch_size=1000)
                Revision.objects.bulk_create([Revision(**r[1]) for r in rows], batch_size=1000)
                Attachment.objects.bulk_create([Attachment(**r[2]) for r in rows if r[2]], batch_size=1000)
        if (i + 1) % 10 == 0 or i + 1 == len(batches):
            log(f"  items: {i + 1} of {len(batches)} batches in {time.monotonic() - t0:.0f} s", flush=True)


def items_ensure(n_items: int, workers: int, log=print) -> None:
    from django.db import connection

    missing = _missing_batches(n_items)
    if not missing:
        log(f"== items: {n_items:,} already there", flush=True)
        return
    log(f"== items: {len(missing)} batches of {BATCH:,} to write", flush=True)
    t0 = time.monotonic()
    if connection.vendor == "postgresql" and workers > 1 and len(missing) > 1:
        connection.close()
        parts = [missing[i::workers] for i in range(workers)]
        procs = [subprocess.Popen([sys.executable, "-m", "bench.province", "--items", str(n_items), "--batches",
                                   ",".join(map(str, p))]) for p in parts if p]
        codes = [p.wait() for p in procs]
        if any(codes):
            sys.exit(f"a loader worker failed: {codes}")
    else:
        items_write(missing, n_items, log)
    with connection.cursor() as c:
        for table in ("catalog_item", "catalog_revision", "catalog_attachment"):
            c.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                      if connection.vendor == "postgresql" else "SELECT 1")
    counters_set()
    log(f"== items: written in {time.monotonic() - t0:.0f} s", flush=True)


def counters_set() -> None:
    """Index numbers use the item id as serial: the counters start past the largest, so publishing
    after the load never reuses a number."""
    from django.db import connection

    from gongkai.core.models import Counter

    with connection.cursor() as c:
        c.execute("SELECT coalesce(max(id), 0) FROM catalog_item")
        top = c.fetchone()[0]
    from gongkai.catalog.models import Item

    pairs = list(Item.objects.exclude(published_on=None).values_list("org_id", "published_on__year").distinct())
    Counter.objects.bulk_create([Counter(org_id=o, scope="index_number", year=y, last=top) for o, y in pairs],
                                update_conflicts=True, unique_fields=["org", "scope", "year"], update_fields=["last"])


def main(argv=None) -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--no-index", action="store_true", help="write the items only")
    ap.add_argument("--index-upto", type=int, help="index the items up to this id only (the curve grows the index)")
    ap.add_argument("--registers", action="store_true")
    ap.add_argument("--batches", help=argparse.SUPPRESS)
    ap.add_argument("--index-range", nargs=2, type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    _django()
    if args.batches:
        items_write([int(b) for b in args.batches.split(",")], args.items)
        return
    if args.index_range:
        from gongkai.search import reindex

        lo, hi = args.index_range
        reindex.items_add_missing(upto=hi, above=lo, gin=False)
        return
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    orgs_ensure()
    items_ensure(args.items, args.workers)
    if not args.no_index:
        index_ensure(args.index_upto or args.items)
    if args.registers:
        registers_ensure()


def index_ensure(upto: int | None = None, workers: int = 2, log=print) -> int:
    """The search index of every published item (id ≤ UPTO) that has none, in bulk: on PostgreSQL
    WORKERS processes over disjoint id ranges (the tokens and the server's tsvectors cost about 2 ms
    a document), the GIN indexes dropped before and built once after."""
    from django.db import connection

    from gongkai.search import reindex
    from gongkai.search.backends import ITEMS

    with connection.cursor() as c:
        c.execute("SELECT coalesce(max(id), 0) FROM catalog_item")
        upto = min(upto or 10**12, c.fetchone()[0])
        c.execute("SELECT count(*) FROM catalog_item i WHERE i.status = 'published' AND i.id <= %s "
                  "AND NOT EXISTS (SELECT 1 FROM search_searchdocument d WHERE d.item_id = i.id)", [upto])
        missing = c.fetchone()[0]
        c.execute("SELECT coalesce(min(i.id), 1) - 1 FROM catalog_item i WHERE i.id <= %s "
                  "AND NOT EXISTS (SELECT 1 FROM search_searchdocument d WHERE d.item_id = i.id)", [upto])
        first = c.fetchone()[0]
    if not missing:
        return 0
    if connection.vendor != "postgresql" or workers < 2 or missing < 50_000:
        return reindex.items_add_missing(upto=upto, log=log)
    t0 = time.monotonic()
    reindex.pg_gin(ITEMS, create=False)
    bounds = [first + (upto - first) * i // workers for i in range(workers + 1)]
    connection.close()
    procs = [subprocess.Popen([sys.executable, "-m", "bench.province", "--index-range", str(bounds[i]), str(bounds[i + 1])])
             for i in range(workers)]
    codes = [p.wait() for p in procs]
    if any(codes):
        sys.exit(f"an index worker failed: {codes}")
    log(f"  index: {missing:,} items in {time.monotonic() - t0:.0f} s", flush=True)
    reindex.pg_gin(ITEMS, create=True, log=log)
    with connection.cursor() as c:
        c.execute("ANALYZE search_searchdocument")
    return missing


def _series_messages(agencies, n: int) -> None:
    """N messages over the agencies (the largest 30 %), two years, 97 % answered (as bench/inspection_bench.py)."""
    from gongkai.interaction.models import Message

    from .inspection_bench import _day, insert_series

    ids = [a.pk for a in agencies]
    pick = f"(CASE WHEN g % 10 < 3 THEN {ids[0]} ELSE (ARRAY[{', '.join(map(str, ids))}])[(g * 7919) % {len(ids)} + 1] END)"
    insert_series(Message, n, {
        "org_id": pick, "number": "'M' || g", "channel": "'mailbox'", "subject": "'关于科技项目申报的咨询 ' || g",
        "received_on": _day("g % 730 + 1"), "due_on": _day("g % 730 + 1") + " + 7",
        "status": "CASE WHEN g % 33 = 0 THEN 'assigned' ELSE 'replied' END",
        "replied_on": f"CASE WHEN g % 33 = 0 THEN NULL ELSE {_day('g % 730 + 1')} + (g % 10) END",
    })


def registers_ensure(applications: int = 200_000, messages: int = 200_000, posts: int = 100_000, submissions: int = 50_000,
                     log=print) -> None:
    """Applications (with review cases and the figures staff enter), messages, suggestions and the
    publicity registers, by COPY; each register is rebuilt only when its count is not the asked one."""
    from django.db import connection

    from gongkai.applications.models import Application
    from gongkai.consultation.models import Suggestion
    from gongkai.interaction.models import Message
    from gongkai.oversight.models import ReviewCase
    from gongkai.reports.models import YearFigures

    from . import annual_bench, publicity_fill
    from .inspection_bench import _day, insert_series

    province, agencies, _ = orgs_ensure()
    t0 = time.monotonic()
    if Application.objects.count() != applications:
        ReviewCase.objects.all().delete()
        with connection.cursor() as c:
            c.execute("TRUNCATE applications_application CASCADE")
        weights = _weights()
        shares = [weights[0]] + [b - a for a, b in zip(weights, weights[1:])]
        counts = {a.pk: int(applications * w / weights[-1]) for a, w in zip(agencies, shares)}
        counts[agencies[0].pk] += applications - sum(counts.values())
        rows = annual_bench.applications_copy(counts, SEED, log=log)
        log(f"  review cases: {annual_bench.review_cases(rows.closed, SEED):,}", flush=True)
        for i, org in enumerate(agencies):
            for year in (2023, 2024, 2025):
                YearFigures.objects.update_or_create(org=org, year=year, defaults=dict(
                    licensing=100 + i, penalty=10 + i % 7, enforcement=i % 3, fees_10k_yuan=i / 10))
    if Message.objects.count() != messages:
        with connection.cursor() as c:
            c.execute("TRUNCATE interaction_message CASCADE")
        _series_messages(agencies, messages)
    if Suggestion.objects.count() != 2000:
        with connection.cursor() as c:
            c.execute("TRUNCATE consultation_suggestion CASCADE")
        insert_series(Suggestion, 2000, {
            "org_id": str(agencies[0].pk), "number": "'第' || g || '号'", "kind": "CASE WHEN g % 2 = 0 THEN 'deputy' ELSE 'member' END",
            "title": "'关于加快科技成果转化的建议 ' || g", "replied_on": _day("g % 700"),
            "result_published_on": f"CASE WHEN g % 3 = 0 THEN NULL ELSE {_day('g % 700')} + (g % 40) END", "status": "'replied'"})
    if not publicity_fill.prepared(posts, submissions):
        publicity_fill.fill(agencies, agencies[0], province, posts=posts, submissions=submissions,
                            first=annual_bench.FIRST, last=annual_bench.LAST, seed=SEED, log=log)
    with connection.cursor() as c:
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    log(f"== registers: {Application.objects.count():,} applications, {Message.objects.count():,} messages "
        f"in {time.monotonic() - t0:.0f} s", flush=True)


if __name__ == "__main__":
    main()
