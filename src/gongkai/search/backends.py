"""One search interface, two implementations (SQLite FTS5 and PostgreSQL tsvector + GIN), over one
or the other kind of document (`Index`: catalogue items, or published messages) with the same code.

Ranking, the same on both: items whose title contains every term come first, then newest first.
That is what people searching a government catalogue expect (the notice they saw quoted, the latest
version), it is stable page to page, and it costs no per-row scoring. `order="date"` is newest only.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field

from django.db import connection

from gongkai.core.dbrouter import read_connection

from . import text
from .models import SearchDocument


@dataclass
class SearchFilters:
    org_ids: list[int] | None = None
    topic_id: int | None = None
    year: int | None = None
    department_id: int | None = None
    kind: str | None = None


@dataclass
class SearchPage:
    ids: list[int] = field(default_factory=list)
    count: int = 0
    # True when there are more than COUNT_CAP results: count is then COUNT_CAP, to be shown as
    # "5,000+"; later pages are still served (every match stays reachable) until one comes back short.
    more: bool = False

    @property
    def counted(self) -> int:
        """The count as the backends take it back (`search(count=…)`): COUNT_CAP + 1 for "more"."""
        return self.count + 1 if self.more else self.count


@dataclass(frozen=True)
class Index:
    """The tables of one kind of document. Every statement of both backends is written against these
    names, so items and messages are indexed and searched by the same code (decision 0011)."""

    doc_table: str   # the IndexedDocument model's table (filters, order; the PostgreSQL tsvectors)
    key: str         # its primary key column, the id of the document
    fts: str         # SQLite: FTS5 table of title + body + facets
    fts_title: str   # SQLite: FTS5 table of titles + facets
    fts_keys: str    # SQLite: document id → FTS rowid

    def sqlite_inserts(self) -> tuple[str, str, str]:
        return (
            f"INSERT INTO {self.fts}(rowid, title, body, facets) VALUES (%s, %s, %s, %s)",
            f"INSERT INTO {self.fts_title}(rowid, title, facets) VALUES (%s, %s, %s)",
            f"INSERT INTO {self.fts_keys}({self.key}, fkey) VALUES (%s, %s)",
        )


ITEMS = Index("search_searchdocument", "item_id", "search_fts", "search_fts_title", "search_fts_keys")
MESSAGES = Index("search_messagedocument", "message_id", "search_msg_fts", "search_msg_fts_title", "search_msg_fts_keys")


# Counting every match of a word found in most documents costs a walk of its whole doclist; past
# this many, the count is a lower bound (docs/decisions/0003).
COUNT_CAP = 5000
KEY_MASK = (1 << 32) - 1
SQLITE_INSERTS = ITEMS.sqlite_inserts()


def fts_key(published_on, item_id: int) -> int:
    """The FTS5 rowid: publication date, then item id, so rowid order is the newest-first order."""
    return (published_on.toordinal() << 32) | item_id


def _facet_tokens(doc) -> str:
    kind = (doc.kind or "").replace("_", "")
    return f"o{doc.org_id} t{doc.topic_id or 0} y{doc.year} d{doc.department_id or 0} k{kind}"


def fts_row(doc, title: str, body: str) -> tuple:
    return (fts_key(doc.published_on, doc.pk), text.index_tokens(title), text.index_tokens(body), _facet_tokens(doc))


def fts_title_row(doc, title: str) -> tuple:
    return (fts_key(doc.published_on, doc.pk), text.index_tokens(title), _facet_tokens(doc))


def fts5_facets(f: SearchFilters) -> str:
    """Filters as FTS5 clauses on the facets column (values are integers or a kind code, quoted)."""
    clauses = []
    if f.org_ids:
        clauses.append("facets : (" + " OR ".join(f'"o{int(o)}"' for o in f.org_ids) + ")")
    for prefix, val in (("t", f.topic_id), ("y", f.year), ("d", f.department_id)):
        if val is not None and val != "":
            clauses.append(f'facets : "{prefix}{int(val)}"')
    if f.kind:
        clauses.append('facets : "k' + "".join(ch for ch in str(f.kind) if ch.isalnum()) + '"')
    return "".join(" AND " + c for c in clauses)


def _read_cursor():
    """A cursor where the router sends this request's reads (a replica for anonymous pages, 0062)."""
    return read_connection(SearchDocument).cursor()


def _filter_sql(f: SearchFilters, alias: str, placeholder: str = "%s") -> tuple[str, list]:
    where, params = [], []
    if f.org_ids:
        where.append(f"{alias}.org_id IN ({', '.join([placeholder] * len(f.org_ids))})")
        params.extend(f.org_ids)
    for col, val in (("topic_id", f.topic_id), ("year", f.year), ("department_id", f.department_id), ("kind", f.kind)):
        if val is not None and val != "":
            where.append(f"{alias}.{col} = {placeholder}")
            params.append(val)
    return (" AND " + " AND ".join(where)) if where else "", params


