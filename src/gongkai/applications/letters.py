"""The formal reply letter (告知书): DOCX (python-docx) and PDF (reportlab with its built-in Chinese
CID font, so no font file is needed on the server), from a template per reply type of 第三十六条."""
from __future__ import annotations

import io

from django.utils import timezone

from .models import Decision, LetterTemplate
from .outcomes import letter_type

RIGHTS = ("如对本答复不服，可以自收到本告知书之日起六十日内依法申请行政复议，"
          "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。")

DEFAULT_TEMPLATES = {
    "disclosed": ("政府信息公开申请答复告知书", "{applicant}：\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（登记编号：{number}），申请获取“{subject}”。\n经审查，根据{legal_basis}的规定，现答复如下：\n{reply_text}\n您申请的政府信息予以公开，请按所附材料或上述方式获取。\n{rights}"),
    "partially_disclosed": ("政府信息部分公开告知书", "{applicant}：\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（登记编号：{number}），申请获取“{subject}”。\n经审查，根据{legal_basis}的规定，现答复如下：\n{reply_text}\n您申请的政府信息中含有不应当公开的内容，本机关已作区分处理，向您提供可以公开的部分（见所附材料）。\n{rights}"),
    "withheld": ("政府信息不予公开告知书", "{applicant}：\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（登记编号：{number}），申请获取“{subject}”。\n经审查，根据{legal_basis}的规定，现答复如下：\n{reply_text}\n您申请的政府信息不予公开。\n{rights}"),
    "not_held": ("政府信息不存在告知书", "{applicant}：\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（登记编号：{number}），申请获取“{subject}”。\n经检索，根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{rights}"),
    "unclear": ("申请内容不明确告知书", "{applicant}：\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（登记编号：{number}）。\n经补正后，申请内容仍不明确，根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{rights}"),
    "duplicate": ("重复申请告知书", "{applicant}：\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（登记编号：{number}）。\n根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{rights}"),
    "not_processed": ("政府信息公开申请处理告知书", "{applicant}：\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（登记编号：{number}），申请获取“{subject}”。\n根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{rights}"),
    "terminated": ("终止处理告知书", "{applicant}：\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（登记编号：{number}）。\n根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{rights}"),
    "other": ("政府信息公开申请答复书", "{applicant}：\n本机关于{received_on}收到您（单位）提出的政府信息公开申请（登记编号：{number}），申请获取“{subject}”。\n现答复如下：\n{reply_text}\n{rights}"),
}


def letter_text(decision: Decision) -> tuple[str, list[str], str]:
    """(title, paragraphs, signature line) of the letter, from the admins' template or the default."""
    app = decision.application
    kind = letter_type(decision.outcome)
    custom = LetterTemplate.objects.filter(letter_type=kind).first()
    title, body = (custom.title, custom.body) if custom else DEFAULT_TEMPLATES[kind]
    values = {
        "org": app.org.name, "number": app.number, "applicant": app.applicant_name or "申请人",
        "received_on": f"{app.received_on:%Y年%m月%d日}".replace("年0", "年").replace("月0", "月"),
        "reply_on": _cn_date(decision.approved_on or timezone.localdate()), "subject": app.subject[:200],
        "reply_text": decision.reply_text, "legal_basis": decision.legal_basis or "《中华人民共和国政府信息公开条例》",
        "rights": RIGHTS,
    }
    try:
        text = body.format(**values)
    except (KeyError, IndexError, ValueError):
        text = DEFAULT_TEMPLATES[kind][1].format(**values)  # a broken admin template must not block the reply
    return title, [p for p in text.split("\n") if p.strip()], f"{app.org.name}\n{values['reply_on']}"


def _cn_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def letter_render(decision: Decision, fmt: str) -> bytes:
    title, paragraphs, signature = letter_text(decision)
    number = decision.application.number
    return _docx(title, number, paragraphs, signature) if fmt == "docx" else _pdf(title, number, paragraphs, signature)


def _docx(title: str, number: str, paragraphs: list[str], signature: str) -> bytes:
    from docx import Document as Docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Docx()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    section.top_margin, section.bottom_margin, section.left_margin, section.right_margin = Cm(3.7), Cm(3.5), Cm(2.8), Cm(2.6)
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "仿宋_GB2312", Pt(16)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(title)
    run.font.size, run.font.name = Pt(22), "方正小标宋简体"
    run.element.rPr.rFonts.set(qn("w:eastAsia"), "方正小标宋简体")
    doc.add_paragraph(f"登记编号：{number}").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for i, text in enumerate(paragraphs):
        p = doc.add_paragraph(text)
        if i > 0:
            p.paragraph_format.first_line_indent = Pt(32)  # two characters, as official documents do
    for line in signature.split("\n"):
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _pdf(title: str, number: str, paragraphs: list[str], signature: str) -> bytes:
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer
    from xml.sax.saxutils import escape

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=14, leading=26, wordWrap="CJK", firstLineIndent=28)
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, topMargin=3.7 * cm, bottomMargin=3.5 * cm, leftMargin=2.8 * cm,
                            rightMargin=2.6 * cm, title=title, author=signature.split("\n")[0])
    story = [Paragraph(escape(title), ParagraphStyle("t", parent=body, fontSize=20, leading=32, alignment=TA_CENTER, firstLineIndent=0)),
             Paragraph(escape(f"登记编号：{number}"), ParagraphStyle("n", parent=body, alignment=TA_RIGHT, firstLineIndent=0)),
             Spacer(1, 12)]
    for i, text in enumerate(paragraphs):
        story.append(Paragraph(escape(text), body if i else ParagraphStyle("first", parent=body, firstLineIndent=0)))
    story.append(Spacer(1, 24))
    for line in signature.split("\n"):
        story.append(Paragraph(escape(line), ParagraphStyle("s", parent=body, alignment=TA_RIGHT, firstLineIndent=0)))
    doc.build(story)
    return out.getvalue()
