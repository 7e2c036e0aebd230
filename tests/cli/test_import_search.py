"""`gongkai import items` and search: an imported item is found exactly as one published through
the review chain, and an import that fails leaves nothing behind — not even rows of the text index."""
import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.catalog import importing
from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item, ReviewStep, Revision
from gongkai.core.models import Counter
from gongkai.search.backends import SearchFilters
from gongkai.search.models import SearchDocument
from gongkai.search.selectors import search_items

from .conftest import run

HEADER = ["title", "created_on", "published_on", "document_number", "topic", "kind", "keywords", "body"]
BODY = "各有关单位：\n请于2026年3月底前报送科技成果转化项目，专利权人须提交证明材料。"


def _index_rows(item_id: int) -> dict:
    """What the text index holds for one item, without its id (so two items can be compared)."""
    doc = SearchDocument.objects.filter(item_id=item_id).values().get()
    doc.pop("item_id")
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            c.execute("SELECT fkey FROM search_fts_keys WHERE item_id = %s", [item_id])
            (key,) = c.fetchone()
            c.execute("SELECT title, body, facets FROM search_fts WHERE rowid = %s", [key])
            doc["fts"] = c.fetchall()
            c.execute("SELECT title, facets FROM search_fts_title WHERE rowid = %s", [key])
            doc["fts_title"] = c.fetchall()
        else:  # every column of the row, whatever columns the PostgreSQL index has
            c.execute("SELECT * FROM search_searchdocument WHERE item_id = %s", [item_id])
            names = [col.name for col in c.description]
            doc.update({f"pg_{k}": str(v) for k, v in zip(names, c.fetchone()) if k != "item_id"})
    return doc


def _text_index_size() -> int:
    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            return sum(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                       for t in ("search_fts", "search_fts_title", "search_fts_keys"))
        c.execute("SELECT count(*) FROM search_searchdocument")
        return c.fetchone()[0]


@pytest.fixture(params=["in process", "worker pool"])
def pool(request, monkeypatch):
    """The import as a small file runs it (in process) and as a large one does (rows built and
    search tokens made by forked worker processes, importing.PARALLEL_FROM)."""
    if request.param == "worker pool":
        monkeypatch.setattr(importing, "PARALLEL_FROM", 0)
        monkeypatch.setattr(importing, "BUILD_CHUNK", 2)
    return request.param


def test_an_imported_item_is_indexed_and_found_exactly_as_one_published_through_the_chain(org, topic, clerk, publish, csv_file, pool):
    today = timezone.localdate()
    data = dict(title="关于报送2026年度科技成果转化项目的通知", created_on=today, document_number="黔科通〔2026〕7号",
                topic=topic, kind="notice", keywords="成果转化；专利",
                body="<p>各有关单位：</p><p>请于2026年3月底前报送科技成果转化项目，专利权人须提交证明材料。</p>")
    published = publish(catalog.item_create_draft(org=org, by=clerk, data=data))
    path = csv_file([HEADER, [data["title"], today.isoformat(), today.isoformat(), data["document_number"], "科技", "notice",
                              data["keywords"], BODY]])
    assert run("import", "items", str(path), "--org", org.code) == {"created": 1, "updated": 0}
    imported = Item.objects.exclude(pk=published.pk).get()
    assert imported.body == published.body and imported.body_text == published.body_text
    assert _index_rows(imported.pk) == _index_rows(published.pk)
    # Every kind of query finds both, as for any two published items.
    for query in ("成果转化", "黔科通〔2026〕7号", "2026年3月", "专利权人", "科", "报送 证明材料"):
        assert sorted(search_items(query).ids) == sorted([published.pk, imported.pk]), query
    # Same date, so the newer id first; and the agency's filter (a facet token) finds both too.
    assert search_items("成果转化").ids == [imported.pk, published.pk]
    assert search_items("成果转化", filters=SearchFilters(org_ids=[org.pk], topic_id=topic.pk, kind="notice")).ids == [
        imported.pk, published.pk]


def _rows(n: int) -> list[list[str]]:
    return [HEADER] + [[f"第{k}号科技项目立项公示", "2025-03-01", "2025-03-05" if k % 3 else "", "", "科技", "notice", "",
                        "贵阳专利成果转化项目"] for k in range(n)]


