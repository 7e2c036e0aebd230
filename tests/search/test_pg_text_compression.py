"""PostgreSQL keeps the folded text that each search checks its candidates against compressed with
lz4 (migration 0010, decision 0077): pglz made the long documents the dearest rows of a search.
A document written before the migration is written again by it, and is still found."""
import importlib

import pytest
from django.db import connection

from gongkai.catalog import services as catalog
from gongkai.search.selectors import search_items
from tests.conftest import item_data

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL storage setting")

# Some 6 kB of text: over the 2 kB at which PostgreSQL compresses a value.
LONG_BODY = "<p>" + "本年度科技计划项目执行情况良好，成果转化稳步推进。" * 120 + "另附黔科通〔2019〕77号执行情况。</p>"


def _compression(item_id: int) -> str | None:
    with connection.cursor() as c:
        c.execute("SELECT pg_column_compression(stext) FROM search_searchdocument WHERE item_id = %s", [item_id])
        return c.fetchone()[0]


@pytest.fixture
def long_item(org, dept, clerk, topic, publish):
    return publish(catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic, body=LONG_BODY)))


def test_a_long_document_is_kept_with_lz4_and_found(long_item):
    assert _compression(long_item.pk) == "lz4"
    assert search_items("〔2019〕77号").ids == [long_item.pk]


def test_the_migration_writes_again_what_pglz_compressed(long_item):
    with connection.cursor() as c:  # as before the migration: the column's default compression
        c.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's transaction has deferred checks pending, a migration none
        c.execute("ALTER TABLE search_searchdocument ALTER COLUMN stext SET COMPRESSION pglz")
        c.execute("UPDATE search_searchdocument SET stext = stext || '' WHERE item_id = %s", [long_item.pk])
    assert _compression(long_item.pk) == "pglz"
    migration = importlib.import_module("gongkai.search.migrations.0010_pg_text_lz4")
    with connection.schema_editor() as editor:
        migration.up(None, editor)
    assert _compression(long_item.pk) == "lz4"
    assert search_items("〔2019〕77号").ids == [long_item.pk]
