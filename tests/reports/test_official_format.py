"""The report's DOCX and XLSX in the official format (国办公开办函〔2021〕30号), read back: table 二 in
the four blocks of 第二十条, table 三 with 法人或其他组织 over five columns and the row group
三、本年度办理结果, table 四 as one row of 15; merged cells, widths within A4 portrait, official
fonts with fallbacks, page numbers; HTML, DOCX and JSON saying the same in every prose section. With
LibreOffice installed, the DOCX is rendered to PDF and its pages counted."""
import io
import json
import shutil
import subprocess

import pytest
from django.core.management import call_command
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length
from openpyxl import load_workbook

from gongkai.reports.annual import annual_figures
from gongkai.reports.exports import render_docx, render_html, render_xlsx
from gongkai.reports.layout import TEXT_WIDTH_CM, prose_blocks, report_grids

from .test_annual_figures import three_years  # noqa: F401 - fixture

PROSE = {"overview": "（一）主动公开\n全年主动公开政府信息120条。\n（二）依申请公开\n新收申请5件。",
         "problems": "公开渠道单一。\n下一步拓展政务新媒体。", "other_matters": ""}


@pytest.fixture
def figures(org, three_years):
    return annual_figures(org, 2025)


@pytest.fixture
def docx(org, figures):
    return Document(io.BytesIO(render_docx(org.name, 2025, figures, PROSE)))


def spans(table) -> set[tuple[int, int, int, int]]:
    """The merged cells of a Word table as (first row, first col, last row, last col), read from the
    XML: python-docx returns one cell object for every position a merged cell covers."""
    seen: dict = {}  # keyed by the <w:tc> element itself, which the dict keeps alive
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            seen.setdefault(cell._tc, []).append((r, c))
    return {(min(r for r, _ in ps), min(c for _, c in ps), max(r for r, _ in ps), max(c for _, c in ps))
            for ps in seen.values() if len(ps) > 1}


def test_the_tables_have_the_official_shape(docx, figures):
    proactive, applications, reviews = docx.tables
    assert [row.cells[0].text for row in proactive.rows if row.cells[0].text.startswith("第二十条")] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert (len(applications.columns), len(applications.rows)) == (10, 28)
    assert applications.cell(1, 4).text == "法人或其他组织" and applications.cell(2, 4).text == "商业企业"
    assert applications.cell(5, 0).text == "三、本年度办理结果" and applications.cell(26, 1).text == "（七）总计"
    assert applications.cell(7, 1).text == "（三）不予公开" and applications.cell(7, 2).text == "1.属于国家秘密"
    assert [applications.cell(r, 1).text for r in (15, 18, 23)] == ["（四）无法提供", "（五）不予处理", "（六）其他处理"]
    assert (len(reviews.columns), len(reviews.rows)) == (15, 4)
    assert reviews.cell(0, 0).text == "行政复议" and reviews.cell(0, 5).text == "行政诉讼"
    assert reviews.cell(1, 5).text == "未经复议直接起诉" and reviews.cell(1, 10).text == "复议后起诉"
    rev = figures["reviews"]
    assert [c.text for c in reviews.rows[3].cells] == [str(rev[k][r]) for k in ("reconsideration", "litigation_direct",
                                                        "litigation_after_reconsideration")
                                                      for r in ("upheld", "corrected", "other", "pending", "total")]


def test_the_merged_cells_are_those_of_the_format(docx, figures):
    grids = report_grids(figures)
    for table, key in zip(docx.tables, ("proactive", "applications", "reviews")):
        assert spans(table) == grids[key].merges()
    merged = spans(docx.tables[1])
    assert {(0, 0, 2, 2), (0, 3, 0, 9), (1, 4, 1, 8), (1, 3, 2, 3), (1, 9, 2, 9)} <= merged  # the head
    assert (5, 0, 26, 0) in merged and (7, 1, 14, 1) in merged  # 三、本年度办理结果 and （三）不予公开
    assert (0, 5, 0, 14) in spans(docx.tables[2])  # 行政诉讼 over ten columns


def test_the_widths_fit_a4_portrait_and_the_labels_have_room(docx):
    section = docx.sections[0]
    text_width = Length(section.page_width - section.left_margin - section.right_margin).cm
    assert round(text_width, 1) == TEXT_WIDTH_CM
    for table in docx.tables:
        widths = [col.width.cm for col in table.columns]
        assert sum(widths) <= text_width + 0.05
        assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    apps = [c.width.cm for c in docx.tables[1].columns]
    # The longest sub-item (（六）2., 35 characters) in 9 pt (0.32 cm a character) on 4.9 cm: 3 lines.
    assert apps[2] >= 4.8 and min(apps[3:]) >= 1.1
    assert docx.tables[0].columns[0].width.cm >= 5.5