def test_a_bad_last_row_of_a_long_file_writes_nothing_and_names_the_row(org, csv_file):
    rows = _rows(2500)
    rows.append(["最后一行", "2025-03-01", "2025-13-01", "", "科技", "notice", "", "正文"])
    audit_before, index_before = AuditEntry.objects.count(), _text_index_size()
    with pytest.raises(CommandError) as refused:
        run("import", "items", str(csv_file(rows)), "--org", org.code)
    assert refused.value.returncode == 2
    lines = str(refused.value).splitlines()
    assert lines[0] == "导入失败：1 行有误，未写入任何数据"
    assert lines[1].startswith("第2502行：") and "2025-13-01" in lines[1]
    assert not Item.objects.exists() and not Revision.objects.exists() and not ReviewStep.objects.exists()
    assert _text_index_size() == index_before and search_items("成果转化").count == 0
    assert AuditEntry.objects.count() == audit_before


def test_a_failure_after_some_chunks_were_written_rolls_back_every_row_and_the_index(org, csv_file, monkeypatch):
    """A chunk written and indexed, then a failure (the disk full, the database gone): the one
    transaction takes back the items, their steps, their index numbers and their text-index rows."""
    monkeypatch.setattr(importing, "CHUNK", 3)
    write, calls = importing._write_chunk, []

    def failing(chunk, by):
        calls.append(len(chunk))
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return write(chunk, by)

    monkeypatch.setattr(importing, "_write_chunk", failing)
    audit_before, index_before = AuditEntry.objects.count(), _text_index_size()
    with pytest.raises(RuntimeError, match="disk full"):
        importing.items_import(path=csv_file(_rows(10)), org_code=org.code)
    assert calls == [3, 3, 3]
    assert not Item.objects.exists() and not Revision.objects.exists() and not ReviewStep.objects.exists()
    assert not SearchDocument.objects.exists() and _text_index_size() == index_before
    assert not Counter.objects.filter(org=org, scope="index_number").exclude(last=0).exists()
    assert AuditEntry.objects.count() == audit_before
    # The same file imports afterwards, numbered from 1 as if the failed run had never happened.
    monkeypatch.setattr(importing, "_write_chunk", write)
    assert importing.items_import(path=csv_file(_rows(10)), org_code=org.code) == {"created": 10, "updated": 0}
    assert sorted(Item.objects.exclude(index_number=None).values_list("index_number", flat=True))[0].endswith("2025-00001")
    assert search_items("成果转化").count == 6


def test_the_agencys_redaction_rules_apply_to_imported_history_as_to_anything_published(org, csv_file):
    """保密审查 of an import: a rule's match never reaches the portal or the index, in bulk (new rows)
    as row by row (re-imported index numbers)."""
    from gongkai.textguard.models import RedactionRule

    RedactionRule.objects.create(org=org, pattern=r"合同编号HT\d{6}", is_regex=True)
    RedactionRule.objects.create(org=org, pattern="王五", mode="label")
    row = ["王五项目验收结果", "2025-03-01", "2025-03-05", "", "科技", "notice", "", "合同编号HT202601已验收，负责人王五。"]
    run("import", "items", str(csv_file([HEADER, row])), "--org", org.code)
    item = Item.objects.get()
    assert item.title == "［已删除］项目验收结果"
    assert item.body_text == "█" * 12 + "已验收，负责人［已删除］。"
    assert search_items("王五").count == 0 and search_items("HT202601").count == 0
    assert search_items("验收").ids == [item.pk]
    # The revision keeps what was written (the reviewer's record); only the public copy is redacted.
    assert "王五" in item.revisions.get().title
    again = csv_file([["index_number", *HEADER], [item.index_number, *row]], name="again.csv")
    assert run("import", "items", str(again), "--org", org.code) == {"created": 0, "updated": 1}
    item.refresh_from_db()
    assert item.title == "［已删除］项目验收结果" and search_items("王五").count == 0


