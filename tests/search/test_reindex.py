"""`gongkai search reindex` (and migration 0008, which calls the same code) leaves exactly the index
that publishing writes, for items with their attachments' text and for published messages."""
import io
import json

from django.core.management import call_command
from django.db import connection

from gongkai.search.selectors import search_items


def _index_rows():
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SELECT item_id, tsv::text, title_tsv::text, stext, htext FROM search_searchdocument ORDER BY item_id")
            items = c.fetchall()
        else:
            c.execute("SELECT k.item_id, f.rowid, f.title, f.body, f.facets, t.title, t.facets FROM search_fts_keys k "
                      "JOIN search_fts f ON f.rowid = k.fkey JOIN search_fts_title t ON t.rowid = k.fkey ORDER BY k.item_id")
            items = c.fetchall()
    return items


def _spoil():
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("UPDATE search_searchdocument SET tsv = NULL, title_tsv = NULL, stext = '', htext = ''")
        else:
            c.execute("DELETE FROM search_fts")
            c.execute("DELETE FROM search_fts_title")


def test_reindex_rebuilds_what_publishing_wrote(draft, publish):
    item = publish(draft)
    before = _index_rows()
    assert before and search_items("〔2026〕12号").ids == [item.pk]
    _spoil()
    assert search_items("〔2026〕12号").ids == []
    out = io.StringIO()
    call_command("search", "reindex", stdout=out)
    assert json.loads(out.getvalue())["items"] == 1
    assert _index_rows() == before
    assert search_items("〔2026〕12号").ids == [item.pk]
