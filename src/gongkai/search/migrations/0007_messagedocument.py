"""The index of published messages (回应关切), built like the catalogue's (decision 0011): on SQLite
FTS5 tables of their own ordered by the day of the answer; on PostgreSQL a tsvector and a title
tsvector with GIN indexes on the document table, with the same statistics target."""

import django.db.models.deletion
from django.db import migrations, models


SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_msg_fts USING fts5(title, body, facets, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE VIRTUAL TABLE search_msg_fts_title USING fts5(title, facets, tokenize = 'unicode61 remove_diacritics 0')",
    "CREATE TABLE search_msg_fts_keys (message_id INTEGER PRIMARY KEY, fkey INTEGER NOT NULL)",
]
SQLITE_DOWN = ["DROP TABLE IF EXISTS search_msg_fts", "DROP TABLE IF EXISTS search_msg_fts_title",
               "DROP TABLE IF EXISTS search_msg_fts_keys"]
PG_UP = [
    "ALTER TABLE search_messagedocument ADD COLUMN tsv tsvector",
    "ALTER TABLE search_messagedocument ADD COLUMN title_tsv tsvector",
    "CREATE INDEX search_messagedocument_tsv ON search_messagedocument USING GIN (tsv)",
    "CREATE INDEX search_messagedocument_title_tsv ON search_messagedocument USING GIN (title_tsv)",
    "ALTER TABLE search_messagedocument ALTER COLUMN tsv SET STATISTICS 1000",
]
PG_DOWN = []  # the columns go with the table


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('interaction', '0001_initial'),
        ('search', '0006_chinese_model_names'),
    ]

    operations = [
        migrations.CreateModel(
            name='MessageDocument',
            fields=[
                ('org_id', models.BigIntegerField(db_index=True)),
                ('department_id', models.BigIntegerField(null=True)),
                ('topic_id', models.BigIntegerField(null=True)),
                ('kind', models.CharField(max_length=40)),
                ('year', models.PositiveIntegerField()),
                ('published_on', models.DateField()),
                ('title', models.CharField(max_length=300)),
                ('message', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_document', serialize=False, to='interaction.message')),
            ],
            options={
                'verbose_name': '留言检索文档',
                'verbose_name_plural': '留言检索文档',
                'indexes': [models.Index(fields=['published_on', 'message'], name='searchmsg_pub')],
            },
        ),
        migrations.RunPython(_run({"sqlite": SQLITE_UP, "postgresql": PG_UP}), _run({"sqlite": SQLITE_DOWN})),
    ]
