"""One search interface, two implementations (SQLite FTS5 and PostgreSQL tsvector + GIN), over one
or the other kind of document (`Index`: catalogue items, or published messages) with the same code.

Ranking, the same on both: items whose title or 文号 contains every term come first, then newest
first (decision 0050). That is what people searching a government catalogue expect (the notice they
saw quoted, the latest version), it is stable page to page, and it costs no per-row scoring.
`order="date"` is newest only.
"""
from __future__ import annotations

import datetime as dt
import re
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
    # "超过 1000 条"; later pages are still served (every match stays reachable) until one comes back short.
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
# this many, the count is a lower bound (docs/decisions/0003) and the page says "超过 N 条". On
# PostgreSQL the matches up to it are fetched through GIN and each checked against the text: the
# posting lists and 10–12 µs a row. 5,000 cost a filtered search up to 50 ms (decision 0075); 2,000
# still let a frequent word under a narrow filter (an agency, a year and a topic) fetch 1,500–1,800
# rows, 50 ms at 2,000,000 items, where a walk of the filter's date index fills the page in a few
# (decision 0077). Fifty pages of twenty is more than anyone reads through.
COUNT_CAP = 1000
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


def _filter_sql(f: SearchFilters, alias: str, placeholder: str = "%s", indexed: bool = True) -> tuple[str, list]:
    """The filters as SQL on ALIAS's columns. INDEXED=False writes each so that no index can serve it
    (`org_id + 0`, `kind || ''`): a test of rows another scan found, which the planner must not
    turn into a second index scan ANDed with it (25 ms at 500,000 items for a kind)."""
    where, params = [], []
    num, txt = ("", "") if indexed else (" + 0", " || ''")
    if f.org_ids:
        where.append(f"{alias}.org_id{num} IN ({', '.join([placeholder] * len(f.org_ids))})")
        params.extend(f.org_ids)
    for col, val in (("topic_id", f.topic_id), ("year", f.year), ("department_id", f.department_id), ("kind", f.kind)):
        if val is not None and val != "":
            where.append(f"{alias}.{col}{txt if col == 'kind' else num} = {placeholder}")
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
                ids += self._keys(c, fts, f"({{title body}} : ({m}) NOT title : ({m})){facets}", 0, n - len(ids))
            page.ids = ids[offset:n]
            return page


