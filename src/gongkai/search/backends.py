"""One search interface, two implementations (SQLite FTS5 and PostgreSQL tsvector + GIN).

Ranking, the same on both: items whose title contains every term come first, then newest first.
That is what people searching a government catalogue expect (the notice they saw quoted, the latest
version), it is stable page to page, and it costs no per-row scoring. `order="date"` is newest only.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

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


def _title_hit_sql(query: str, alias: str) -> tuple[str, list]:
    terms = text.query_terms(query)
    if not terms:
        return "0", []
    cond = " AND ".join([f"{alias}.title LIKE %s ESCAPE '\\'"] * len(terms))
    params = ["%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for t in terms]
    return f"CASE WHEN {cond} THEN 1 ELSE 0 END", params


class Backend:
    def index(self, doc: SearchDocument, title: str, body: str) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def remove(self, item_id: int) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def search(self, query: str, filters: SearchFilters, offset: int, limit: int, order: str = "relevance") -> SearchPage:
        raise NotImplementedError  # pragma: no cover


class SqliteBackend(Backend):
    def index(self, doc, title, body):
        with connection.cursor() as c:
            c.execute("DELETE FROM search_fts WHERE rowid = %s", [doc.pk])
            c.execute(
                "INSERT INTO search_fts(rowid, title, body) VALUES (%s, %s, %s)",
                [doc.pk, text.index_tokens(title), text.index_tokens(body)],
            )

    def remove(self, item_id):
        with connection.cursor() as c:
            c.execute("DELETE FROM search_fts WHERE rowid = %s", [item_id])

    def search(self, query, filters, offset, limit, order="relevance"):
        match = text.fts5_query(query)
        if match is None:
            return SearchPage()
        fsql, fparams = _filter_sql(filters, "d")
        base = f"FROM search_searchdocument d WHERE d.item_id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s){fsql}"
        with connection.cursor() as c:
            c.execute(f"SELECT COUNT(*) {base}", [match, *fparams])
            count = c.fetchone()[0]
            if count == 0 or offset >= count:
                return SearchPage([], count)
            if order == "date":
                rank, rparams = "0", []
            else:
                rank, rparams = _title_hit_sql(query, "d")
            c.execute(
                f"SELECT d.item_id, {rank} AS hit {base} ORDER BY hit DESC, d.published_on DESC, d.item_id DESC LIMIT %s OFFSET %s",
                [*rparams, match, *fparams, limit, offset],
            )
            return SearchPage([row[0] for row in c.fetchall()], count)


class PostgresBackend(Backend):
    def index(self, doc, title, body):
        tokens = text.index_tokens(title) + " " + text.index_tokens(body)
        with connection.cursor() as c:
            c.execute(
                "UPDATE search_searchdocument SET tsv = to_tsvector('simple', %s) WHERE item_id = %s",
                [tokens, doc.pk],
            )

    def remove(self, item_id):
        pass  # the row itself is deleted by the caller; the tsvector goes with it

    def search(self, query, filters, offset, limit, order="relevance"):
        tsq = text.tsquery(query)
        if tsq is None:
            return SearchPage()
        fsql, fparams = _filter_sql(filters, "d")
        # The text match runs first (MATERIALIZED): left to itself the planner walks the date index and
        # filters row by row for a rare term, about a second on a million rows (performance-floors.md).
        cte = "WITH m AS MATERIALIZED (SELECT item_id FROM search_searchdocument WHERE tsv @@ to_tsquery('simple', %s))"
        base = f"FROM search_searchdocument d JOIN m ON m.item_id = d.item_id WHERE TRUE{fsql}"
        with connection.cursor() as c:
            c.execute(f"{cte} SELECT COUNT(*) {base}", [tsq, *fparams])
            count = c.fetchone()[0]
            if count == 0 or offset >= count:
                return SearchPage([], count)
            if order == "date":
                rank, rparams = "0", []
            else:
                rank, rparams = _title_hit_sql(query, "d")
            c.execute(
                f"{cte} SELECT d.item_id, {rank} AS hit {base} ORDER BY hit DESC, d.published_on DESC, d.item_id DESC LIMIT %s OFFSET %s",
                [tsq, *rparams, *fparams, limit, offset],
            )
            return SearchPage([row[0] for row in c.fetchall()], count)


def get_backend() -> Backend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