def test_a_bad_row_found_by_a_worker_process_writes_nothing_and_names_every_bad_row(org, csv_file, monkeypatch):
    """With the worker pool, a row refused by the item's own checks (there, not in the writing
    process, which has already written the chunks built before it) still refuses the whole file:
    exit 2, every bad row named in Chinese in the file's order, nothing written."""
    from django.core.exceptions import ValidationError

    monkeypatch.setattr(importing, "PARALLEL_FROM", 0)
    monkeypatch.setattr(importing, "BUILD_CHUNK", 4)
    monkeypatch.setattr(importing, "CHUNK", 2)
    clean, write, writes = Item.clean, importing._write_chunk, []

    def refusing(item):  # forked workers inherit the patched class
        if item.title in ("第7号科技项目立项公示", "第15号科技项目立项公示"):  # published, and a draft
            raise ValidationError({"title": "测试用的拒绝"})
        clean(item)

    def counted(chunk, by):
        writes.append(len(chunk))
        return write(chunk, by)

    monkeypatch.setattr(Item, "clean", refusing)
    monkeypatch.setattr(importing, "_write_chunk", counted)
    audit_before, index_before = AuditEntry.objects.count(), _text_index_size()
    with pytest.raises(CommandError) as refused:
        run("import", "items", str(csv_file(_rows(20))), "--org", org.code)
    assert refused.value.returncode == 2
    assert writes, "the rows built before the bad one were written, then rolled back"
    lines = str(refused.value).splitlines()
    assert lines[0] == "导入失败：2 行有误，未写入任何数据"
    assert lines[1].startswith("第9行：") and "测试用的拒绝" in lines[1]
    assert lines[2].startswith("第17行：") and "测试用的拒绝" in lines[2]
    assert not Item.objects.exists() and not Revision.objects.exists() and not ReviewStep.objects.exists()
    assert _text_index_size() == index_before and AuditEntry.objects.count() == audit_before
    assert not Counter.objects.filter(org=org, scope="index_number").exclude(last=0).exists()


def test_the_worker_pool_writes_the_same_catalogue_and_index_as_one_process(org, csv_file, monkeypatch):
    """Index numbers in date order, review steps, search rows: the same whether the rows were built
    in this process or by the pool (chunks smaller than the file, so several are gathered)."""
    def imported() -> list:
        result = run("import", "items", str(csv_file(_rows(11))), "--org", org.code)
        items = list(Item.objects.order_by("pk"))
        rows = [(i.title, i.index_number, i.status, i.body_text, ReviewStep.objects.filter(item=i).count(),
                 _index_rows(i.pk) if i.is_published else None) for i in items]
        for i in items:  # the next run starts from an empty catalogue, numbered from 1 again
            SearchDocument.objects.filter(item=i).delete()
        with connection.cursor() as c:
            if connection.vendor == "sqlite":
                for t in ("search_fts", "search_fts_title", "search_fts_keys"):
                    c.execute(f"DELETE FROM {t}")
        ReviewStep.objects.all().delete()
        Item.objects.update(published_revision=None)
        Revision.objects.all().delete()
        Item.objects.all().delete()
        Counter.objects.filter(org=org).update(last=0)
        return result, rows

    def fts_settings() -> list:
        if connection.vendor != "sqlite":
            return []
        with connection.cursor() as c:
            c.execute("SELECT k, v FROM search_fts_config UNION ALL SELECT k, v FROM search_fts_title_config ORDER BY 1")
            return [(k, v) for k, v in c.fetchall() if k in ("automerge", "hashsize")]

    alone = imported()
    before = fts_settings()
    monkeypatch.setattr(importing, "FTS_BULK_FROM", 0)  # FTS5's load settings, and put back after
    monkeypatch.setattr(importing, "PARALLEL_FROM", 0)
    monkeypatch.setattr(importing, "BUILD_CHUNK", 3)
    monkeypatch.setattr(importing, "CHUNK", 4)
    assert imported() == alone
    assert all(v in (4, 1024 * 1024) for _, v in fts_settings()) and len(fts_settings()) in (len(before), 4)


def test_a_large_import_leaves_the_planner_statistics_of_what_it_wrote(org, csv_file, monkeypatch):
    """The planner's statistics are refreshed by the import (core.planner). On a catalogue that was
    empty when they were last taken SQLite had none, and read a search page's 20 hits through the
    status index — every published item — instead of by id (36 ms instead of 0.1 ms a page at
    100,000 items, bench/RESULTS-import.md)."""
    monkeypatch.setattr(importing, "ANALYZE_FROM", 10)
    importing.items_import(path=csv_file(_rows(60)), org_code=org.code)
    with connection.cursor() as c:
        for table in ("catalog_item", "catalog_revision", "search_searchdocument"):
            if connection.vendor == "sqlite":
                c.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
                assert any(int(stat.split()[0]) >= 40 for (stat,) in c.fetchall()), table
            else:
                c.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
                assert c.fetchone()[0] >= 40, table  # -1 (never analysed) or 0 before
