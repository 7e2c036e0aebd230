"""PostgreSQL: the folded text that every search checks its candidates against (`stext`, decision
0072) is compressed with lz4 instead of pglz (decision 0077). A quarter of the documents (those with
an attachment's text or a long body) are over the 2 kB at which PostgreSQL compresses a value, and
strpos must decompress each before it looks: pglz made those rows the dearest part of a search (a
filtered search at 1,000,000 items spends most of its time there). lz4 decompresses several times
faster; the values are about 8 % larger.

The setting applies to values written from now on. Those already compressed with pglz are written
again here when the table is small; on a large one (over REWRITE_MAX rows, where rewriting a
quarter of the rows with their index entries would hold the deploy for minutes) `gongkai search
reindex` rewrites them. A server built without lz4 keeps pglz (nothing else changes). SQLite: nothing."""
from django.db import migrations

TABLES = ("search_searchdocument", "search_messagedocument")
REWRITE_MAX = 50_000


def _lz4(c) -> bool:
    c.execute("SELECT 'lz4' = ANY(enumvals) FROM pg_settings WHERE name = 'default_toast_compression'")
    row = c.fetchone()
    return bool(row and row[0])


def up(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as c:
        if not _lz4(c):
            return
        for table in TABLES:
            c.execute(f"ALTER TABLE {table} ALTER COLUMN stext SET COMPRESSION lz4")
            c.execute(f"SELECT count(*) <= %s FROM {table}", [REWRITE_MAX])
            if c.fetchone()[0]:
                # `|| ''` makes a new value, which is compressed by the column's setting (a value
                # copied as it is keeps the compression it has).
                c.execute(f"UPDATE {table} SET stext = stext || '' WHERE pg_column_compression(stext) = 'pglz'")


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as c:
            for table in TABLES:
                c.execute(f"ALTER TABLE {table} ALTER COLUMN stext SET COMPRESSION default")


class Migration(migrations.Migration):
    dependencies = [("search", "0009_pg_token_sets_and_text")]
    operations = [migrations.RunPython(up, down)]
