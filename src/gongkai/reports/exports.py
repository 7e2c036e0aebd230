"""The annual report as DOCX (an official document: core.officedoc), XLSX (one sheet per table) and
HTML, all three drawn from the same JSON figures through the grids of layout.py (the tables as the
official format draws them) and prose_blocks (the text of 一、五、六), so the tests can read each file
back and compare it with the JSON — merged cells, widths and every section, an empty one included."""
from __future__ import annotations

import io
from html import escape

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from gongkai.core.officedoc import (BODY_FONT, HEADING_FONT, SUBHEADING_FONT, body_paragraph, new_document, save,
                                   set_font, title_paragraph)

from . import labels as L
from .annual import COLUMNS, ROWS
from .layout import prose_blocks, report_grids
from .models import PROSE_KEYS


def report_title(org_name: str, year: int) -> str:
    return f"{org_name}{year}年政府信息公开工作年度报告"


def table_rows(figures: dict) -> dict[str, list[list]]:
    """The report's tables as plain rows (header rows first), for the workbench preview with its trace links;
    the published files draw the same figures through layout.report_grids."""
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


def report_json(figures: dict, prose: dict[str, str]) -> dict:
    """The JSON document of annual-report.md: the figures with the three prose sections as they stand
    (an empty one as "")."""
    doc = {"org": figures.get("org"), "year": figures.get("year"),
           "prose": {key: (prose or {}).get(key) or "" for key in PROSE_KEYS}}
    doc.update({k: v for k, v in figures.items() if k not in doc})
    return doc


def _excel_width(cm: float) -> float:
    return round(cm / 0.19, 1)  # Excel's unit is about one Latin digit of the default font


