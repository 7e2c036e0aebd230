"""Rebuilding the text index in bulk: after a change of tokens (migration 0008, `gongkai search
reindex`), and for the benchmarks' generated data (documents missing from the index).

The tokens are those publishing writes (services.headline/_body → backends.fts_row / pg_vectors),
computed here for thousands of documents per statement: on SQLite executemany into the FTS5 tables,
on PostgreSQL COPY into a staging table and one UPDATE (or INSERT) per batch. Items and messages
are read with plain SQL, so a migration can call this with the tables as they are.
"""
from __future__ import annotations

import time
from types import SimpleNamespace

from django.db import connection, transaction

from . import backends, text
from .backends import ITEMS, MESSAGES, Index

BATCH = 5000
ITEM_COLUMNS = ("id", "org_id", "department_id", "topic_id", "kind", "published_on", "title", "summary", "body_text",
                "document_number", "keywords", "published_revision_id")
PG_GIN = {ITEMS: ("search_searchdocument_tsv", "search_searchdocument_title_tsv"),
          MESSAGES: ("search_messagedocument_tsv", "search_messagedocument_title_tsv")}


def _item_texts(c, rows: list[tuple]) -> list[tuple[SimpleNamespace, str, str]]:
    """(document fields, headline, body) of item rows (ITEM_COLUMNS), with their published attachments' text."""
    from .services import _body, headline

    revs = [r[-1] for r in rows if r[-1]]
    texts: dict[int, list[str]] = {}
    if revs:
        c.execute(f"SELECT revision_id, public_text FROM catalog_attachment WHERE revision_id IN ({', '.join(['%s'] * len(revs))}) "
                  "AND public_text <> '' ORDER BY id", revs)
        for rev, t in c.fetchall():
            texts.setdefault(rev, []).append(t)
    out = []
    for r in rows:
        it = SimpleNamespace(**dict(zip(ITEM_COLUMNS, r)))
        it.pk, it.year = it.id, it.published_on.year
        out.append((it, headline(it), _body(it, texts.get(it.published_revision_id, ()))))
    return out


def _message_texts(c, ids: list[int]) -> list[tuple[SimpleNamespace, str, str]]:
    c.execute(f"SELECT d.message_id, d.org_id, d.department_id, d.topic_id, d.kind, d.published_on, m.public_subject, "
              f"m.public_body, m.reply FROM search_messagedocument d JOIN interaction_message m ON m.id = d.message_id "
              f"WHERE d.message_id IN ({', '.join(['%s'] * len(ids))}) ORDER BY d.message_id", ids)
    out = []
    for pk, org_id, dept, topic, kind, on, subject, body, reply in c.fetchall():
        doc = SimpleNamespace(pk=pk, org_id=org_id, department_id=dept, topic_id=topic, kind=kind, published_on=on, year=on.year)
        out.append((doc, subject, f"{body} {reply}"))
    return out


def _sqlite_write(c, ix: Index, docs) -> None:
    inserts = ix.sqlite_inserts()
    # In rowid order: FTS5 writes its pending terms out as a new segment whenever a rowid comes
    # lower than the last one, and the rowid is the date (fts_key), unrelated to the id order.
    docs = sorted(docs, key=lambda d: backends.fts_key(d[0].published_on, d[0].pk))
    c.executemany(inserts[0], [backends.fts_row(d, h, b) for d, h, b in docs])
    c.executemany(inserts[1], [backends.fts_title_row(d, h) for d, h, b in docs])
    c.executemany(inserts[2], [(d.pk, backends.fts_key(d.published_on, d.pk)) for d, h, b in docs])


def tokens(title: str, body: str) -> tuple[str, str]:
    """The FTS5 tokens of a document's title and body: what backends.fts_row computes, for a caller
    that makes them elsewhere (the import's worker processes)."""
    return text.index_tokens(title), text.index_tokens(body)