class PostgresBackend(Backend):
    """A GIN index of exact token sets, then an adjacency check on the text itself (decision 0072).

    Each document row holds `tsv`, the *set* of its bigrams (no positions) plus facet lexemes for
    the filters (#o12 #t5 #y2024 #d7 #kpolicy); `title_tsv`, the same of its headline; and `stext` /
    `htext`, its whole text and its headline folded (text.fold). A query is the AND of every term's
    bigrams and the filters' facets: GIN answers that exactly, without reading the rows (no phrase
    operator, no weights, so no recheck of a TOASTed tsvector). A term of three or more characters
    must also be a substring: `strpos(stext, term) > 0` on the candidates, which is the definition of
    a match itself (text.contains) and costs one read of about a kilobyte of text.

    The plan, chosen here from the index statistics (pg_stats of tsv and title_tsv, kept by ANALYZE):
    estimated at most COUNT_CAP matches — they are fetched through GIN once, counted and sorted, title
    hits first; more — a date-ordered index (the filters' own (column, published_on, id) index when
    there is a filter) is walked newest first, each row checked with strpos until the page is full,
    and the count is given as COUNT_CAP with `more`. Title hits come first in both (_titles_first).
    """

    def index(self, doc, title, body):
        f = pg_fields(doc, title, body)
        with connection.cursor() as c:
            c.execute(
                f"UPDATE {self.ix.doc_table} SET tsv = {PG_VECTOR}, title_tsv = {PG_VECTOR}, stext = %s, htext = %s "
                f"WHERE {self.ix.key} = %s",
                [f["tokens"], f["facets"], f["title_tokens"], f["facets"], f["stext"], f["htext"], doc.pk],
            )

    def remove(self, item_id):
        pass  # the row itself is deleted by the caller; its text and tsvectors go with it

    def _fetched(self, c, q: "PgQuery", order, offset, limit) -> tuple[int, list[int]]:
        """(count up to COUNT_CAP + 1, the page): the matches are read once, for both."""
        hit, hit_params = (q.contains("d.htext")) if order != "date" else ("FALSE", [])
        verify, verify_params = q.checked("d.stext")
        rows, rows_params = q.row_filter
        t, k = self.ix.doc_table, self.ix.key
        c.execute(
            f"WITH m AS MATERIALIZED (SELECT d.{k} AS id, d.published_on, {hit} AS hit FROM {t} d "
            f"WHERE d.tsv @@ %s::tsquery{rows}{verify} LIMIT {COUNT_CAP + 1}) "
            "SELECT (SELECT count(*) FROM m), ARRAY(SELECT id FROM m ORDER BY hit DESC, published_on DESC, id DESC LIMIT %s OFFSET %s)",
            [*hit_params, q.gin(c, t, "tsv"), *rows_params, *verify_params, limit, offset],
        )
        count, ids = c.fetchone()
        return count, list(ids)

    def search(self, query, filters, offset, limit, order="relevance", count=None):
        q = PgQuery.of(query, filters)
        if q is None:
            return SearchPage()
        with _read_cursor() as c:
            many = False  # known to have more than COUNT_CAP matches: not to be fetched through GIN again
            if q.estimate(c, self.ix.doc_table, "tsv") <= COUNT_CAP:
                count, ids = self._fetched(c, q, order, offset, limit)
                if count <= COUNT_CAP:
                    return SearchPage(ids, count)
                many = True
            # More than COUNT_CAP matches (or statistics behind the data): the page is found newest
            # first, year by year (_ordered), and the count is given as COUNT_CAP with `more`.
            sides = _Sides(q)
            if order == "date":
                ids, _ = self._ordered(c, q, filters, sides.every, offset, limit, many)
                return SearchPage(ids, COUNT_CAP, more=True)
            # Title (or 文号) hits first, then the body hits, each newest first; the number of title
            # hits is needed only on the page where they run out, and is known there.
            ids, n_titles = self._ordered(c, q, filters, sides.title, offset, limit)
            if len(ids) < limit:
                more, _ = self._ordered(c, q, filters, sides.body_only, max(0, offset - n_titles), limit - len(ids), many)
                ids += more
            return SearchPage(ids, COUNT_CAP, more=True)

    def _ordered(self, c, q: "PgQuery", filters: SearchFilters, side: "_Side", offset: int, n: int,
                 many: bool = False) -> tuple[list[int], int | None]:
        """Matches offset … offset + n − 1 of SIDE, newest first, and how many there are in all when
        fewer than offset + n were found (None otherwise). MANY: a fetch of every match through the
        tsv index has just found more than COUNT_CAP, whatever the statistics say (SIDE, of the
        same index, is not fetched whole again: that cost a second fetch of COUNT_CAP rows).

        Few by the statistics: all are fetched through GIN and sorted. Else year by year, from the
        newest: a walk of at most WALK_ROWS rows of the year, newest first, on the filter's own date
        index, each tested with strpos — enough for a frequent word, and it stops as soon as the page
        is full; when the walk falls short, the year's matches are fetched through GIN with the
        year's facet (its candidates only, sorted). A newest-first walk alone is unbounded: a phrase
        such as 〔2019〕 or 2019年度 is found almost only among the items of its own year, so the walk
        read every newer item first (2 s at 500,000 items)."""
        t, k = self.ix.doc_table, self.ix.key
        need = offset + n
        fsql, fparams = _filter_sql(SearchFilters(org_ids=filters.org_ids, topic_id=filters.topic_id,
                                                  department_id=filters.department_id, kind=filters.kind), "d")
        cond, cond_params = side.walk
        verify, verify_params = side.verify

        rows, rows_params = q.row_filter
        if not (many and side.gin == "tsv") and q.estimate(c, t, side.gin) <= side.fetch_up_to(c, t):
            c.execute(f"WITH m AS MATERIALIZED (SELECT d.{k} AS id, d.published_on FROM {t} d "
                      f"WHERE d.{side.gin} @@ %s::tsquery{rows}{verify} LIMIT {COUNT_CAP + 1}) "
                      "SELECT ARRAY(SELECT id FROM m ORDER BY published_on DESC, id DESC)",
                      [q.gin(c, t, side.gin), *rows_params, *verify_params])
            every = list(c.fetchone()[0])
            if len(every) <= COUNT_CAP:
                return every[offset:need], len(every)
        if filters.year:
            years = [int(filters.year)]
        else:
            c.execute(f"SELECT min(published_on), max(published_on) FROM {t}")
            first, last = c.fetchone()
            years = list(range(last.year, first.year - 1, -1)) if first else []
        got: list[int] = []
        named = q.year_named()
        if not filters.year and named is not None and years and years[-1] <= named < years[0]:
            # A term that names a year (〔2025〕, 2019年度) is found mostly in the items of that year
            # and in few newer ones: the newer years' matches are fetched in one query, and the walk
            # starts at the named year. Asked year by year, each newer year cost a GIN scan of the
            # same long posting lists (3 ms each at 500,000 items), and the named year's own GIN
            # fetch was thrown away when it held more than YEAR_CAP (15 ms).
            newer = [f"#y{y}" for y in years if y > named]
            n_newer, found = self._year_fetch(c, q, side, q.gin(c, t, side.gin, any_of=newer, limit=YEAR_CAP + 1), need)
            if n_newer <= YEAR_CAP:  # all of them: the rest is in the named year and older ones
                got = list(found)
                if len(got) >= need:
                    return got[offset:need], None
                years = [y for y in years if y <= named]
        walk_first = True  # in the newest year, and after a year whose matches were too many to fetch
        for year in years:
            want = need - len(got)
            span = [*fparams, dt.date(year, 1, 1), dt.date(year, 12, 31)]
            found = None
            if walk_first:
                c.execute(
                    f"SELECT id FROM (SELECT d.{k} AS id, {cond} AS ok FROM {t} d WHERE TRUE{fsql} AND d.published_on BETWEEN %s AND %s "
                    f"ORDER BY d.published_on DESC, d.{k} DESC LIMIT {WALK_ROWS}) w WHERE ok LIMIT %s", [*cond_params, *span, want])
                found = [r[0] for r in c.fetchall()]
                found = found if len(found) == want else None
            if found is None:  # the year's matches through GIN, if there are not too many of them
                year_q = q.gin(c, t, side.gin, any_of=[] if filters.year else [f"#y{year}"], limit=YEAR_CAP + 1)
                n_year, found = self._year_fetch(c, q, side, year_q, want)
                walk_first = n_year > YEAR_CAP
                if walk_first:  # many: they come often enough in the year for a walk of it
                    c.execute(f"SELECT d.{k} FROM {t} d WHERE TRUE{fsql} AND d.published_on BETWEEN %s AND %s AND {cond} "
                              f"ORDER BY d.published_on DESC, d.{k} DESC LIMIT %s", [*span, *cond_params, want])
                    found = [r[0] for r in c.fetchall()]
            got += found
            if len(got) >= need:
                return got[offset:need], None
        return got[offset:need], len(got)

    def _year_fetch(self, c, q: "PgQuery", side: "_Side", gin_query: str, want: int) -> tuple[int, list[int]]:
        """SIDE's matches of GIN_QUERY (a query narrowed to some years by their facets), at most
        YEAR_CAP + 1 of them: how many, and the newest WANT."""
        t, k = self.ix.doc_table, self.ix.key
        verify, verify_params = side.verify
        rows, rows_params = q.row_filter
        c.execute(f"WITH m AS MATERIALIZED (SELECT d.{k} AS id, d.published_on FROM {t} d "
                  f"WHERE d.{side.gin} @@ %s::tsquery{rows}{verify} LIMIT {YEAR_CAP + 1}) "
                  "SELECT (SELECT count(*) FROM m), ARRAY(SELECT id FROM m ORDER BY published_on DESC, id DESC LIMIT %s)",
                  [gin_query, *rows_params, *verify_params, want])
        n, ids = c.fetchone()
        return n, list(ids)


