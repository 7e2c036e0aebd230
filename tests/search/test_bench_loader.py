"""The benchmark's bulk loader must leave exactly what publishing through the service leaves, or the
figures in bench/RESULTS.md would measure a different index than the one users search."""
import pytest
from django.db import connection

from bench import load
from bench.corpus import Corpus
from gongkai.catalog.models import Item
from gongkai.search.models import SearchDocument
from gongkai.search.selectors import search_items
from gongkai.search.services import search_index_item


def _index_row(item_id: int):
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SELECT tsv::text, title_tsv::text, stext, htext FROM search_searchdocument WHERE item_id = %s", [item_id])
            return c.fetchall()
        else:
            c.execute(
                "SELECT f.rowid, f.title, f.body, f.facets, t.title, t.facets FROM search_fts_keys k JOIN search_fts f ON f.rowid = k.fkey "
                "JOIN search_fts_title t ON t.rowid = k.fkey WHERE k.item_id = %s", [item_id],
            )
        return c.fetchall()


@pytest.fixture
def loaded(db):
    load.load_range(0, 30, batch=10, log=lambda *_: None)
    return list(Item.objects.filter(pk__lte=30).order_by("pk"))


def test_it_loads_what_the_publish_service_would_index(loaded):
    before = {i.pk: (_index_row(i.pk), SearchDocument.objects.filter(pk=i.pk).values().get()) for i in loaded}
    for item in loaded:
        search_index_item(item)  # what publishing does; must change nothing
    after = {i.pk: (_index_row(i.pk), SearchDocument.objects.filter(pk=i.pk).values().get()) for i in loaded}
    assert all(rows for rows, _ in before.values())
    assert after == before
    assert all(i.status == "published" and i.index_number and i.published_revision_id == i.pk for i in loaded)


def test_it_finds_loaded_items_by_a_word_inside_a_longer_word_and_never_a_draft(loaded):
    doc = Corpus().doc(7)
    word = doc.body.split("。")[0][-5:-3]  # two characters from the middle of the running text
    hidden = load.hidden_add([word], first_pk=1000)
    found = set(search_items(word, per_page=100).ids)
    assert 8 in found
    truth = {i.pk for i in loaded if word in i.title or word in i.body_text}
    assert truth <= found
    assert not found & set(hidden)


def test_it_stores_bodies_as_the_sanitiser_would():
    from gongkai.catalog.sanitize import clean_html, text_to_html

    corpus = Corpus()
    for n in range(50):
        body = text_to_html(corpus.doc(n).body)
        assert clean_html(body) == body
