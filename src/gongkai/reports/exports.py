"""The annual report as DOCX (A4, the customary fonts and layout of an official document, real Word
tables), XLSX (one sheet per table) and HTML. All three are drawn from the same JSON figures, so
the tests can read each file back and compare its cells with the JSON."""
from __future__ import annotations

import io

from django.template.loader import render_to_string

from . import labels as L
from .annual import COLUMNS, ROWS

TITLE_FONT, BODY_FONT, HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"


def report_title(org_name: str, year: int) -> str:
    return f"{org_name}{year}年政府信息公开工作年度报告"


def table_rows(figures: dict) -> dict[str, list[list]]:
    """The report's tables as plain rows (header rows first): the one source of DOCX, XLSX and HTML."""
    p, apps, rev = figures["proactive"], figures["applications"]["rows"], figures["reviews"]
    proactive = [["信息内容", *L.PROACTIVE_COLUMNS.values()]]
    proactive += [[L.PROACTIVE_LABELS[k], *(p[k][c] for c in L.PROACTIVE_COLUMNS)] for k in L.PROACTIVE_LABELS]
    proactive += [["行政许可（本年处理决定数量）", p["licensing"], "", ""],
                  ["行政处罚（本年处理决定数量）", p["penalty"], "", ""],
                  ["行政强制（本年处理决定数量）", p["enforcement"], "", ""],
                  ["行政事业性收费（本年收费金额，万元）", p["fees_10k_yuan"], "", ""]]
    applications = [["申请情况", *(L.COLUMN_LABELS[c] for c in COLUMNS)]]
    applications += [[L.ROW_LABELS[r], *(apps[r][c] for c in COLUMNS)] for r in ROWS]
    reviews = [["案件类型", *L.REVIEW_RESULT_LABELS.values()]]
    reviews += [[L.REVIEW_KIND_LABELS[k], *(rev[k][c] for c in L.REVIEW_RESULT_LABELS)] for k in L.REVIEW_KIND_LABELS]
    return {"proactive": proactive, "applications": applications, "reviews": reviews}


def render_xlsx(org_name: str, year: int, figures: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    for key, rows in table_rows(figures).items():
        ws = wb.create_sheet(L.SECTIONS[key][:31])
        ws.append([f"{report_title(org_name, year)}——{L.SECTIONS[key]}"])
        ws["A1"].font = Font(bold=True)
        for row in rows:
            ws.append(row)
        for cell in ws[2]:
            cell.font, cell.alignment = Font(bold=True), Alignment(horizontal="center", wrap_text=True)
        ws.column_dimensions["A"].width = 60
        for col in "BCDEFGH":
            ws.column_dimensions[col].width = 14
        ws.freeze_panes = "B3"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def render_docx(org_name: str, year: int, figures: dict, prose: dict[str, str]) -> bytes:
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    def font(run, name, size):
        run.font.name, run.font.size = name, Pt(size)
        run.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4, GB/T 9704 margins
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(16)  # 仿宋 三号
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    font(title.add_run(report_title(org_name, year)), TITLE_FONT, 22)  # 小标宋 二号

    def heading(text):
        font(doc.add_paragraph().add_run(text), HEADING_FONT, 16)

    def paragraphs(text):
        for line in (text or "（无）").splitlines():
            if line.strip():
                doc.add_paragraph(line.strip()).paragraph_format.first_line_indent = Pt(32)

    def table(rows):
        t = doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style, t.alignment = "Table Grid", WD_TABLE_ALIGNMENT.CENTER
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = t.cell(r, c)
                cell.text = "" if value == "" else str(value)
                for p in cell.paragraphs:
                    p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 0 else WD_ALIGN_PARAGRAPH.CENTER
                    for run in p.runs:
                        font(run, HEADING_FONT if r == 0 else BODY_FONT, 10.5)  # 五号 inside tables

    tables = table_rows(figures)
    heading(L.SECTIONS["overview"])
    paragraphs(prose.get("overview"))
    for key in ("proactive", "applications", "reviews"):
        heading(L.SECTIONS[key])
        table(tables[key])
    heading(L.SECTIONS["problems"])
    paragraphs(prose.get("problems"))
    heading(L.SECTIONS["other_matters"])
    paragraphs(prose.get("other_matters"))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def render_html(org_name: str, year: int, figures: dict, prose: dict[str, str], *, standalone: bool = True,
                lead: str = "") -> str:
    """Accessible HTML: real tables with captions and header scopes; the portal embeds the fragment,
    with LEAD (safe HTML: a correction notice, the downloads) under the title."""
    return render_to_string("reports/annual_report.html", {
        "title": report_title(org_name, year), "tables": table_rows(figures), "sections": L.SECTIONS,
        "prose": prose, "standalone": standalone, "figures": figures, "lead": lead,
    })