_YEAR = re.compile(r"(?<![0-9])(?:199[0-9]|20[0-9]{2})(?![0-9])")

# A bigram in more than this share of the documents is left out of a longer term's GIN query (PgQuery.gin).
GIN_COMMON = 0.25
# A candidate row fetched and checked costs about as much as this many posting-list entries read by the
# GIN scan (at 500,000 items: 6–10 µs a row, 15–40 ns an entry; decision 0076). PgQuery.gin weighs the
# pieces found in more than DROP_SHARE of the documents by it.
ROW_ENTRIES = 400
DROP_SHARE = 0.5
# Rows of one year a walk reads before it asks GIN for the year's matches: a word in more than a few
# per cent of the documents fills a page well within it (0.5–5 ms); a rarer one costs this many reads.
WALK_ROWS = 500
# Matches of one year fetched through GIN and sorted, at most; past it the year is walked.
YEAR_CAP = 1000


@dataclass
class _Side:
    """One ordered list of a query's matches: as SQL that tests a row (walk), the GIN column that
    gives a superset, and what those candidates must also pass (verify)."""

    walk: tuple[str, list]
    gin: str
    verify: tuple[str, list]
    titles: bool = False

    def fetch_up_to(self, c, table: str) -> float:
        """Fetching and sorting T matches costs about T row reads. For title hits, walking for a page
        of them costs about limit × N / T: the two meet near √(8N) (a walk step is cheaper)."""
        if not self.titles:
            return COUNT_CAP
        return min(COUNT_CAP, max(1000, int((8 * _pg_stats(c, table, "title_tsv")["rows"]) ** 0.5)))


