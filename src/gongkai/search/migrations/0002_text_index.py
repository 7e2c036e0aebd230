"""The full-text index, in the form each database does best (see docs/decisions/0002-search.md)."""
from django.db import migrations

SQLITE_UP = [
    # Tokens are written by gongkai.search.text.index_tokens: Han bigrams + last character of each run,
    # lower-cased Latin words, all space-separated, so unicode61 only has to split on spaces.
    "CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 0')",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS search_fts"]
PG_UP = [
    "ALTER TABLE search_searchdocument ADD COLUMN tsv tsvector",
    "CREATE INDEX search_searchdocument_tsv ON search_searchdocument USING GIN (tsv)",
]
PG_DOWN = ["DROP INDEX IF EXISTS search_searchdocument_tsv", "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS tsv"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [
        migrations.RunPython(_run({"sqlite": SQLITE_UP, "postgresql": PG_UP}), _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN})),
    ]
