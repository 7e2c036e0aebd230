"""Redaction of what is published: text, HTML and PDF files. The original stays in the internal
record; only the published copy is changed.

A redaction is a literal text (a finding, a selection, or a match of an organisation's rule) and a
mode: █ of the same length, or the label ［已删除］. Every occurrence is redacted, everywhere the
item is published — a number hidden in the body but left in an attachment is not hidden.

PDF (docs/decisions/0034): each page holding a redacted text is rendered to an image (pypdfium2),
black boxes are painted over the text's rectangles, and the page is rebuilt as an image-only page
(Pillow); pages without one are kept as they are (pypdf). The rebuilt page holds neither the
text nor a text layer under the box; the box shows where something was removed. The result is
read back and refused if any redacted text can still be extracted.
"""
from __future__ import annotations

import html
import io
import re
from dataclasses import dataclass
from typing import Iterable

BLOCKS, LABEL = "blocks", "label"
LABEL_TEXT = "［已删除］"
FULL_BLOCK = "█"
# Rendering resolution of rebuilt PDF pages: 150 dpi keeps text legible and files small.
PDF_SCALE = 150 / 72


@dataclass(frozen=True)
class Redaction:
    text: str
    mode: str = BLOCKS

    def replacement(self) -> str:
        return LABEL_TEXT if self.mode == LABEL else FULL_BLOCK * len(self.text)


class RedactionFailed(Exception):
    """A file could not be redacted safely; publication must stop. The message is in Chinese."""


def redactions_from(items: Iterable[dict]) -> list[Redaction]:
    return [Redaction(d["text"], d.get("mode", BLOCKS)) for d in items if d.get("text")]


def _ordered(redactions: Iterable[Redaction]) -> list[Redaction]:
    # Longest first: a redaction inside another one's text must not split it.
    unique = {r.text: r for r in redactions if r.text}
    return sorted(unique.values(), key=lambda r: -len(r.text))


def redact_text(text: str, redactions: Iterable[Redaction]) -> str:
    """TEXT with every occurrence of every redaction replaced."""
    ordered = _ordered(redactions)
    if not text or not ordered:
        return text
    pattern = re.compile("|".join(re.escape(r.text) for r in ordered))
    by_text = {r.text: r.replacement() for r in ordered}
    return pattern.sub(lambda m: by_text[m.group(0)], text)


_TAG = re.compile(r"(<[^>]*>)")
_ATTR = re.compile(r'="([^"]*)"')


def redact_html(markup: str, redactions: Iterable[Redaction]) -> str:
    """Cleaned HTML with the redactions applied to its text and to its attribute values (a mailto:
    link or a title attribute must not keep what the text hides); tags themselves are left intact.
    Text is matched as people read it (entities decoded), then escaped again."""
    ordered = _ordered(redactions)
    if not markup or not ordered:
        return markup
    out = []
    for part in _TAG.split(markup):
        if part.startswith("<"):
            out.append(_ATTR.sub(lambda m: '="' + html.escape(redact_text(html.unescape(m.group(1)), ordered)) + '"', part))
        elif part:
            plain = html.unescape(part)
            redacted = redact_text(plain, ordered)
            out.append(part if redacted == plain else html.escape(redacted, quote=False))
    return "".join(out)


def rule_matches(text: str, pattern: str, is_regex: bool) -> list[str]:
    """The literal texts an organisation's rule matches in TEXT (a literal rule: itself, if present)."""
    if not text or not pattern:
        return []
    if not is_regex:
        return [pattern] if pattern in text else []
    try:
        return sorted({m.group(0) for m in re.finditer(pattern, text) if m.group(0)})
    except re.error:
        return []


def redact_pdf(content: bytes, redactions: Iterable[Redaction], page_texts: list[str] | None = None) -> bytes | None:
    """A copy of the PDF with every occurrence of the redactions blacked out on image-only pages;
    None when none occurs in it. PAGE_TEXTS: each page's extracted text (textguard.extract, split
    on form feeds), so only the pages that hold a redacted text are searched and rebuilt. Raises
    RedactionFailed if a page holds a redacted text that cannot be located on it."""
    import pypdfium2 as pdfium
    from pypdf import PdfReader, PdfWriter

    needles = [r.text for r in _ordered(redactions)]
    if not needles:
        return None
    if page_texts is None:
        from .extract import PAGE_BREAK, PDF, extract_text

        page_texts = extract_text(content, PDF).text.split(PAGE_BREAK)
    squeezed = [(n, "".join(n.split())) for n in needles]
    holding = {i: [n for n, sq in squeezed if sq and sq in "".join(t.split())] for i, t in enumerate(page_texts)}
    holding = {i: found for i, found in holding.items() if found}
    if not holding:
        return None
    document = pdfium.PdfDocument(content)
    images = {}
    try:
        for index, found in holding.items():
            page = document[index]
            rects, hits = _page_boxes(page, found)
            expected = sum("".join(page_texts[index].split()).count("".join(n.split())) for n in found)
            if not rects or hits < expected:  # an occurrence split over lines, say: not left visible
                raise RedactionFailed(f"PDF 第{index + 1}页中有需删除的内容无法自动定位遮盖，请处理原件后重新上传")
            images[index] = _painted_page(page, rects)
            page.close()
    finally:
        document.close()
    reader = PdfReader(io.BytesIO(content))
    writer = PdfWriter()
    # Pages are copied with only the objects they use: a replaced page's text is not carried over.
    for index, page in enumerate(reader.pages):
        writer.add_page(PdfReader(io.BytesIO(images[index])).pages[0] if index in images else page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _page_boxes(page, needles: list[str]) -> tuple[list[tuple[float, float, float, float]], int]:
    """Rectangles (left, bottom, right, top in PDF points) of every occurrence of the needles, and
    how many occurrences were found."""
    textpage = page.get_textpage()
    rects, hits = [], 0
    try:
        for needle in needles:
            searcher = textpage.search(needle, match_case=True)
            while (hit := searcher.get_next()) is not None:
                start, count = hit
                hits += 1
                for i in range(textpage.count_rects(start, count)):
                    rects.append(textpage.get_rect(i))
            searcher.close()
    finally:
        textpage.close()
    return rects, hits


def _painted_page(page, rects) -> bytes:
    """The page as one image with black boxes over RECTS, as a one-page PDF of the same size
    (Pillow writes it: JPEG at 150 dpi; PNG re-encoded through reportlab cost seconds a page)."""
    from PIL import ImageDraw

    width, height = page.get_size()
    image = page.render(scale=PDF_SCALE).to_pil().convert("RGB")
    draw = ImageDraw.Draw(image)
    pad = 1.5
    for left, bottom, right, top in rects:
        draw.rectangle([(left - pad) * PDF_SCALE, (height - top - pad) * PDF_SCALE,
                        (right + pad) * PDF_SCALE, (height - bottom + pad) * PDF_SCALE], fill=(0, 0, 0))
    buf = io.BytesIO()
    image.save(buf, format="PDF", resolution=72 * PDF_SCALE, quality=90)
    return buf.getvalue()