def render_xlsx(org_name: str, year: int, figures: dict) -> bytes:
    """One sheet per table: the title in row 1, then the table of layout.py from row 2, its merged
    cells merged and its columns as wide as in the DOCX."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin")
    wb = Workbook()
    wb.remove(wb.active)
    for key, grid in report_grids(figures).items():
        ws = wb.create_sheet(L.SECTIONS[key][:31])
        ws.cell(1, 1, f"{report_title(org_name, year)}——{L.SECTIONS[key]}").font = Font(bold=True, size=12)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=grid.cols)
        for r in range(grid.rows):
            for c in range(grid.cols):
                ws.cell(r + 2, c + 1).border = Border(left=thin, right=thin, top=thin, bottom=thin)
        for cell in grid.cells:
            target = ws.cell(cell.row + 2, cell.col + 1, cell.value if cell.value is not None else cell.text)
            target.font = Font(bold=cell.head, name=HEADING_FONT if cell.head else BODY_FONT)
            target.alignment = Alignment(horizontal="left" if cell.label and cell.colspan > 1 or cell.label and cell.col == 2
                                         else "center", vertical="center", wrap_text=True)
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(start_row=cell.row + 2, start_column=cell.col + 1,
                               end_row=cell.row + cell.rowspan + 1, end_column=cell.col + cell.colspan)
        for i, width in enumerate(grid.widths_cm):
            ws.column_dimensions[get_column_letter(i + 1)].width = _excel_width(width)
        ws.freeze_panes = ws.cell(grid.head_rows + 2, 1)
        ws.page_setup.orientation, ws.page_setup.paperSize = "portrait", ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.sheet_properties.pageSetUpPr.fitToPage = 1, True
        ws.page_setup.fitToHeight = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _docx_table(doc, grid) -> None:
    """GRID as a Word table: fixed layout, the grid's column widths, merged cells, heads in 黑体 that
    repeat on each page, rows that do not split across pages."""
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    t = doc.add_table(rows=grid.rows, cols=grid.cols)
    t.style, t.alignment, t.autofit = "Table Grid", WD_TABLE_ALIGNMENT.CENTER, False
    props = t._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    props.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), "40")  # 2 pt: narrow columns keep their characters
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    props.append(margins)
    for i, width in enumerate(grid.widths_cm):
        t.columns[i].width = Cm(width)
        for cell in t.columns[i].cells:
            cell.width = Cm(width)
    for r, row in enumerate(t.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r < grid.head_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
    for c in grid.cells:
        cell = t.cell(c.row, c.col)
        if c.rowspan > 1 or c.colspan > 1:
            cell = cell.merge(t.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT if c.label and c.rowspan == 1 else WD_ALIGN_PARAGRAPH.CENTER
        set_font(p.add_run(c.text), HEADING_FONT if c.head else BODY_FONT, grid.font_pt)


def _docx_prose(doc, text: str) -> None:
    for kind, line in prose_blocks(text):
        if kind == "subheading":
            body_paragraph(doc, line, font=SUBHEADING_FONT).paragraph_format.keep_with_next = True
        else:
            body_paragraph(doc, line)


def render_docx(org_name: str, year: int, figures: dict, prose: dict[str, str]) -> bytes:
    """The report as an official document (core.officedoc): title, the six sections, the three tables
    of layout.py, page numbers in the footer."""
    doc = new_document()
    title_paragraph(doc, report_title(org_name, year))
    grids = report_grids(figures)

    def heading(text):
        body_paragraph(doc, text, font=HEADING_FONT).paragraph_format.keep_with_next = True

    heading(L.SECTIONS["overview"])
    _docx_prose(doc, prose.get("overview"))
    for key in ("proactive", "applications", "reviews"):
        heading(L.SECTIONS[key])
        _docx_table(doc, grids[key])
    heading(L.SECTIONS["problems"])
    _docx_prose(doc, prose.get("problems"))
    heading(L.SECTIONS["other_matters"])
    _docx_prose(doc, prose.get("other_matters"))
    return save(doc)


def _cell_html(tag: str, scope: str, text: str, rowspan: int, colspan: int, cls: str) -> str:
    attrs = (f' scope="{scope}"' if scope else "") + (f' rowspan="{rowspan}"' if rowspan > 1 else "")
    attrs += (f' colspan="{colspan}"' if colspan > 1 else "") + (f' class="{cls}"' if cls else "")
    return f"<{tag}{attrs}>{escape(text)}</{tag}>"


def html_table(grid) -> dict:
    """GRID for the HTML template: head rows and body rows, each row its cells' HTML with their tag,
    scope and spans. Column heads are th scope=col (colgroup when spanning), row labels th scope=row
    (rowgroup when spanning), numbers td; the note in the corner of table 三 is a td (it heads no cell).

    The cells are written here rather than by a template include per row: the report's ~400 cells
    through the template engine were two thirds of the public report page's time (issue 11, pages).
    Every text is escaped (html.escape, as the template's autoescape); tags and attributes are ours."""
    rows: list[list[str]] = [[] for _ in range(grid.rows)]
    for c in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        if c.head and c.text == L.CONSISTENCY_NOTE:
            tag, scope = "td", ""
        elif c.head:
            tag, scope = "th", "colgroup" if c.colspan > 1 else "col"
        elif c.label:
            tag, scope = "th", "rowgroup" if c.rowspan > 1 else "row"
        else:
            tag, scope = "td", ""
        cls = "num" if c.value is not None else ("note" if tag == "td" else "")
        rows[c.row].append(_cell_html(tag, scope, c.text, c.rowspan, c.colspan, cls))
    html = [mark_safe("".join(cells)) for cells in rows]  # noqa: S308 - every text escaped in _cell_html
    return {"head": html[:grid.head_rows], "body": html[grid.head_rows:], "key": grid.key}


def render_html(org_name: str, year: int, figures: dict, prose: dict[str, str], *, standalone: bool = True,
                lead: str = "") -> str:
    """Accessible HTML: real tables with captions and header scopes; the portal embeds the fragment,
    with LEAD (safe HTML: a correction notice, the downloads) under the title."""
    return render_to_string("reports/annual_report.html", {
        "title": report_title(org_name, year), "sections": L.SECTIONS, "standalone": standalone, "lead": lead,
        "tables": [html_table(g) for g in report_grids(figures).values()],
        "prose": {key: prose_blocks((prose or {}).get(key)) for key in PROSE_KEYS},
    })
