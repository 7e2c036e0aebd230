"""The page and type of an official document (党政机关公文格式, GB/T 9704-2012) for every DOCX Gongkai
writes — the annual report and the letters of an application: A4 portrait, margins 37/35/28/26 mm,
title in 方正小标宋简体 二号, first-level heads in 黑体, second-level heads in 楷体_GB2312, body in
仿宋_GB2312 三号 at a fixed 28 pt line, page numbers "— 1 —" in the footer.

Those fonts are not on every computer: the document's font table names a fallback for each
(w:altName: 宋体, 仿宋, 黑体, 楷体 — on every Chinese Windows), which Word and LibreOffice use when the
official font is missing, so the text never falls back to a Latin font.
"""
from __future__ import annotations

import io
import re

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = "方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei", SUBHEADING_FONT: "楷体"}
BODY_PT, TITLE_PT, LINE_PT = 16, 22, 28  # 三号, 二号; 22 lines to a page


def set_font(run, name: str, size_pt: float, *, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name, run.font.size, run.font.bold = name, Pt(size_pt), bold or None
    fonts = run.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), name)


def new_document(*, page_numbers: bool = True):
    """A python-docx Document with the page, the default type and the font fallbacks set."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
    section.footer_distance = Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = BODY_FONT, Pt(BODY_PT)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia"):
        fonts.set(qn(attr), BODY_FONT)
    lang = normal.element.get_or_add_rPr().makeelement(qn("w:lang"), {qn("w:eastAsia"): "zh-CN", qn("w:val"): "zh-CN"})
    normal.element.get_or_add_rPr().append(lang)
    normal.paragraph_format.space_after = Pt(0)
    _font_fallbacks(doc)
    if page_numbers:
        _page_number_footer(section)
    return doc


def body_paragraph(doc, text: str, *, indent: bool = True, align=None, font: str = BODY_FONT, size: float = BODY_PT):
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt

    p = doc.add_paragraph()
    set_font(p.add_run(text), font, size)
    fmt = p.paragraph_format
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(LINE_PT)
    if indent:
        fmt.first_line_indent = Pt(size * 2)  # two characters
    if align is not None:
        p.alignment = align
    return p


def title_paragraph(doc, text: str):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(BODY_PT)
    set_font(p.add_run(text), TITLE_FONT, TITLE_PT)
    return p


def save(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_number_footer(section) -> None:
    """"— 1 —" centred, in 宋体 四号 (GB/T 9704 7.5), as a PAGE field so Word and LibreOffice number it."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(p.add_run("— "), "宋体", 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        run = p.add_run()
        set_font(run, "宋体", 14)
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    set_font(p.add_run(" —"), "宋体", 14)


def _font_fallbacks(doc) -> None:
    """Adds each official font to the font table with its fallback (w:altName) and the GB2312 charset."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    part = next(r.target_part for r in doc.part.rels.values() if r.reltype == RT.FONT_TABLE)
    xml = part.blob.decode("utf-8")
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{"roman" if name in (TITLE_FONT, BODY_FONT) else "modern"}"/><w:pitch w:val="variable"/></w:font>'
        for name, alt in {**FALLBACKS, "宋体": "SimSun"}.items())
    part._blob = re.sub(r"</w:fonts>\s*$", entries + "</w:fonts>", xml).encode("utf-8")