class Backend:
    def __init__(self, index: Index = ITEMS):
        self.ix = index

    def index(self, doc: SearchDocument, title: str, body: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def remove(self, item_id: int) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def search(self, query: str, filters: SearchFilters, offset: int, limit: int, order: str = "relevance",
               count: int | None = None) -> SearchPage:
        """COUNT: the matches as an earlier page counted them (SearchPage.counted), when the caller
        keeps it; a backend whose count comes with the page itself may ignore it."""
        raise NotImplementedError  # pragma: no cover


class SqliteBackend(Backend):
    """FTS5 with the newest-first order built into the rowid (see docs/decisions/0003).

    FTS5 walks a doclist in rowid order and stops at LIMIT, so with rowid = (published_on, item_id)
    "newest 20 matches" costs the 20 matches, not a sort of all of them. Filters are tokens of a
    `facets` column, intersected inside the index. Titles have a table of their own so that "title
    hits first" walks only documents whose title matches. search_fts_keys maps item → rowid.
    """

    def _drop(self, c, item_id: int) -> None:
        ix = self.ix
        c.execute(f"SELECT fkey FROM {ix.fts_keys} WHERE {ix.key} = %s", [item_id])
        row = c.fetchone()
        if row:
            c.execute(f"DELETE FROM {ix.fts} WHERE rowid = %s", [row[0]])
            c.execute(f"DELETE FROM {ix.fts_title} WHERE rowid = %s", [row[0]])
            c.execute(f"DELETE FROM {ix.fts_keys} WHERE {ix.key} = %s", [item_id])

    def index(self, doc, title, body):
        inserts = self.ix.sqlite_inserts()
        with connection.cursor() as c:
            self._drop(c, doc.pk)
            c.executemany(inserts[0], [fts_row(doc, title, body)])
            c.executemany(inserts[1], [fts_title_row(doc, title)])
            c.executemany(inserts[2], [(doc.pk, fts_key(doc.published_on, doc.pk))])

    def remove(self, item_id):
        with connection.cursor() as c:
            self._drop(c, item_id)

    def _keys(self, c, table: str, match: str, offset: int, limit: int) -> list[int]:
        c.execute(
            f"SELECT rowid & {KEY_MASK} FROM {table} WHERE {table} MATCH %s ORDER BY rowid DESC LIMIT %s OFFSET %s",
            [match, limit, offset],
        )
        return [r[0] for r in c.fetchall()]

    def _count(self, c, table: str, match: str) -> int:
        c.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH %s LIMIT {COUNT_CAP + 1})", [match])
        return c.fetchone()[0]

    def search(self, query, filters, offset, limit, order="relevance", count=None):
        m = text.fts5_query(query)
        if m is None:
            return SearchPage()
        facets = fts5_facets(filters)
        fts, fts_title = self.ix.fts, self.ix.fts_title
        with _read_cursor() as c:
            if count is None:
                count = self._count(c, fts, f"{{title body}} : ({m}){facets}")
            page = SearchPage([], min(count, COUNT_CAP), more=count > COUNT_CAP)
            if count == 0 or (offset >= count and not page.more):
                return page
            if order == "date":
                page.ids = self._keys(c, fts, f"{{title body}} : ({m}){facets}", offset, limit)
                return page
            # Title hits first, then the rest, each newest first: each side walks its table in rowid
            # order and stops at offset + limit, at a cost that grows with the page number, not with
            # the number of matches. The rest is read only when the title hits do not fill the page:
            # for a word found in most titles it is the costly side (its NOT walks every title hit
            # to find none: 6 ms of 12 for a word in 10,000 of 160,000 messages), and it is not needed.
            n = offset + limit
            ids = self._keys(c, fts_title, f"title : ({m}){facets}", 0, n)
            if len(ids) < n:
                ids += self._keys(c, fts, f"(body : ({m}) NOT title : ({m})){facets}", 0, n - len(ids))
            page.ids = ids[offset:n]
            return page


