"""Bulk loader: N published catalogue items, straight into the tables, as the publish service leaves them.

The per-item service (audit entry, review steps, index-number locking) takes milliseconds per item,
far too slow for a million. This writes the same rows in bulk — Item, its published Revision, the
SearchDocument and the text index built by gongkai.search.text.index_tokens, exactly as
gongkai.search.services.search_index_item does (tests/search/test_bench_loader.py holds them equal) —
plus a few drafts and withdrawn items carrying every benchmark query word, which must never be found.
Review steps and audit entries are not written: no public page or search reads them.

Must be imported after django.setup().
"""
from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from gongkai.catalog.models import Item, Kind, Revision, Topic
from gongkai.core.models import Counter
from gongkai.catalog.sanitize import clean_html, html_to_text, text_to_html
from gongkai.catalog.services import format_index_number
from gongkai.orgs.models import Department, Organisation
from gongkai.search import reindex
from gongkai.search.backends import SQLITE_INSERTS, fts_key, fts_row, fts_title_row
from gongkai.search.services import headline
from gongkai.search.models import SearchDocument

from .corpus import Corpus, published_on

YEARS = 17  # 2010…2026, as corpus.doc(n) has it
ORGS = (
    ("gzsti", "贵州省科学技术厅", "11520000009390012X"),
    ("gysti", "贵阳市科学技术局", "11520100MB1234567X"),
    ("zysti", "遵义市科学技术局", "11520300MB2345678X"),
    ("asti", "安顺市科学技术局", "11520400MB3456789X"),
    ("bjsti", "毕节市科学技术局", "11520500MB4567890X"),
)
DEPARTMENTS = (
    "办公室 政策法规与创新体系建设处 资源配置与管理处 基础研究处 高新技术处 农村科技处 社会发展科技处 "
    "成果转化与区域创新处 对外科技合作处 科技人才与科学普及处 监督评估与科研诚信处 机关党委"
).split()
AFFILIATED = ("科技信息中心", "科技评估中心")
KINDS = [k for k in Kind.values]
KIND_WEIGHTS = [3, 8, 30, 25, 6, 3, 4, 12, 6, 3]
MARKER = "草稿不公开"


@dataclass
class Fixtures:
    org_ids: list[int]
    orgs: list[Organisation]
    dept_ids: dict[int, list[int]]
    topic_ids: list[int]
    science_topic_id: int


def fixtures_ensure() -> Fixtures:
    """The agencies, their departments; topics come from the catalogue's migration."""
    orgs = []
    for code, name, credit in ORGS:
        org, _ = Organisation.objects.get_or_create(code=code, defaults=dict(name=name, credit_code=credit))
        orgs.append(org)
        for i, dname in enumerate(DEPARTMENTS):
            Department.objects.get_or_create(org=org, name=dname, defaults=dict(order=i))
        prefix = "贵州省" if code == "gzsti" else name[:3]
        for i, dname in enumerate(AFFILIATED):
            Department.objects.get_or_create(org=org, name=prefix + dname, defaults=dict(order=50 + i, kind="affiliated"))
    depts = {o.pk: list(Department.objects.filter(org=o).order_by("pk").values_list("pk", flat=True)) for o in orgs}
    topics = list(Topic.objects.order_by("pk").values_list("pk", flat=True))
    return Fixtures([o.pk for o in orgs], orgs, depts, topics, Topic.objects.get(name="科技").pk)