class _Sides:
    def __init__(self, q: "PgQuery"):
        title, body = q.contains("d.htext"), q.contains("d.stext")
        self.every = _Side(body, "tsv", q.checked("d.stext"))
        self.title = _Side(title, "title_tsv", q.checked("d.htext"), titles=True)
        verify, params = q.checked("d.stext")
        self.body_only = _Side((f"{body[0]} AND NOT ({title[0]})", [*body[1], *title[1]]), "tsv",
                               (f"{verify} AND NOT ({title[0]})", [*params, *title[1]]))


@dataclass
class PgQuery:
    """A query as PostgreSQL runs it (decision 0072): the GIN part and the substring part."""

    terms: list[str]        # every term, folded: what strpos must find (the definition of a match)
    # The terms of two or more characters: strpos checks each on every candidate row (checked()), so
    # gin() may leave any of their bigrams out of the index scan, and the order of a longer term's
    # bigrams, which GIN cannot know, is checked too.
    checked_terms: list[str]
    clauses: list[list[str]] = field(default_factory=list)  # per term its tokens; per filter its facets
    parts: list[str] = field(default_factory=list)  # per clause its piece of the tsquery (gin() ANDs them)
    # The filters as a test of the row (" AND d.org_id IN (…) …", parameters): every statement that
    # fetches through gin() applies it, so gin() may leave a filter's facets out of the index scan.
    row_filter: tuple[str, list] = ("", [])
    _stats: dict = field(default_factory=dict)  # statistics read for this query, per (table, column)

    def stats(self, c, table: str, column: str) -> dict:
        """_pg_stats, read at most once per query (a table never analysed is not kept across queries)."""
        if (table, column) not in self._stats:
            self._stats[(table, column)] = _pg_stats(c, table, column)
        return self._stats[(table, column)]

    @classmethod
    def of(cls, query: str, filters: SearchFilters) -> "PgQuery | None":
        parts, terms, checked_terms, clauses = [], [], [], []
        for term in text.query_terms(query):
            for kind, tokens in text.term_parts(term):
                if kind == "prefix":
                    parts.append(f"'{tokens[0]}':*")
                    clauses.append([])  # one character could be anywhere: no bound from it
                else:
                    parts.append(" & ".join(f"'{t}'" for t in tokens))
                    clauses.append(tokens)
                    checked_terms.append(term)
                terms.append(term)
        if not parts:
            return None
        for facets in pg_filter_facets(filters):
            parts.append("(" + " | ".join(f"'{f}'" for f in facets) + ")")
            clauses.append(facets)
        return cls(terms, checked_terms, clauses, parts, _filter_sql(filters, "d", indexed=False))

    def year_named(self) -> int | None:
        """The newest year a term names (four digits from 1990 to 2099 not inside a longer number), if any."""
        years = [int(y) for term in self.terms for y in _YEAR.findall(term)]
        return max(years) if years else None

    def gin(self, c, table: str, column: str, any_of: list[str] = (), limit: int | None = None) -> str:
        """The tsquery to give COLUMN's GIN index, for a statement that stops at LIMIT matches
        (COUNT_CAP + 1 when None). ANY_OF: lexemes of which one must be there (the facets of one
        year or of several), always in it.

        The rows fetched are checked against every term (checked()) and every filter (row_filter)
        whatever GIN kept, so every other piece is optional. Of a longer term only its rarest
        bigrams are taken (a bigram in most documents narrows nothing). A piece found in most
        documents — 信息技术's rarest bigram is in 81 % of them, the topic 科技 in 64 % — is
        left out too when its posting list costs more than the rows it could rule out: a row read
        costs about ROW_ENTRIES entries, and leaving out a piece of share s brings at most
        (1/s − 1) × LIMIT more rows (decision 0076). Only pieces that common are weighed, because a
        rarer one may rule out far more than its share says (〔2025〕 and the year 2025 go together)."""
        stats = self.stats(c, table, column)
        n = stats["rows"]
        fixed = ["(" + " | ".join(f"'{x}'" for x in any_of) + ")"] if any_of else []
        if n <= 0:  # never analysed (a new or small database, where the scan is cheap): all of it
            return " & ".join(self.parts + fixed)
        share = lambda t: stats["freqs"].get(t, stats["floor"])  # noqa: E731
        limit = (COUNT_CAP + 1) if limit is None else limit
        pieces = []  # (share, piece) of everything but ANY_OF and one-character prefixes
        for part, tokens in zip(self.parts, self.clauses):
            if not tokens:
                fixed.append(part)  # a one-character prefix: no statistics to weigh it by
            elif tokens[0].startswith("#"):
                pieces.append((_clause_share(stats, tokens), part))
            else:
                ranked = sorted(set(tokens), key=share)
                pieces += [(share(t), f"'{t}'") for i, t in enumerate(ranked[:3]) if i == 0 or share(t) < GIN_COMMON]
        pieces.sort()
        kept = [part for s, part in pieces if s < DROP_SHARE or s * n / ROW_ENTRIES <= (1 / s - 1) * limit]
        if not kept and not fixed:
            kept = [pieces[0][1]]
        return " & ".join(fixed + kept)

    def contains(self, column: str) -> tuple[str, list]:
        """SQL (and parameters) true when COLUMN holds every term."""
        return " AND ".join([f"strpos({column}, %s) > 0"] * len(self.terms)), list(self.terms)

    def checked(self, column: str) -> tuple[str, list]:
        """" AND …" testing the rows GIN gave for every term of two or more characters: GIN may have
        left out some of its bigrams (gin()), and cannot know their order."""
        return "".join(f" AND strpos({column}, %s) > 0" for _ in self.checked_terms), list(self.checked_terms)

    def estimate(self, c, table: str, column: str) -> float:
        """At most about how many rows match: a term is in no more documents than its rarest bigram;
        terms and filters are taken as independent (a filter's facets are alternatives, summed),
        except where one implies the other (decision 0076): a division's documents are all its
        agency's, so with a division the agency narrows nothing more; and a term that names a year
        (〔2025〕) is found mostly in that year's documents, so the filter of that year narrows it
        little. Multiplied in, each made the estimate 10–17 times too small, and a fetch of
        COUNT_CAP rows was thrown away."""
        stats = self.stats(c, table, column)
        if stats["rows"] <= 0:
            return 0.0  # never analysed (a new or test database): fetching is always right for few rows
        share = 1.0
        division = any(tokens and tokens[0].startswith("#d") for tokens in self.clauses)
        named = self.year_named()
        for i, tokens in enumerate(self.clauses):
            if not tokens or (division and tokens[0].startswith("#o")) or tokens == [f"#y{named}"]:
                continue
            share *= _clause_share(stats, tokens)
        return share * stats["rows"]


