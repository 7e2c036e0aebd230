"""SQLite: the FTS5 rowid carries the newest-first order, filters become facet tokens, titles get their
own table (docs/decisions/0003-search-performance.md). The index is rebuilt from the published items.
PostgreSQL is left as it is."""
from django.db import migrations

SQLITE_UP = [
    "DROP TABLE IF EXISTS search_fts",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, facets, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE search_fts_title USING fts5(title, facets, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TABLE search_fts_keys (item_id INTEGER PRIMARY KEY, fkey INTEGER NOT NULL)",
]
SQLITE_DOWN = [
    "DROP TABLE IF EXISTS search_fts",
    "DROP TABLE IF EXISTS search_fts_title",
    "DROP TABLE IF EXISTS search_fts_keys",
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')",
]


def up(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for sql in SQLITE_UP:
        schema_editor.execute(sql)
    SearchDocument = apps.get_model("search", "SearchDocument")
    Item = apps.get_model("catalog", "Item")
    docs = SearchDocument.objects.order_by("pk").iterator(chunk_size=2000)
    fields = ("id", "title", "summary", "body_text", "document_number", "keywords")
    with schema_editor.connection.cursor() as c:
        batch = []
        for doc in docs:
            batch.append(doc)
            if len(batch) == 2000:
                _index(c, Item, batch, fields)
                batch = []
        _index(c, Item, batch, fields)


def _index(c, Item, docs, fields):
    from gongkai.search.backends import SQLITE_INSERTS, fts_key, fts_row, fts_title_row

    if not docs:
        return
    items = {row["id"]: row for row in Item.objects.filter(pk__in=[d.pk for d in docs]).values(*fields)}
    rows, titles, keys = [], [], []
    for doc in docs:
        it = items[doc.pk]
        body = " ".join(filter(None, [it["summary"], it["body_text"], it["document_number"], it["keywords"]]))
        rows.append(fts_row(doc, it["title"], body))
        titles.append(fts_title_row(doc, it["title"]))
        keys.append((doc.pk, fts_key(doc.published_on, doc.pk)))
    for sql, params in zip(SQLITE_INSERTS, (rows, titles, keys)):
        c.executemany(sql, params)


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_text_index"), ("catalog", "0002_topics")]
    operations = [migrations.RunPython(up, down)]
