"""PostgreSQL: the index becomes exact token sets plus the folded text (decision 0072). `tsv` and
`title_tsv` hold each document's bigrams without positions, and facet lexemes for the filters, so GIN
answers a query without reading rows; `stext` and `htext` hold the text and the headline folded, for
the adjacency check of longer terms and for walking newest first; each filter column gets a
(column, published_on, id) index to walk its documents in date order. The index is rebuilt here
(reindex.rebuild, as `gongkai search reindex`). SQLite: nothing (its FTS5 tables are unchanged)."""
from django.db import migrations

TABLES = (("search_searchdocument", "item_id", "searchdoc", ("org_id", "topic_id", "kind", "department_id")),
          ("search_messagedocument", "message_id", "searchmsg", ("org_id", "kind")))


def _ddl(up: bool) -> list[str]:
    out = []
    for table, key, short, columns in TABLES:
        if up:
            out.append(f"ALTER TABLE {table} ADD COLUMN stext text NOT NULL DEFAULT '', ADD COLUMN htext text NOT NULL DEFAULT ''")
            out += [f"CREATE INDEX {short}_{col.split('_')[0]}_pub ON {table} ({col}, published_on, {key})" for col in columns]
        else:
            out += [f"DROP INDEX IF EXISTS {short}_{col.split('_')[0]}_pub" for col in columns]
            out.append(f"ALTER TABLE {table} DROP COLUMN IF EXISTS stext, DROP COLUMN IF EXISTS htext")
    return out


def up(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from gongkai.search import reindex
    from gongkai.search.backends import ITEMS, MESSAGES

    for sql in _ddl(True):
        schema_editor.execute(sql)
    for ix in (ITEMS, MESSAGES):
        with schema_editor.connection.cursor() as c:
            c.execute(f"SELECT count(*) > 50000 FROM {ix.doc_table}")
            large = c.fetchone()[0]
        if large:  # every row changes: one GIN build after is far cheaper than keeping it up row by row
            reindex.pg_gin(ix, create=False)
        reindex.rebuild(ix)
        if large:
            reindex.pg_gin(ix, create=True, log=lambda *a, **k: None)


def down(apps, schema_editor):
    """Back to positional tsvectors: run `gongkai search reindex` with the older code after going back."""
    if schema_editor.connection.vendor == "postgresql":
        for sql in _ddl(False):
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0008_tokens_across_scripts")]
    operations = [migrations.RunPython(up, down)]
