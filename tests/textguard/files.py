"""Tiny real files made in the tests: PDF (with and without a text layer), DOCX, XLSX, PPTX."""
from __future__ import annotations

import io


def pdf(*pages: list[str]) -> bytes:
    """A PDF with a text layer: each argument is one page's lines (STSong-Light, no font file needed)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    sheet = canvas.Canvas(buf)
    for lines in pages:
        sheet.setFont("STSong-Light", 12)
        for i, line in enumerate(lines):
            sheet.drawString(72, 760 - 24 * i, line)
        sheet.showPage()
    sheet.save()
    return buf.getvalue()


def scanned_pdf(pages: int = 1) -> bytes:
    """A PDF whose pages are only pictures (as a scanner makes them): no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    sheet = canvas.Canvas(buf)
    for _ in range(pages):
        image = Image.new("RGB", (400, 560), "white")
        ImageDraw.Draw(image).rectangle([40, 40, 360, 80], fill="black")
        png = io.BytesIO()
        image.save(png, format="PNG")
        png.seek(0)
        sheet.drawImage(ImageReader(png), 0, 0, width=595, height=842)
        sheet.showPage()
    sheet.save()
    return buf.getvalue()


def docx(paragraphs: list[str], table: list[list[str]] = ()) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    if table:
        t = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                t.cell(r, c).text = value
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "名单"
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def pptx(texts: list[str]) -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    for text in texts:
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = "汇报"
        slide.shapes.add_textbox(Inches(1), Inches(2), Inches(6), Inches(1)).text_frame.text = text
    buf = io.BytesIO()
    deck.save(buf)
    return buf.getvalue()


def pdf_text(content: bytes) -> str:
    """What a reader's tool extracts from a PDF (pypdf, page by page)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)
