"""Bigrams across scripts and punctuation (docs/decisions/0050): every character of a run without
spaces is paired with the next, so 2026年 and 〔2026〕 keep their adjacency, and an item's 文号 ranks
with its title. The tokens change, so the index of items and messages is rebuilt here
(gongkai.search.reindex; `gongkai search reindex` does the same by hand).

PostgreSQL: the title tsvectors also get the statistics target of the full ones, for the plan of
"title hits first". The FTS5 tables keep their definition (the new tokens are letters to unicode61)."""
from django.db import migrations

PG_STATS = [
    "ALTER TABLE search_searchdocument ALTER COLUMN title_tsv SET STATISTICS 1000",
    "ALTER TABLE search_messagedocument ALTER COLUMN title_tsv SET STATISTICS 1000",
]


def up(apps, schema_editor):
    from gongkai.search import reindex
    from gongkai.search.backends import ITEMS, MESSAGES

    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_STATS:
            schema_editor.execute(sql)
        return  # the PostgreSQL index is rebuilt by 0009, in the form today's code writes (decision 0072)
    reindex.rebuild(ITEMS)
    reindex.rebuild(MESSAGES)


def down(apps, schema_editor):
    """The index keeps the new tokens (older code would not find punctuation in them): run
    `gongkai search reindex` with the older code after going back."""


class Migration(migrations.Migration):
    dependencies = [("search", "0007_messagedocument"), ("catalog", "0007_attachment_text_and_redactions"), ("interaction", "0001_initial")]
    operations = [migrations.RunPython(up, down)]