def sqlite_add_items(items: list[tuple]) -> None:
    """SQLite: the search rows of newly published ITEMS, (item, (title tokens, body tokens)) each,
    the tokens from `tokens` (so equal to those fts_row makes). As items_add_missing, without
    reading the items back or making the tokens here."""
    if not items:
        return
    items = sorted(items, key=lambda it: backends.fts_key(it[0].published_on, it[0].pk))  # as _sqlite_write
    docs = []
    for item, toks in items:
        d = SimpleNamespace(pk=item.pk, org_id=item.org_id, department_id=item.department_id, topic_id=item.topic_id,
                            kind=item.kind, published_on=item.published_on, year=item.published_on.year)
        docs.append((d, item.title, toks, backends.fts_key(d.published_on, d.pk), backends._facet_tokens(d)))
    inserts = ITEMS.sqlite_inserts()
    with connection.cursor() as c:
        c.executemany("INSERT INTO search_searchdocument (item_id, org_id, department_id, topic_id, kind, year, published_on, "
                      "title) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                      [(d.pk, d.org_id, d.department_id, d.topic_id, d.kind, d.year, d.published_on, title[:300])
                       for d, title, _, _, _ in docs])
        c.executemany(inserts[0], [(key, head, body, facets) for _, _, (head, body), key, facets in docs])
        c.executemany(inserts[1], [(key, head, facets) for _, _, (head, _), key, facets in docs])
        c.executemany(inserts[2], [(d.pk, key) for d, _, _, key, _ in docs])


def _pg_stage(c, docs) -> None:
    """COPY the documents' fields, tokens and folded text into a temporary table; the server makes
    the tsvectors (backends.pg_fields and PG_VECTOR: the same as publishing writes)."""
    # Emptied by hand: inside a migration or the command's transaction nothing commits between batches.
    c.execute("CREATE TEMP TABLE IF NOT EXISTS search_stage (id bigint PRIMARY KEY, org_id bigint, department_id bigint, "
              "topic_id bigint, kind varchar(40), year int, published_on date, title varchar(300), tokens text, "
              "title_tokens text, facets text[], stext text, htext text)")
    c.execute("TRUNCATE search_stage")
    with c.cursor.copy("COPY search_stage FROM STDIN") as cp:
        for d, h, b in docs:
            f = backends.pg_fields(d, h, b)
            cp.write_row((d.pk, d.org_id, d.department_id, d.topic_id, d.kind, d.year, d.published_on,
                          (getattr(d, "title", "") or "")[:300], f["tokens"], f["title_tokens"], f["facets"], f["stext"], f["htext"]))


# The index columns from search_stage s, as backends.PG_VECTOR makes them on publishing.
PG_FROM_STAGE = {
    "tsv": backends.pg_vector("s.tokens", "s.facets"),
    "title_tsv": backends.pg_vector("s.title_tokens", "s.facets"),
    "stext": "s.stext",
    "htext": "s.htext",
}


def _batches(c, sql: str, params: list, start: int = 0):
    """Ids in ascending batches of BATCH (keyset paging: each batch re-reads from the last id)."""
    last = start
    while True:
        c.execute(sql, [*params, last, BATCH])
        ids = [r[0] for r in c.fetchall()]
        if not ids:
            return
        yield ids
        last = ids[-1]


def pg_gin(ix: Index, create: bool, log=print) -> None:
    """Drops or (re)creates the GIN indexes of IX: built once after a large load, much faster than
    kept up row by row."""
    cols = ("tsv", "title_tsv")
    t0 = time.monotonic()
    with connection.cursor() as c:
        if create:
            c.execute("SET maintenance_work_mem = '4GB'")  # GIN builds in memory: fewer, larger flushes
        for name, col in zip(PG_GIN[ix], cols):
            c.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {ix.doc_table} USING GIN ({col})" if create else f"DROP INDEX IF EXISTS {name}")
    if create:
        log(f"  GIN indexes of {ix.doc_table} built in {time.monotonic() - t0:.0f} s", flush=True)


