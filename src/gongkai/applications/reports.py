"""The quarterly figures of applications (selectors.quarterly_figures) as a document people read:
a standalone HTML page, a Word table (DOCX) or a spreadsheet (XLSX). Every format is made from the
same rows (`quarterly_rows`), so the three can never disagree with each other or with the JSON."""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.template.loader import render_to_string

from .models import ApplicantType
from .outcomes import Outcome


@dataclass(frozen=True)
class Row:
    section: str
    label: str
    key: str  # where the value sits in the JSON, e.g. "received.natural_person"
    value: int


def quarterly_rows(figures: dict) -> list[Row]:
    received, closed = figures["received"], figures["closed"]
    rows = [Row("收到申请", "合计", "received.total", received["total"])]
    rows += [Row("收到申请", f"其中：{t.label}", f"received.{t.value}", received[t.value]) for t in ApplicantType]
    rows.append(Row("办结申请", "合计", "closed.total", closed["total"]))
    rows += [Row("办结申请", o.label, f"closed.{o.value}", closed[o.value]) for o in Outcome]
    rows.append(Row("季度末尚未办结", "申请件数", "open_at_end", figures["open_at_end"]))
    return rows


def quarterly_title(figures: dict, org_name: str) -> str:
    return f"{org_name}{figures['year']}年第{figures['quarter']}季度政府信息公开申请办理情况"


def quarterly_period(figures: dict) -> str:
    start, end = (dt.date.fromisoformat(figures[k]) for k in ("from", "to"))
    return f"统计期间：{_cn(start)}至{_cn(end)}"


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def quarterly_html(figures: dict, org_name: str) -> str:
    sections: dict[str, list[Row]] = {}
    for row in quarterly_rows(figures):
        sections.setdefault(row.section, []).append(row)
    return render_to_string("applications/reports/quarterly.html", {
        "title": quarterly_title(figures, org_name), "period": quarterly_period(figures), "sections": sections,
    })


def quarterly_docx(figures: dict, org_name: str) -> bytes:
    from docx import Document as Docx

    document = Docx()
    document.add_heading(quarterly_title(figures, org_name), level=1)
    document.add_paragraph(quarterly_period(figures))
    rows = quarterly_rows(figures)
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("类别", "项目", "数量")):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = row.section, row.label, str(row.value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def quarterly_xlsx(figures: dict, org_name: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = f"{figures['year']}年第{figures['quarter']}季度"
    sheet.append([quarterly_title(figures, org_name)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([quarterly_period(figures)])
    sheet.append(["类别", "项目", "数量", "代码"])  # 代码: the JSON key, so that scripts can match rows
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in quarterly_rows(figures):
        sheet.append([row.section, row.label, row.value, row.key])
    for column, width in (("A", 16), ("B", 70), ("C", 10), ("D", 36)):
        sheet.column_dimensions[column].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
