"""Bigrams across scripts and punctuation (docs/decisions/0050): every character of a run without
spaces is paired with the next, so 2026年 and 〔2026〕 keep their adjacency, and an item's 文号 ranks
with its title. The tokens change, so the index of items and messages is rebuilt here
(gongkai.search.reindex; `gongkai search reindex` does the same by hand).

SQLite: the FTS5 tables are recreated with `_` as a token character (tokens such as `_3014_2`).
PostgreSQL: the tsvectors are written as literals (no text-search parser in between) and the title
tsvectors get the statistics target of the full ones, for the plan of "title hits first"."""
from django.db import migrations

TOKENIZE = "tokenize = \"unicode61 remove_diacritics 0 tokenchars '_'\""
FTS = {
    "search_fts": "title, body, facets", "search_fts_title": "title, facets",
    "search_msg_fts": "title, body, facets", "search_msg_fts_title": "title, facets",
}
PG_STATS = [
    "ALTER TABLE search_searchdocument ALTER COLUMN title_tsv SET STATISTICS 1000",
    "ALTER TABLE search_messagedocument ALTER COLUMN title_tsv SET STATISTICS 1000",
]


def up(apps, schema_editor):
    from gongkai.search import reindex
    from gongkai.search.backends import ITEMS, MESSAGES

    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for table, cols in FTS.items():
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
            schema_editor.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({cols}, {TOKENIZE})")
    elif vendor == "postgresql":
        for sql in PG_STATS:
            schema_editor.execute(sql)
    reindex.rebuild(ITEMS)
    reindex.rebuild(MESSAGES)


def down(apps, schema_editor):
    """Back to the tables of 0003/0007 (empty: the older tokens are not rebuilt)."""
    if schema_editor.connection.vendor == "sqlite":
        for table, cols in FTS.items():
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")
            schema_editor.execute(f"CREATE VIRTUAL TABLE {table} USING fts5({cols}, tokenize = 'unicode61 remove_diacritics 0')")
        schema_editor.execute("DELETE FROM search_fts_keys")
        schema_editor.execute("DELETE FROM search_msg_fts_keys")


class Migration(migrations.Migration):
    dependencies = [("search", "0007_messagedocument"), ("catalog", "0007_attachment_text_and_redactions"), ("interaction", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