class PostgresBackend(Backend):
    """tsvector + GIN; the plan is chosen here from the index statistics, not left to the planner.

    On a million rows any count of a common word costs 40 ms or more (the GIN bitmap alone, or a
    detoasted tsvector per row), so the word's frequency comes from pg_stats (ANALYZE keeps the
    commonest lexemes and their shares). A word estimated in at most COUNT_CAP items: its matches
    are fetched once (MATERIALIZED CTE — left to itself the planner walks the date index row by row
    for a rare word, about a second), counted and sorted. A more common word: the date index is
    walked newest first, checking each row, which finds a page after a few hundred rows; the count
    is then given as COUNT_CAP with `more`, and the order is newest first. Up to the cap, title hits
    come first, from a small title-only tsvector.
    """

    def index(self, doc, title, body):
        with connection.cursor() as c:
            c.execute(
                f"UPDATE {self.ix.doc_table} SET tsv = to_tsvector('simple', %s), title_tsv = to_tsvector('simple', %s) WHERE {self.ix.key} = %s",
                [pg_tokens(title, body), text.index_tokens(title), doc.pk],
            )

    def remove(self, item_id):
        pass  # the row itself is deleted by the caller; the tsvector goes with it

    def _walk(self, c, cond: str, params: list, offset: int, limit: int) -> list[int]:
        t, k = self.ix.doc_table, self.ix.key
        c.execute(
            f"SELECT d.{k} FROM {t} d WHERE {cond} ORDER BY d.published_on DESC, d.{k} DESC LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return [r[0] for r in c.fetchall()]

    def _fetched(self, c, tsq, fsql, fparams, order, offset, limit) -> tuple[int, list[int]]:
        """(count up to COUNT_CAP + 1, the page): the matches are read once, for both."""
        hit = "d.title_tsv @@ to_tsquery('simple', %s)" if order != "date" else "FALSE"
        t, k = self.ix.doc_table, self.ix.key
        c.execute(
            f"WITH m AS MATERIALIZED (SELECT d.{k} AS id, d.published_on, {hit} AS hit FROM {t} d "
            f"WHERE TRUE{fsql} AND d.tsv @@ to_tsquery('simple', %s) LIMIT {COUNT_CAP + 1}) "
            "SELECT (SELECT count(*) FROM m), ARRAY(SELECT id FROM m ORDER BY hit DESC, published_on DESC, id DESC LIMIT %s OFFSET %s)",
            [*([tsq] if order != "date" else []), *fparams, tsq, limit, offset],
        )
        count, ids = c.fetchone()
        return count, list(ids)

    def search(self, query, filters, offset, limit, order="relevance", count=None):
        tsq = text.tsquery(query)
        if tsq is None:
            return SearchPage()
        fsql, fparams = _filter_sql(filters, "d")
        with _read_cursor() as c:
            if pg_estimate(c, query, self.ix.doc_table) <= COUNT_CAP:
                count, ids = self._fetched(c, tsq, fsql, fparams, order, offset, limit)
                if count <= COUNT_CAP:
                    return SearchPage(ids, count)
            # Common word (or statistics behind the data): walk newest first. Filters are written
            # before the text match, so the cheap column tests run first on each row.
            # Newest first in both orders: finding the title hits among 5,000+ matches costs a count
            # of its own (up to 90 ms on a million rows), so "title hits first" holds up to the cap.
            # A year is also a date range, so the walk starts in that year instead of reading the
            # newer ones; the other filters are tested before the text (CASE fixes the order), so
            # only rows that pass them have their TOASTed tsvector read (140 µs each when cold).
            rsql, rparams = "", []
            if filters.year:
                rsql, rparams = " AND d.published_on BETWEEN %s AND %s", [dt.date(int(filters.year), 1, 1), dt.date(int(filters.year), 12, 31)]
            match = f"TRUE{rsql} AND CASE WHEN TRUE{fsql} THEN d.tsv @@ to_tsquery('simple', %s) ELSE FALSE END"
            return SearchPage(self._walk(c, match, [*rparams, *fparams, tsq], offset, limit), COUNT_CAP, more=True)


_STATS: dict[str, dict] = {}  # per document table
STATS_TTL = 300.0  # seconds; ANALYZE itself runs far less often


def _pg_stats(c, table: str = ITEMS.doc_table) -> dict:
    """Share of documents holding each common lexeme (pg_stats, kept by ANALYZE), and the row count.
    Reading the list costs about 5 ms (10,000 lexemes), so each process keeps it for STATS_TTL once
    the table has been analysed; a table never analysed has nothing worth keeping."""
    kept = _STATS.get(table)
    if kept and time.monotonic() - kept["at"] < STATS_TTL:
        return kept
    c.execute(
        "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples FROM pg_class c "
        "LEFT JOIN pg_stats s ON s.tablename = c.relname AND s.attname = 'tsv' AND s.schemaname = current_schema() "
        "WHERE c.relname = %s AND c.relnamespace = current_schema()::regnamespace", [table]
    )
    elems, freqs, rows = c.fetchone() or (None, None, 0)
    # Like the planner (ts_selectivity), a lexeme missing from the list counts as half the rarest listed.
    stats = {"freqs": dict(zip(elems or [], freqs or [])), "rows": max(0.0, rows or 0.0),
             "floor": min(freqs) / 2 if freqs else 0.0, "at": time.monotonic()}
    if stats["rows"] > 0 and freqs:
        _STATS[table] = stats
    return stats


def pg_estimate(c, query: str, table: str = ITEMS.doc_table) -> float:
    """At most how many documents match: each term is in no more documents than its rarest bigram."""
    stats = _pg_stats(c, table)
    if stats["rows"] <= 0:
        return 0.0  # never analysed (a new or test database): fetching is always right for few rows
    share = 1.0
    for term in text.query_terms(query):
        for kind, tokens in text.term_parts(term):
            if kind != "prefix":  # one character could be anywhere: no bound from it
                share = min(share, *(stats["freqs"].get(t, stats["floor"]) for t in tokens))
    return share * stats["rows"]


def pg_tokens(title: str, body: str) -> str:
    return text.index_tokens(title) + " " + text.index_tokens(body)


def get_backend(index: Index = ITEMS) -> Backend:
    return PostgresBackend(index) if connection.vendor == "postgresql" else SqliteBackend(index)
