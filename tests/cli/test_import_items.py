"""`gongkai import items FILE --org CODE` (import-format.md): every row or none, every bad row named."""
import datetime as dt
import io

import pytest
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import Workbook

from gongkai.audit.models import AuditEntry
from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item, Revision
from gongkai.search.selectors import search_items

from .conftest import run

HEADER = ["index_number", "title", "created_on", "published_on", "document_number", "topic", "kind", "validity", "keywords", "body"]


def import_items(path, org="gzsti"):
    return run("import", "items", str(path), "--org", org)


def test_it_publishes_rows_with_a_publication_date_and_drafts_the_others(org, csv_file):
    path = csv_file([
        HEADER,
        ["", "关于组织申报2025年度省科技计划项目的通知", "2025-03-01", "2025-03-05", "黔科通〔2025〕12号", "科技", "notice", "valid",
         "项目；科技计划", "各有关单位：\n专利权人须提交证明材料。"],
        ["", "专利导航培训班草稿", "2025-04-01", "", "", "", "news", "", "", "专利导航培训的报名安排"],
    ])
    assert import_items(path) == {"created": 2, "updated": 0}
    published = Item.objects.get(title__startswith="关于组织申报")
    assert published.status == Item.Status.PUBLISHED
    assert published.index_number == "11520000009390012X/2025-00001"
    assert published.published_on == dt.date(2025, 3, 5)
    # History keeps its date: feeds and sitemaps must not claim it appeared today.
    assert timezone.localtime(published.published_at).date() == dt.date(2025, 3, 5)
    assert published.topic.name == "科技" and published.document_number == "黔科通〔2025〕12号"
    assert published.keyword_list() == ["项目", "科技计划"]
    assert published.body == "<p>各有关单位：</p><p>专利权人须提交证明材料。</p>"
    assert list(published.steps.values_list("action", flat=True)) == ["import", "publish"]
    draft = Item.objects.get(title="专利导航培训班草稿")
    assert draft.status == Item.Status.UNPUBLISHED and draft.index_number is None
    assert draft.revisions.get().status == Revision.Status.DRAFT
    assert search_items("专利").ids == [published.pk]  # the draft is never found


def test_it_lists_every_bad_row_with_its_line_number_and_writes_nothing(org, csv_file):
    audit_before = AuditEntry.objects.count()
    path = csv_file([
        ["title", "created_on", "published_on", "topic", "kind", "validity"],
        ["好的一行", "2025-03-01", "2025-03-02", "科技", "notice", "valid"],
        ["日期写法不对", "2025/03/01", "", "", "", ""],
        ["", "2025-03-01", "", "", "", ""],
        ["好的第二行", "2025-03-01", "", "", "", ""],
        ["主题和类别都不存在", "2025-03-01", "", "不存在的主题", "奇怪的类别", "永久"],
        ["发布早于生成", "2025-03-10", "2025-03-01", "", "", ""],
        ["不存在的日期", "2025-02-30", "", "", "", ""],
    ])
    with pytest.raises(CommandError) as refused:
        import_items(path)
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert message.splitlines()[0] == "导入失败：5 行有误，未写入任何数据"
    for line, reason in [(3, "2025/03/01"), (4, "信息名称不能为空"), (6, "不存在的主题"), (6, "奇怪的类别"), (6, "永久"),
                         (7, "早于生成日期"), (8, "2025-02-30")]:
        assert any(text.startswith(f"第{line}行：") and reason in text for text in message.splitlines()), (line, reason)
    assert "第2行" not in message and "第5行" not in message
    assert not Item.objects.exists() and not Revision.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_it_accepts_gb18030_csv_with_chinese_headers(org, csv_file):
    path = csv_file([
        ["信息名称", "生成日期", "发布日期", "主题分类", "体裁/类别", "有效性", "文号", "关键词", "正文"],
        ["贵州省科技计划项目管理办法", "2023-03-10", "2023-03-15", "22", "行政规范性文件", "废止", "黔科发〔2023〕3号", "管理办法",
         "第一条 为规范科技计划项目管理，制定本办法。"],
    ], encoding="gb18030")
    assert import_items(path) == {"created": 1, "updated": 0}
    item = Item.objects.get()
    assert item.title == "贵州省科技计划项目管理办法"
    assert item.kind == "normative_document" and item.validity == "repealed" and item.topic.name == "科技"
    assert search_items("科技计划").ids == [item.pk]