def _clause_share(stats: dict, tokens: list[str]) -> float:
    """The share of documents a clause lets through: a filter's facets are alternatives (summed); a
    term is in no more documents than its rarest bigram."""
    freqs = [stats["freqs"].get(t, stats["floor"]) for t in tokens]
    return min(1.0, sum(freqs)) if tokens[0].startswith("#") else min(freqs)


_STATS: dict[tuple[str, str], dict] = {}  # per document table and tsvector column
STATS_TTL = 300.0  # seconds; ANALYZE itself runs far less often


def _pg_stats(c, table: str = ITEMS.doc_table, column: str = "tsv") -> dict:
    """Share of documents holding each common lexeme (pg_stats, kept by ANALYZE), and the row count.
    Reading the list costs about 5 ms (10,000 lexemes), so each process keeps it for STATS_TTL once
    the table has been analysed; a table never analysed has nothing worth keeping. (A statistic, not
    a state: a stale one only makes a plan slower, never a result different.)"""
    kept = _STATS.get((table, column))
    if kept and time.monotonic() - kept["at"] < STATS_TTL:
        return kept
    c.execute(
        "SELECT s.most_common_elems::text::text[], s.most_common_elem_freqs, c.reltuples FROM pg_class c "
        "LEFT JOIN pg_stats s ON s.tablename = c.relname AND s.attname = %s AND s.schemaname = current_schema() "
        "WHERE c.relname = %s AND c.relnamespace = current_schema()::regnamespace", [column, table]
    )
    elems, freqs, rows = c.fetchone() or (None, None, 0)
    # Like the planner (ts_selectivity), a lexeme missing from the list counts as half the rarest listed.
    stats = {"freqs": dict(zip(elems or [], freqs or [])), "rows": max(0.0, rows or 0.0),
             "floor": min(freqs) / 2 if freqs else 0.0, "at": time.monotonic()}
    if stats["rows"] > 0 and freqs:
        _STATS[(table, column)] = stats
    return stats