def test_the_fonts_are_the_official_ones_with_fallbacks_and_pages_are_numbered(docx):
    title = docx.paragraphs[0].runs[0]
    assert title.element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体" and title.font.size.pt == 22
    heads = [p for p in docx.paragraphs if p.text == "一、总体情况"]
    assert heads[0].runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    sub = next(p for p in docx.paragraphs if p.text == "（一）主动公开")
    assert sub.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    body = next(p for p in docx.paragraphs if p.text == "全年主动公开政府信息120条。")
    assert body.runs[0].element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and body.runs[0].font.size.pt == 16
    font_table = next(r.target_part for r in docx.part.rels.values() if r.reltype.endswith("/fontTable")).blob.decode()
    for name, fallback in (("仿宋_GB2312", "仿宋"), ("方正小标宋简体", "宋体"), ("楷体_GB2312", "楷体")):
        assert f'<w:font w:name="{name}"><w:altName w:val="{fallback}"/>' in font_table
    footer = docx.sections[0].footer._element.xml
    assert "PAGE" in footer and "fldChar" in footer


def test_the_xlsx_has_the_same_merged_cells_and_widths(org, figures):
    book = load_workbook(io.BytesIO(render_xlsx(org.name, 2025, figures)))
    for sheet, (key, grid) in zip(book.worksheets, report_grids(figures).items()):
        merged = {(m.min_row, m.min_col, m.max_row, m.max_col) for m in sheet.merged_cells.ranges}
        expected = {(r0 + 2, c0 + 1, r1 + 2, c1 + 1) for r0, c0, r1, c1 in grid.merges()} | {(1, 1, 1, grid.cols)}
        assert merged == expected, key
        for cell in grid.cells:
            assert sheet.cell(cell.row + 2, cell.col + 1).value == (cell.value if cell.value is not None else cell.text)
    three = book["三、收到和处理政府信息公开申请情况"]
    assert three["E3"].value == "法人或其他组织" and three.column_dimensions["C"].width > 4 * three.column_dimensions["D"].width
    assert three.page_setup.fitToWidth == 1 and three.page_setup.orientation == "portrait"


@pytest.mark.parametrize("prose", [PROSE, {"overview": "", "problems": "", "other_matters": ""}])
def test_html_docx_and_json_say_the_same_in_every_section(org, supervisor, figures, prose, tmp_path):
    from gongkai.reports import services

    report = services.report_prepare(org=org, year=2025, by=supervisor)
    services.report_update(report_id=report.pk, by=supervisor, **prose)
    out = io.StringIO()
    call_command("report", "annual", "--org", org.code, "--year", "2025", stdout=out, stderr=io.StringIO())
    data = json.loads(out.getvalue())
    assert data["prose"] == prose  # as it stands, an empty section as ""
    call_command("report", "annual", "--org", org.code, "--year", "2025", "--format", "docx", "-o", str(tmp_path / "r.docx"))
    paragraphs = [p.text for p in Document(str(tmp_path / "r.docx")).paragraphs]
    html = render_html(org.name, 2025, figures, data["prose"])
    heads = ["一、总体情况", "二、主动公开政府信息情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]
    for key, head, after in (("overview", heads[0], heads[1]), ("problems", heads[2], heads[3]), ("other_matters", heads[3], None)):
        expected = [line for _, line in prose_blocks(data["prose"][key])]
        start = paragraphs.index(head) + 1
        end = paragraphs.index(after) if after else len(paragraphs)
        assert paragraphs[start:end] == expected, key
        section = html.split(f">{head}</h2>")[1].split("</section>")[0]
        assert all(f">{line}</" in section for line in expected), key


def test_rendered_by_libreoffice_it_takes_three_pages_with_the_three_years_figures(org, figures, tmp_path):
    """A reviewer's check: the DOCX rendered to PDF (LibreOffice 7.4 headless, Noto CJK standing in for
    the official fonts). Seen page by page (pdftoppm → PNG) when this test was written: page 1 the
    title, 一 and table 二 whole, table 三 begins; page 2 the rest of table 三 under its repeated head,
    no label over three lines, table 四 in one row of 15, 五; page 3 六 (its heading kept with its
    "（无）") — three pages, "— n —" under each."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        pytest.skip("未安装 LibreOffice（soffice），跳过 DOCX 转 PDF 的排版检查")
    pypdf = pytest.importorskip("pypdf")
    (tmp_path / "report.docx").write_bytes(render_docx(org.name, 2025, figures, PROSE))
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(tmp_path / "report.docx")], check=True, capture_output=True, timeout=120)
    pdf = pypdf.PdfReader(str(tmp_path / "report.pdf"))
    assert len(pdf.pages) == 3
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "法人或其他组织" in text and "未经复议直接起诉" in text and "（七）总计" in text