def test_it_accepts_utf8_with_a_byte_order_mark(org, csv_file):
    path = csv_file([["title", "created_on"], ["带BOM的文件", "2025-01-02"]], encoding="utf-8-sig")
    assert import_items(path) == {"created": 1, "updated": 0}
    assert Item.objects.get().title == "带BOM的文件"


def test_it_reads_the_first_sheet_of_an_xlsx_file_with_real_date_cells(org, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["发布日期", "信息名称", "生成日期", "体裁", "主题分类"])
    sheet.append([dt.datetime(2024, 6, 3), "2024年度贵州省专利奖拟授奖项目公示", dt.datetime(2024, 6, 1), "公示公告", "科技"])
    sheet.append([None, None, None, None, None])  # blank rows between blocks are skipped
    sheet.append(["2024-07-01", "2024年第二季度贵州省专利统计数据", "2024-06-28", "statistics", "科技"])
    book.create_sheet("说明").append(["this sheet is not read"])
    path = tmp_path / "items.xlsx"
    book.save(path)
    assert import_items(path) == {"created": 2, "updated": 0}
    assert sorted(Item.objects.values_list("kind", "published_on")) == [
        ("project_notice", dt.date(2024, 6, 3)), ("statistics", dt.date(2024, 7, 1))]
    assert search_items("专利").count == 2


@pytest.mark.parametrize("header, message", [
    (["title", "created_on", "部门"], "表头第3列“部门”不是可识别的列名"),
    (["title", "信息名称", "created_on"], "重复"),
    (["title", "published_on"], "缺少必填列：created_on（生成日期）"),
])
def test_it_refuses_a_header_it_does_not_know(org, csv_file, header, message):
    path = csv_file([header, ["某条信息", "2025-01-02", "2025-01-03"]])
    with pytest.raises(CommandError, match=message) as refused:
        import_items(path)
    assert refused.value.returncode == 2
    assert not Item.objects.exists()


def test_it_refuses_a_file_that_is_not_a_spreadsheet_or_an_unknown_org(org, tmp_path, csv_file):
    junk = tmp_path / "items.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommandError, match="不是有效的 XLSX 文件"):
        import_items(junk)
    with pytest.raises(CommandError, match="机关 nowhere 不存在"):
        import_items(csv_file([["title", "created_on"], ["某条信息", "2025-01-02"]]), org="nowhere")


def test_it_updates_the_item_with_the_same_index_number(org, csv_file):
    number = "11520000009390012X/2017-00012"
    first = csv_file([HEADER, [number, "2017年部门预算", "2017-02-01", "2017-02-10", "", "财政", "budget", "", "预算", "初稿正文"]])
    assert import_items(first) == {"created": 1, "updated": 0}
    # The second file has fewer columns: what it does not mention stays as it was.
    second = csv_file([["索引号", "信息名称", "生成日期", "发布日期"], [number, "贵州省科技厅2017年部门预算", "2017-02-01", "2017-02-10"]],
                      name="again.csv")
    assert import_items(second) == {"created": 0, "updated": 1}
    item = Item.objects.get()
    assert item.title == "贵州省科技厅2017年部门预算" and item.index_number == number
    assert item.topic.name == "财政" and item.body == "<p>初稿正文</p>"
    assert list(item.revisions.values_list("number", "status")) == [(1, "superseded"), (2, "published")]
    assert search_items("科技厅").ids == [item.pk]


def test_it_never_shows_a_re_imported_draft_row_to_the_public(org, csv_file):
    number = "11520000009390012X/2024-00001"
    import_items(csv_file([HEADER, [number, "已发布的标题", "2024-01-02", "2024-01-03", "", "", "", "", "", "已发布的正文"]]))
    result = import_items(csv_file([["index_number", "title", "created_on"], [number, "尚未审核的新标题", "2024-01-02"]], name="draft.csv"))
    assert result == {"created": 0, "updated": 1}
    item = Item.objects.get()
    assert item.title == "已发布的标题" and item.status == Item.Status.PUBLISHED
    assert item.revisions.get(status="draft").title == "尚未审核的新标题"
    assert search_items("新标题").count == 0
    # Importing the draft again edits the same open draft rather than opening another.
    import_items(csv_file([["index_number", "title", "created_on"], [number, "再次修改的新标题", "2024-01-02"]], name="draft2.csv"))
    assert list(item.revisions.values_list("number", "status", "title")) == [
        (1, "published", "已发布的标题"), (2, "draft", "再次修改的新标题")]


