"""The annual report as DOCX (A4, the customary fonts and layout of an official document, real Word
tables), XLSX (one sheet per table) and HTML. All three are drawn from the same JSON figures, so
the tests can read each file back and compare its cells with the JSON."""
from __future__ import annotations

import io

from django.template.loader import render_to_string

from gongkai.core.officedoc import OfficialDocument

from . import labels as L
from .annual import COLUMNS, ROWS



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
    doc = OfficialDocument(report_title(org_name, year))
    tables = table_rows(figures)
    doc.heading(L.SECTIONS["overview"])
    doc.paragraphs(prose.get("overview"))
    for key in ("proactive", "applications", "reviews"):
        doc.heading(L.SECTIONS[key])
        doc.table(tables[key])
    doc.heading(L.SECTIONS["problems"])
    doc.paragraphs(prose.get("problems"))
    doc.heading(L.SECTIONS["other_matters"])
    doc.paragraphs(prose.get("other_matters"))
    return doc.bytes()


def render_html(org_name: str, year: int, figures: dict, prose: dict[str, str], *, standalone: bool = True,
                lead: str = "") -> str:
    """Accessible HTML: real tables with captions and header scopes; the portal embeds the fragment,
    with LEAD (safe HTML: a correction notice, the downloads) under the title."""
    return render_to_string("reports/annual_report.html", {
        "title": report_title(org_name, year), "tables": table_rows(figures), "sections": L.SECTIONS,
        "prose": prose, "standalone": standalone, "figures": figures, "lead": lead,
    })