def placement(n: int) -> tuple[int, int, int]:
    """(year index, org index, serial) of document n: serials are unique per agency and year
    without any coordination, so workers can load disjoint ranges at once."""
    year_i = n % YEARS
    org_i = (n // YEARS) % len(ORGS)
    return year_i, org_i, n // (YEARS * len(ORGS)) + 1


def search_body(item: Item) -> str:
    """What search_index_item indexes as the body (keep in step with gongkai.search.services)."""
    return " ".join(filter(None, [item.summary, item.body_text, item.document_number, item.keywords]))


def build(n: int, corpus: Corpus, fx: Fixtures) -> tuple[Item, Revision, SearchDocument]:
    """Document n as the rows publishing it through the chain would leave behind (id = n + 1)."""
    doc = corpus.doc(n)
    rng = random.Random(n)
    year_i, org_i, serial = placement(n)
    org = fx.orgs[org_i]
    pub = published_on(n, corpus.seed)
    pk = n + 1
    # text_to_html escapes plain text into <p>s that clean_html leaves as they are (a test holds it).
    body = text_to_html(doc.body)
    content = dict(
        title=doc.title, summary="", body=body, body_text=html_to_text(body), created_on=pub - dt.timedelta(days=rng.randrange(10)),
        document_number=f"黔科通〔{pub.year}〕{rng.randrange(1, 300)}号" if rng.random() < 0.4 else "",
        topic_id=fx.science_topic_id if rng.random() < 0.6 else rng.choice(fx.topic_ids),
        kind=rng.choices(KINDS, KIND_WEIGHTS)[0], validity="valid", repealed_on=None, publisher=org.name,
        keywords=doc.keywords, department_id=rng.choice(fx.dept_ids[org.pk]),
    )
    at = timezone.make_aware(dt.datetime.combine(pub, dt.time(9, rng.randrange(60))))
    item = Item(
        pk=pk, org_id=org.pk, index_number=format_index_number(org, pub.year, serial), status=Item.Status.PUBLISHED,
        published_on=pub, published_at=at, published_revision_id=pk, created_at=at, updated_at=at, **content,
    )
    rev = Revision(pk=pk, item_id=pk, number=1, status=Revision.Status.PUBLISHED, created_at=at, updated_at=at, **content)
    sdoc = SearchDocument(
        item_id=pk, org_id=org.pk, department_id=item.department_id, topic_id=item.topic_id, kind=item.kind,
        year=pub.year, published_on=pub, title=item.title,
    )
    return item, rev, sdoc


def _values(obj, fields) -> list:
    return [getattr(obj, f.attname) for f in fields]


class SqliteWriter:
    def begin(self):
        if not connection.in_atomic_block:  # a bulk load may lose its last batch on power loss: reload
            with connection.cursor() as c:
                c.execute("PRAGMA synchronous=OFF")

    def write(self, rows):
        Item.objects.bulk_create([r[0] for r in rows], batch_size=2000)
        Revision.objects.bulk_create([r[1] for r in rows], batch_size=2000)
        SearchDocument.objects.bulk_create([r[2] for r in rows], batch_size=2000)
        # The same rows SqliteBackend.index writes, many at a time.
        fts, titles, keys = [], [], []
        for item, _, doc in rows:
            fts.append(fts_row(doc, headline(item), search_body(item)))
            titles.append(fts_title_row(doc, headline(item)))
            keys.append((doc.pk, fts_key(doc.published_on, doc.pk)))
        with connection.cursor() as c:
            for sql, params in zip(SQLITE_INSERTS, (fts, titles, keys)):
                c.executemany(sql, params)

    def finish(self):
        with connection.cursor() as c:
            c.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            c.execute("INSERT INTO search_fts_title(search_fts_title) VALUES ('optimize')")
            c.execute("ANALYZE")
            if not connection.in_atomic_block:
                c.execute("PRAGMA synchronous=NORMAL")


class PostgresWriter:
    """COPY into the tables; the tsvector is computed by the server, as the backend's UPDATE does."""

    def begin(self):
        with connection.cursor() as c:
            c.execute("SET synchronous_commit = off")

    def _copy(self, c, model, objs):
        fields = model._meta.concrete_fields
        cols = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with c.cursor.copy(f"COPY {model._meta.db_table} ({cols}) FROM STDIN") as cp:
            for o in objs:
                cp.write_row(_values(o, fields))

    def write(self, rows):
        with connection.cursor() as c:
            self._copy(c, Item, [r[0] for r in rows])
            self._copy(c, Revision, [r[1] for r in rows])
            reindex._pg_stage(c, [(d, headline(item), search_body(item)) for item, _, d in rows])
            cols = ", ".join(reindex.PG_FROM_STAGE)
            c.execute(
                f"INSERT INTO search_searchdocument (item_id, org_id, department_id, topic_id, kind, year, published_on, title, {cols}) "
                f"SELECT id, org_id, department_id, topic_id, kind, year, published_on, title, "
                f"{', '.join(reindex.PG_FROM_STAGE.values())} FROM search_stage s"
            )

    def finish(self):
        pass


def writer():
    return PostgresWriter() if connection.vendor == "postgresql" else SqliteWriter()


def load_range(start: int, stop: int, *, seed: int = 2026, batch: int = 5000, log=print) -> None:
    """Loads documents start…stop-1, one transaction per batch."""
    corpus, fx, w = Corpus(seed), fixtures_ensure(), writer()
    w.begin()
    t0 = time.monotonic()
    for lo in range(start, stop, batch):
        hi = min(stop, lo + batch)
        rows = [build(n, corpus, fx) for n in range(lo, hi)]
        with transaction.atomic():
            w.write(rows)
        if (hi - start) % (batch * 20) == 0 or hi == stop:
            log(f"  loaded {hi - start:,} of {stop - start:,} in {time.monotonic() - t0:.0f} s")
    w.finish()


def serials_set(n_items: int) -> None:
    """The index-number Counter per agency and year, so that publishing after the load never reuses a number."""
    fx = fixtures_ensure()
    last: dict[tuple[int, int], int] = {}
    for n in range(max(0, n_items - YEARS * len(ORGS)), n_items):
        year_i, org_i, serial = placement(n)
        last[(fx.org_ids[org_i], 2010 + year_i)] = serial
    for (org_id, year), serial in last.items():
        Counter.objects.update_or_create(org_id=org_id, scope="index_number", year=year, defaults=dict(last=serial))


def hidden_add(words: list[str], *, first_pk: int) -> list[int]:
    """Drafts and withdrawn items whose title and body hold every query word: never to be found."""
    fx = fixtures_ensure()
    org = fx.orgs[0]
    ids = []
    body = "。".join(words) + "。" + MARKER
    today = timezone.localdate()
    for i in range(6):
        pk = first_pk + i
        withdrawn = i % 2 == 1
        content = dict(
            title=f"{MARKER}{''.join(words[:3])}"[:60], summary="", body=clean_html(text_to_html(body)), body_text=body,
            created_on=today, document_number="", topic_id=fx.science_topic_id, kind="notice", validity="valid",
            repealed_on=None, publisher=org.name, keywords=" ".join(words[:5]), department_id=fx.dept_ids[org.pk][0],
        )
        item = Item(pk=pk, org_id=org.pk, **content)
        if withdrawn:
            # Published once, then withdrawn: it keeps its number and date but leaves search.
            item.status, item.published_on = Item.Status.WITHDRAWN, today
            item.index_number = f"{org.credit_code}/bench-withdrawn-{i}"
            item.published_at = item.withdrawn_at = timezone.now()
        with transaction.atomic():
            item.save(force_insert=True)
            rev = Revision.objects.create(pk=pk, item=item, number=1, status="published" if withdrawn else "draft", **content)
            if withdrawn:
                Item.objects.filter(pk=pk).update(published_revision=rev)
        ids.append(pk)
    return ids


PG_GIN = {"search_searchdocument_tsv": "tsv", "search_searchdocument_title_tsv": "title_tsv"}


def pg_index_drop() -> None:
    """GIN indexes are built once after a bulk load, much faster than kept up row by row."""
    with connection.cursor() as c:
        for name in PG_GIN:
            c.execute(f"DROP INDEX IF EXISTS {name}")


def pg_index_create(log=print) -> None:
    t0 = time.monotonic()
    with connection.cursor() as c:
        c.execute("SET maintenance_work_mem = '1GB'")
        for name, col in PG_GIN.items():
            c.execute(f"CREATE INDEX IF NOT EXISTS {name} ON search_searchdocument USING GIN ({col})")
    log(f"  GIN index built in {time.monotonic() - t0:.0f} s")