def rebuild(ix: Index = ITEMS, log=lambda *a, **k: None) -> int:
    """Recomputes the text index of every document IX holds (the set of documents is unchanged)."""
    table, key = ix.doc_table, ix.key
    n, t0 = 0, time.monotonic()
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            for t in (ix.fts, ix.fts_title, ix.fts_keys):
                c.execute(f"DELETE FROM {t}")
        for ids in _batches(c, f"SELECT {key} FROM {table} WHERE {key} > %s ORDER BY {key} LIMIT %s", []):
            if ix is ITEMS:
                c.execute(f"SELECT {', '.join(ITEM_COLUMNS)} FROM catalog_item WHERE id IN ({', '.join(['%s'] * len(ids))}) ORDER BY id", ids)
                docs = _item_texts(c, c.fetchall())
            else:
                docs = _message_texts(c, ids)
            with transaction.atomic():
                if connection.vendor == "sqlite":
                    _sqlite_write(c, ix, docs)
                else:
                    _pg_stage(c, docs)
                    sets = ", ".join(f"{col} = {expr}" for col, expr in PG_FROM_STAGE.items())
                    c.execute(f"UPDATE {table} d SET {sets} FROM search_stage s WHERE d.{key} = s.id")
            n += len(docs)
            log(f"  {table}: {n:,} reindexed in {time.monotonic() - t0:.0f} s", flush=True)
        if connection.vendor == "postgresql" and n:
            c.execute(f"ANALYZE {table}")
    return n


def items_add_missing(upto: int | None = None, log=print, *, above: int = 0, gin: bool = True) -> int:
    """Indexes every published item (ABOVE < id ≤ UPTO) that has no search document: the benchmarks'
    loader. On PostgreSQL with many missing, the GIN indexes are dropped first and built once after
    (GIN=False: the caller does it, e.g. around several workers on disjoint ranges)."""
    n, t0 = 0, time.monotonic()
    bound = " AND i.id <= %s" if upto else ""
    missing = (f"SELECT i.id FROM catalog_item i WHERE i.status = 'published' AND i.id > %s{bound} AND i.id > %s "
               f"AND NOT EXISTS (SELECT 1 FROM search_searchdocument d WHERE d.item_id = i.id) ORDER BY i.id LIMIT %s")
    params = [above, *([upto] if upto else [])]
    with connection.cursor() as c:
        c.execute(f"SELECT count(*) FROM ({missing.replace('LIMIT %s', '')}) s", [*params, above])
        total = c.fetchone()[0]
        if not total:
            return 0
        bulk = gin and connection.vendor == "postgresql" and total > 50_000
        if bulk:
            pg_gin(ITEMS, create=False)
        for ids in _batches(c, missing, params, start=above):
            c.execute(f"SELECT {', '.join(ITEM_COLUMNS)} FROM catalog_item WHERE id IN ({', '.join(['%s'] * len(ids))}) ORDER BY id", ids)
            docs = _item_texts(c, c.fetchall())
            with transaction.atomic():
                rows = [(d.pk, d.org_id, d.department_id, d.topic_id, d.kind, d.year, d.published_on, d.title[:300]) for d, _, _ in docs]
                cols = "item_id, org_id, department_id, topic_id, kind, year, published_on, title"
                if connection.vendor == "sqlite":
                    c.executemany(f"INSERT INTO search_searchdocument ({cols}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows)
                    _sqlite_write(c, ITEMS, docs)
                else:
                    c.execute("SET LOCAL synchronous_commit = off")
                    _pg_stage(c, docs)
                    c.execute(f"INSERT INTO search_searchdocument ({cols}, {', '.join(PG_FROM_STAGE)}) SELECT id, org_id, department_id, "
                              f"topic_id, kind, year, published_on, title, {', '.join(PG_FROM_STAGE.values())} FROM search_stage s")
            n += len(docs)
            if n % (BATCH * 20) == 0 or n == total:
                log(f"  index: {n:,} of {total:,} items in {time.monotonic() - t0:.0f} s", flush=True)
        if bulk:
            pg_gin(ITEMS, create=True, log=log)
        if gin:
            c.execute("ANALYZE search_searchdocument" if connection.vendor == "postgresql" else "ANALYZE")
    return n
