"""PostgreSQL: keep statistics on ten times more lexemes, so that the search backend can tell a
common bigram from a rare one (PostgresBackend chooses its plan from them; decision 0003)."""
from django.db import migrations


def _run(sql):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_pg_title_tsv")]
    operations = [
        migrations.RunPython(
            _run("ALTER TABLE search_searchdocument ALTER COLUMN tsv SET STATISTICS 1000"),
            _run("ALTER TABLE search_searchdocument ALTER COLUMN tsv SET STATISTICS -1"),
        )
    ]