# The tokens become a set of lexemes on the server: its parser keeps each token whole (text.MARK), in
# C — far cheaper than a literal written in Python for millions of rows; strip() drops the positions
# (no query reads them: adjacency is checked on the text). The facets are lexemes as they are.
def pg_vector(tokens: str, facets: str) -> str:
    """The SQL of a tsv or title_tsv from the SQL of its token string and of its facets' array."""
    return f"strip(to_tsvector('simple', {tokens})) || array_to_tsvector({facets})"


PG_VECTOR = pg_vector("%s", "%s::text[]")


def pg_facets(doc) -> list[str]:
    """The filter values of a document as lexemes. '#' never starts a text token (text._unit writes
    it ꀀ23ꀀ), so no query word can match one."""
    kind = "".join(ch for ch in (doc.kind or "") if ch.isalnum() or ch == "_")
    return [f"#o{doc.org_id}", f"#t{doc.topic_id or 0}", f"#y{doc.year}", f"#d{doc.department_id or 0}", f"#k{kind}"]


def pg_filter_facets(f: SearchFilters) -> list[list[str]]:
    """The filters as facet lexemes, one list of alternatives per filter."""
    out = []
    if f.org_ids:
        out.append([f"#o{int(o)}" for o in f.org_ids])
    for prefix, val in (("t", f.topic_id), ("y", f.year), ("d", f.department_id)):
        if val is not None and val != "":
            out.append([f"#{prefix}{int(val)}"])
    if f.kind:
        out.append(["#k" + "".join(ch for ch in str(f.kind) if ch.isalnum() or ch == "_")])
    return out


def pg_fields(doc, title: str, body: str) -> dict:
    """What the PostgreSQL index holds of a document: its tokens (title then body), its headline's
    tokens, its facets, and its text and headline folded — a newline apart, which no term holds, so
    no term is found across the two."""
    head = text.index_tokens(title)
    return {"tokens": f"{head} {text.index_tokens(body)}", "title_tokens": head, "facets": pg_facets(doc),
            "stext": text.fold(f"{title}\n{body}"), "htext": text.fold(title)}


def get_backend(index: Index = ITEMS) -> Backend:
    return PostgresBackend(index) if connection.vendor == "postgresql" else SqliteBackend(index)