def test_it_refuses_index_numbers_of_another_agency_of_a_withdrawn_item_and_twice_in_one_file(org, other_org, supervisor, csv_file):
    theirs = catalog.item_import(org=other_org, row=catalog.ImportedItem(
        data={"title": "教育厅的信息", "created_on": dt.date(2024, 1, 2)}, index_number="EDU/2024-00001",
        published_on=dt.date(2024, 1, 3)))[0]
    ours = catalog.item_import(org=org, row=catalog.ImportedItem(
        data={"title": "已撤回的信息", "created_on": dt.date(2024, 1, 2)}, index_number="STI/2024-00001",
        published_on=dt.date(2024, 1, 3)))[0]
    catalog.item_withdraw(item_id=ours.pk, by=supervisor, reason="内容有误")
    path = csv_file([
        ["index_number", "title", "created_on", "published_on"],
        ["EDU/2024-00001", "抢别人的索引号", "2024-01-02", "2024-01-03"],
        ["STI/2024-00001", "重新发布已撤回的信息", "2024-01-02", "2024-01-03"],
        ["STI/2024-00002", "第一次出现", "2024-01-02", ""],
        ["STI/2024-00002", "第二次出现", "2024-01-02", ""],
    ])
    with pytest.raises(CommandError) as refused:
        import_items(path)
    message = str(refused.value)
    assert "第2行：索引号 EDU/2024-00001 已被其他机关使用" in message
    assert "第3行：索引号 STI/2024-00001 的信息已撤回" in message
    assert "第5行：索引号 STI/2024-00002 与第4行重复" in message
    theirs.refresh_from_db()
    ours.refresh_from_db()
    assert theirs.title == "教育厅的信息" and ours.status == Item.Status.WITHDRAWN
    assert Item.objects.count() == 2


def test_it_refuses_future_publication_dates(org, csv_file):
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    path = csv_file([["title", "created_on", "published_on"], ["提前发布", "2025-01-02", tomorrow]])
    with pytest.raises(CommandError, match=f"第2行：发布日期 {tomorrow} 晚于今天"):
        import_items(path)


def test_it_numbers_history_in_date_order_without_a_query_per_row(org, csv_file):
    rows = [["title", "created_on", "published_on", "topic", "body"]]
    for n in range(300):
        day = dt.date(2023, 1, 2) + dt.timedelta(days=(n * 37) % 700)
        rows.append([f"第{n}号科技项目公示", day.isoformat(), day.isoformat(), "科技", "贵阳专利成果转化项目"])
    path = csv_file(rows)
    with CaptureQueriesContext(connection) as queries:
        assert import_items(path) == {"created": 300, "updated": 0}
    # Ten thousand rows must take seconds: a few queries per batch of rows, not ~40 per row. (The
    # search backend's own per-document writes into its full-text tables are its business.)
    ours = [q["sql"] for q in queries.captured_queries if "search_fts" not in q["sql"] and "tsvector" not in q["sql"]]
    assert len(ours) < 60, len(ours)
    ordered = list(Item.objects.order_by("published_on", "index_number").values_list("index_number", flat=True))
    by_year = {}
    for number in ordered:
        year, serial = number.split("/")[1].split("-")
        by_year.setdefault(year, []).append(int(serial))
    assert all(serials == list(range(1, len(serials) + 1)) for serials in by_year.values())
    assert search_items("成果转化").count == 300


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_long_import_shows_its_progress_on_a_terminal_and_nothing_elsewhere(org, csv_file, monkeypatch):
    """The bar goes to standard error only when it is a terminal; standard output stays one JSON document."""
    from gongkai.catalog import importing
    from gongkai.core.progress import Progress

    monkeypatch.setattr(importing, "CHUNK", 2)  # several chunks: the bar moves while writing
    rows = [HEADER] + [["", f"第{n}号通知", "2025-03-01", "2025-03-05", "", "科技", "notice", "valid", "", "正文"] for n in range(5)]
    terminal, pipe = _Terminal(), io.StringIO()
    assert importing.items_import(path=csv_file(rows), org_code="gzsti", progress=Progress(terminal, every=0)) == {"created": 5, "updated": 0}
    shown = terminal.getvalue()
    assert "写入" in shown and "5/5 行" in shown and "100.0%" in shown and shown.endswith("\n")
    assert "\r写入" in shown and shown.count("\r写入") >= 3  # drawn after each chunk, not only at the end
    importing.items_import(path=csv_file([HEADER, ["", "另一份通知", "2025-03-01", "", "", "", "", "", "", ""]]),
                           org_code="gzsti", progress=Progress(pipe, every=0))
    assert pipe.getvalue() == ""
    assert Item.objects.filter(org=org).count() == 6
