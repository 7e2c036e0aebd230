"""The text of an attachment, for the guard and for search: DOCX (python-docx), XLSX (openpyxl),
PPTX (python-pptx) and PDF with a text layer (pypdf). What has no text to read — a scanned PDF,
a page without a text layer, an image — is flagged for a person to review, never passed silently.

PDF pages are separated by a form feed ("\\f"), so a finding can be traced to its page.
"""
from __future__ import annotations

import io
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
PAGE_BREAK = "\f"
# A page with fewer readable characters than this has no usable text layer (a scan, a photo).
MIN_PAGE_CHARS = 5

OK, REVIEW = "ok", "review"


@dataclass
class Extracted:
    text: str
    status: str          # OK, or REVIEW: a person must read the file (the note says why)
    note: str = ""


def extract_text(content: bytes, content_type: str) -> Extracted:
    """The readable text of a file of CONTENT_TYPE (decided from its bytes by the caller)."""
    reader = _READERS.get(content_type)
    if reader is None:
        if content_type.startswith("image/"):
            return Extracted("", REVIEW, "图片附件无法自动识别文字，请人工审查其内容")
        return Extracted("", REVIEW, "该类型的附件无法自动提取文字，请人工审查")
    try:
        return reader(content)
    except Exception as e:  # a damaged or encrypted file: a person looks at it
        log.warning("text extraction failed (%s): %s", content_type, e)
        return Extracted("", REVIEW, "无法读取附件中的文字（文件可能已损坏或加密），请人工审查")


def _pdf(content: bytes) -> Extracted:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted:
        reader.decrypt("")
    pages = [(page.extract_text() or "").replace(PAGE_BREAK, " ") for page in reader.pages]
    blank = [i + 1 for i, text in enumerate(pages) if len("".join(text.split())) < MIN_PAGE_CHARS]
    text = PAGE_BREAK.join(pages)
    if not pages or len(blank) == len(pages):
        return Extracted(text, REVIEW, "PDF 没有文字层（可能是扫描件），无法自动审查，请人工审查全文")
    if blank:
        listed = "、".join(str(n) for n in blank[:20]) + ("等" if len(blank) > 20 else "")
        return Extracted(text, REVIEW, f"PDF 第{listed}页没有文字层（可能是扫描页），请人工审查这些页")
    return Extracted(text, OK)


def _docx(content: bytes) -> Extracted:
    import docx

    document = docx.Document(io.BytesIO(content))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    for section in document.sections:
        for part in (section.header, section.footer):
            lines.extend(p.text for p in part.paragraphs)
    return Extracted("\n".join(line for line in lines if line), OK)


def _xlsx(content: bytes) -> Extracted:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    lines = []
    for sheet in book.worksheets:
        lines.append(sheet.title)
        for row in sheet.iter_rows(values_only=True):
            cells = ["" if v is None else str(v) for v in row]
            if any(cells):
                lines.append("\t".join(cells).rstrip("\t"))
    book.close()
    return Extracted("\n".join(lines), OK)


def _pptx(content: bytes) -> Extracted:
    from pptx import Presentation

    lines = []
    for slide in Presentation(io.BytesIO(content)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                lines.extend(p.text for p in shape.text_frame.paragraphs)
            if getattr(shape, "has_table", False) and shape.has_table:
                lines.extend("\t".join(cell.text for cell in row.cells) for row in shape.table.rows)
        if slide.has_notes_slide:
            lines.append(slide.notes_slide.notes_text_frame.text)
    return Extracted("\n".join(line for line in lines if line), OK)


_READERS = {PDF: _pdf, DOCX: _docx, XLSX: _xlsx, PPTX: _pptx}
