"""PostgreSQL: a title-only tsvector with its own GIN index, so that "title hits first" need not read
each matching row's full tsvector (docs/decisions/0003-search-performance.md). SQLite: nothing."""
from django.db import migrations

PG_UP = [
    "ALTER TABLE search_searchdocument ADD COLUMN title_tsv tsvector",
    "CREATE INDEX search_searchdocument_title_tsv ON search_searchdocument USING GIN (title_tsv)",
]
PG_DOWN = [
    "DROP INDEX IF EXISTS search_searchdocument_title_tsv",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS title_tsv",
]


def up(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from gongkai.search.text import index_tokens

    for sql in PG_UP:
        schema_editor.execute(sql)
    SearchDocument = apps.get_model("search", "SearchDocument")
    rows = list(SearchDocument.objects.values_list("item_id", "title"))
    with schema_editor.connection.cursor() as c:
        c.executemany(
            "UPDATE search_searchdocument SET title_tsv = to_tsvector('simple', %s) WHERE item_id = %s",
            [(index_tokens(title), pk) for pk, title in rows],
        )


def down(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in PG_DOWN:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0003_sqlite_date_ordered_index")]
    operations = [migrations.RunPython(up, down)]
