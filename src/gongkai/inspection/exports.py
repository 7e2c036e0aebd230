"""The self-inspection report that the agency files (自查报告), as XLSX and DOCX, drawn from one run."""
from __future__ import annotations

import io

from .models import InspectionRun
from .rules import RULES

SEVERITY_LABELS = {"veto": "单项否决", "deduct": "扣分", "warn": "提示"}
HEADER = ["规则", "检查指标", "性质", "数量", "问题自何日起", "涉及记录"]


def title(run: InspectionRun) -> str:
    return f"{run.org.name}政府网站与政务公开自查报告（{run.on:%Y年%m月%d日}）"


def summary(run: InspectionRun) -> str:
    return f"自查得分 {run.score} 分，结论：{run.result_label}。发现问题 {len(run.findings)} 项，预警 {len(run.warnings)} 项。"


def finding_rows(run: InspectionRun) -> list[list]:
    rows = []
    for f in run.findings:
        rule = RULES[f["rule"]]
        records = "；".join(r["label"] for r in f["records"][:20]) + ("等" if f["count"] > 20 else "")
        rows.append([rule.label, rule.indicator, SEVERITY_LABELS[f["severity"]], f["count"], f["since"], records])
    return rows


def render_xlsx(run: InspectionRun) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = "自查结果"
    ws.append([title(run)])
    ws.append([summary(run)])
    ws.append(HEADER)
    for row in finding_rows(run):
        ws.append(row)
    ws["A1"].font = Font(bold=True, size=14)
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for letter, width in zip("ABCDEF", (22, 48, 10, 8, 14, 60)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def render_docx(run: InspectionRun) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run_text = heading.add_run(title(run))
    run_text.bold, run_text.font.size = True, Pt(16)
    doc.add_paragraph(summary(run))
    rows = finding_rows(run)
    if rows:
        table = doc.add_table(rows=1, cols=len(HEADER))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, HEADER):
            cell.text = text
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row):
                cell.text = str(value)
    else:
        doc.add_paragraph("本次自查未发现问题。")
    if run.warnings:
        doc.add_paragraph("预警（3日内将出现的问题）：")
        for w in run.warnings:
            doc.add_paragraph(f"{RULES[w['rule']].label}：{w['on']}起，{w['count']}项", style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
