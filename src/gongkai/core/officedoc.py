"""An official document (公文) as DOCX: A4 with the margins of GB/T 9704, the customary fonts (小标宋
title, 黑体 headings, 仿宋 body in 三号, 五号 in tables), real Word tables. The annual report and the
assessment's 通报 are both written with it, so both look like the agency's other documents."""
from __future__ import annotations

import io

TITLE_FONT, BODY_FONT, HEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体"


class OfficialDocument:
    def __init__(self, title: str):
        from docx import Document
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml.ns import qn
        from docx.shared import Cm, Pt

        self._qn, self._pt, self._align = qn, Pt, WD_ALIGN_PARAGRAPH
        self.doc = doc = Document()
        section = doc.sections[0]
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
        normal = doc.styles["Normal"]
        normal.font.name, normal.font.size = BODY_FONT, Pt(16)  # 仿宋 三号
        normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.font(paragraph.add_run(title), TITLE_FONT, 22)  # 小标宋 二号

    def font(self, run, name: str, size: float) -> None:
        run.font.name, run.font.size = name, self._pt(size)
        run.element.get_or_add_rPr().get_or_add_rFonts().set(self._qn("w:eastAsia"), name)

    def heading(self, text: str) -> None:
        self.font(self.doc.add_paragraph().add_run(text), HEADING_FONT, 16)

    def paragraphs(self, text: str) -> None:
        for line in (text or "（无）").splitlines():
            if line.strip():
                self.doc.add_paragraph(line.strip()).paragraph_format.first_line_indent = self._pt(32)

    def right(self, text: str) -> None:
        self.doc.add_paragraph(text).alignment = self._align.RIGHT

    def table(self, rows: list[list]) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT

        t = self.doc.add_table(rows=len(rows), cols=len(rows[0]))
        t.style, t.alignment = "Table Grid", WD_TABLE_ALIGNMENT.CENTER
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                cell = t.cell(r, c)
                cell.text = "" if value == "" or value is None else str(value)
                for p in cell.paragraphs:
                    p.alignment = self._align.LEFT if c == 0 else self._align.CENTER
                    for run in p.runs:
                        self.font(run, HEADING_FONT if r == 0 else BODY_FONT, 10.5)  # 五号 inside tables

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()
