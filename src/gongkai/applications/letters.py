"""The letters of an application (依申请公开的文书): every step that the applicant or a third party must
be told of in writing produces one — 补正告知书 (第三十条), 延期答复告知书 (第三十三条第二款),
征求第三方意见函 (第三十二条), 收费通知书 (国办函〔2020〕109号) — and the reply (第三十六条) produces the
告知书 of its reply type.

A letter is issued inside the step's transaction (letter_issue): it takes the next 文号 of its kind
for the agency and year from the agency's pattern (LetterSettings; e.g. 黔科依申复〔2026〕24号) — the
counter row is locked, so two clerks at once never get one number, and a number once given is never
given again — and its text is composed once, from the admins' template or the default, and kept.
DOCX (core.officedoc) and PDF (reportlab, with a TrueType CJK font embedded) are drawn from that
kept text line by line, so the PDF says exactly what the DOCX says.

The wording fits the addressee: 您 to a natural person, 贵单位 to an organisation; the notice of
rights names the agency's 复议机关 and court when they are set; the contact person and telephone
close the body; the 落款 (the agency and the date) leaves room above it for the seal.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from xml.sax.saxutils import escape

from django.conf import settings as django_settings

from gongkai.core.counters import counter_next
from gongkai.core.officedoc import body_paragraph, new_document, save, title_paragraph

from .models import ApplicantType, Application, Letter, LetterSettings, LetterTemplate
from .outcomes import letter_type as reply_letter_type
from .public import clause

log = logging.getLogger(__name__)
K = Letter.Kind

SERIES = {K.REPLY: "复", K.CORRECTION: "补", K.EXTENSION: "延", K.CONSULTATION: "征", K.FEE: "费"}
LAW = "《中华人民共和国政府信息公开条例》"
RECEIVED = "本机关于{received_on}收到{you}提出的政府信息公开申请（登记编号：{number}）"
REPLY_HEAD = RECEIVED + "，申请获取“{subject}”。\n"

DEFAULT_TEMPLATES: dict[str, tuple[str, str]] = {
    # the steps before the reply
    "correction": ("政府信息公开申请补正告知书", RECEIVED + "。经审查，{you}的申请内容不够明确，根据" + LAW + "第三十条的规定，请{you}对以下内容作出补正：\n{what}。\n请于{term_on}前将补正后的申请提交本机关。答复期限自本机关收到补正后的申请之日起计算。{you}无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。"),
    "extension": ("政府信息公开申请延期答复告知书", RECEIVED + "。因{reason}，本机关不能在规定期限内作出答复。根据" + LAW + "第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长二十个工作日，本机关将于{extended_due_on}前作出答复。"),
    "consultation": ("政府信息公开征求第三方意见函", "本机关于{received_on}收到政府信息公开申请（登记编号：{number}），申请公开的政府信息可能涉及贵方的合法权益。根据" + LAW + "第三十二条的规定，现书面征求贵方意见。\n请于{answer_due_on}前以书面形式提出意见，说明是否同意公开及理由。贵方逾期未提出意见的，由本机关依照条例的规定决定是否公开。"),
    "fee": ("政府信息公开信息处理费收费通知书", RECEIVED + "。根据《政府信息公开信息处理费管理办法》的规定，{you}的申请需缴纳信息处理费{fee_yuan}元（{basis}）。\n请于{pay_by}前缴纳。自本通知书发出之日起至{you}缴纳费用之日止的期间，不计算在答复期限内；{you}逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。"),
    # the reply, one per reply type of 第三十六条
    "disclosed": ("政府信息公开申请答复告知书", REPLY_HEAD + "经审查，根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{you}申请的政府信息予以公开，请按所附材料或上述方式获取。\n{rights}"),
    "partially_disclosed": ("政府信息部分公开告知书", REPLY_HEAD + "经审查，根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{you}申请的政府信息中含有不应当公开的内容，本机关已作区分处理，向{you}提供可以公开的部分（见所附材料）。\n{rights}"),
    "withheld": ("政府信息不予公开告知书", REPLY_HEAD + "经审查，根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{you}申请的政府信息不予公开。\n{rights}"),
    "not_held": ("政府信息不存在告知书", REPLY_HEAD + "经检索，根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{rights}"),
    "unclear": ("申请内容不明确告知书", RECEIVED + "。\n经补正后，申请内容仍不明确，根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{rights}"),
    "duplicate": ("重复申请告知书", RECEIVED + "。\n根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{rights}"),
    "not_processed": ("政府信息公开申请处理告知书", REPLY_HEAD + "根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{rights}"),
    "terminated": ("终止处理告知书", RECEIVED + "。\n根据{legal_basis}的规定，现答复如下：\n{reply_text}\n{rights}"),
    "other": ("政府信息公开申请答复书", REPLY_HEAD + "现答复如下：\n{reply_text}\n{rights}"),
}
PLACEHOLDERS = ("applicant", "you", "org", "number", "received_on", "subject", "issued_on", "contact", "reply_text",
                "legal_basis", "rights", "what", "term_on", "reason", "extended_due_on", "party", "answer_due_on",
                "fee_yuan", "basis", "pay_by")

FONT_CANDIDATES = (  # TrueType outlines (glyf), which reportlab embeds; the first that exists is used
    "/usr/share/fonts/truetype/arphic/uming.ttc",  # AR PL UMing CN (Arphic Public License), Debian fonts-arphic-uming
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",  # WenQuanYi Zen Hei (GPL with font embedding exception)
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
)


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def you(app: Application) -> str:
    """How the letter addresses the applicant: 您 to a natural person, 贵单位 to an organisation."""
    return "您" if app.applicant_type == ApplicantType.NATURAL_PERSON else "贵单位"


def letter_settings(org) -> LetterSettings:
    return LetterSettings.objects.filter(org=org).first() or LetterSettings(org=org)


def rights(conf: LetterSettings, addressee: str) -> str:
    """条例第五十一条: the notice of rights, naming the 复议机关 and the court when the agency has set them."""
    where = f"向{conf.reconsideration_body}" if conf.reconsideration_body else "依法"
    court = f"向{conf.court}" if conf.court else "依法向人民法院"
    return (f"{addressee}如对本答复不服，可以自收到本告知书之日起六十日内{where}申请行政复议，"
            f"或者自收到本告知书之日起六个月内{court}提起行政诉讼。")


def contact_line(conf: LetterSettings) -> str:
    parts = [f"联系人：{conf.contact_person}" if conf.contact_person else "",
             f"联系电话：{conf.contact_phone}" if conf.contact_phone else ""]
    return "　".join(p for p in parts if p)


def letter_number(conf: LetterSettings, org, kind: str, year: int, serial: int) -> str:
    prefix = conf.number_prefix or org.short_name or ""
    return conf.number_pattern.format(prefix=prefix, series=SERIES[kind], year=year, serial=serial)


def compose(code: str, values: dict, *, recipient: str, org_name: str, issued_on: dt.date, contact: str) -> tuple[str, list]:
    """(title, lines) of the letter CODE: the 主送 line, the body paragraphs, the contact line, then the
    落款 (agency, date). Lines are [style, text]; a broken admin template falls back to the default."""
    custom = LetterTemplate.objects.filter(letter_type=code).first()
    title, body = (custom.title, custom.body) if custom else DEFAULT_TEMPLATES[code]
    values = {**dict.fromkeys(PLACEHOLDERS, ""), **values}
    try:
        text = body.format(**values)
    except (KeyError, IndexError, ValueError, AttributeError):
        title, body = DEFAULT_TEMPLATES[code]
        text = body.format(**values)
    lines = [["recipient", f"{recipient}："]]
    lines += [["body", p.strip()] for p in text.split("\n") if p.strip()]
    if contact:
        lines.append(["body", contact])
    lines += [["signature", org_name], ["signature", cn_date(issued_on)]]
    return title, lines


def letter_issue(*, app: Application, code: str, on: dt.date, by=None, recipient: str | None = None,
                 public: bool = True, **values) -> Letter:
    """Issues the letter CODE (a Letter.Kind, or a reply type for K.REPLY) in APP's case: the next
    文号 of its kind, the text composed now and kept. Call inside the step's transaction."""
    kind = code if code in K.values else K.REPLY
    conf = letter_settings(app.org)
    year = on.year
    taken = lambda n: Letter.objects.filter(org=app.org, number=letter_number(conf, app.org, kind, year, n)).exists()  # noqa: E731
    serial = counter_next(org=app.org, scope=f"letter-{kind}", year=year, taken=taken)
    number = letter_number(conf, app.org, kind, year, serial)
    addressee = you(app)
    common = {
        "applicant": app.applicant_name or "申请人", "you": addressee, "org": app.org.name, "number": app.number,
        "received_on": cn_date(app.received_on), "subject": app.subject[:200], "issued_on": cn_date(on),
        "contact": contact_line(conf), "rights": rights(conf, addressee),
    }
    recipient = recipient or common["applicant"]
    title, lines = compose(code, {**common, **values}, recipient=recipient, org_name=app.org.name, issued_on=on,
                           contact=common["contact"])
    return Letter.objects.create(application=app, org=app.org, kind=kind, letter_type=code, year=year, serial=serial,
                                 number=number, issued_on=on, recipient=recipient, title=title, lines=lines,
                                 public=public, issued_by=by if by and by.is_authenticated else None)


def reply_code(outcome: str) -> str:
    return reply_letter_type(outcome)


def step_values(**facts) -> dict:
    """The placeholders of a step's letter from the step's facts, dates in Chinese, staff's text
    without its closing full stop (the template adds one)."""
    values = {}
    for key, value in facts.items():
        if isinstance(value, dt.date):
            values[key] = cn_date(value)
        elif key in ("what", "reason"):
            values[key] = clause(str(value))
        else:
            values[key] = value
    return values


# --- rendering ----------------------------------------------------------------------------------

def letter_text(letter: Letter) -> list[str]:
    """Every line of the letter as DOCX and PDF print it, in order: title, 文号, then the lines."""
    return [letter.title, letter.number, *(text for _, text in letter.lines)]


def letter_render(letter: Letter, fmt: str) -> bytes:
    return _docx(letter) if fmt == "docx" else _pdf(letter)


def letter_filename(letter: Letter, fmt: str) -> str:
    return f"{letter.get_kind_display()}-{letter.application.number}-{letter.serial}.{fmt}"


SEAL_SPACE_LINES = 3  # room above the 落款 for the seal (GB/T 9704 7.3.5)


def _docx(letter: Letter) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = new_document()
    title_paragraph(doc, letter.title)
    body_paragraph(doc, letter.number, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    signature_started = False
    for style, text in letter.lines:
        if style == "signature" and not signature_started:
            signature_started = True
            for _ in range(SEAL_SPACE_LINES):
                body_paragraph(doc, "", indent=False)
        if style == "recipient":
            body_paragraph(doc, text, indent=False)
        elif style == "signature":
            p = body_paragraph(doc, text, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = doc.styles["Normal"].font.size * 4  # 右空四字
        else:
            body_paragraph(doc, text)
    return save(doc)


_FONT_NAME: str | None = None


def pdf_font() -> str:
    """The name of a registered TrueType CJK font that reportlab embeds (subset) in the PDF: the
    GONGKAI_LETTER_FONT file if set, else the first of FONT_CANDIDATES present. Without one, the
    built-in CID font STSong-Light, which PDF readers must supply themselves — logged as a warning."""
    global _FONT_NAME
    if _FONT_NAME:
        return _FONT_NAME
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    configured = getattr(django_settings, "GONGKAI_LETTER_FONT", "")
    for path in ([configured] if configured else []) + list(FONT_CANDIDATES):
        if path and os.path.exists(path):
            pdfmetrics.registerFont(TTFont("GongkaiCJK", path, subfontIndex=0))
            _FONT_NAME = "GongkaiCJK"
            return _FONT_NAME
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    log.warning("没有找到可嵌入的中文 TrueType 字体（安装 fonts-arphic-uming 或设置 GONGKAI_LETTER_FONT）；"
                "文书 PDF 使用不嵌入的 STSong-Light")
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    _FONT_NAME = "STSong-Light"
    return _FONT_NAME


def _pdf(letter: Letter) -> bytes:
    import io

    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    font = pdf_font()
    body = ParagraphStyle("body", fontName=font, fontSize=16, leading=28, wordWrap="CJK", firstLineIndent=32)
    flush = ParagraphStyle("flush", parent=body, firstLineIndent=0)
    title = ParagraphStyle("title", parent=flush, fontSize=22, leading=36, alignment=TA_CENTER, spaceAfter=16)
    center = ParagraphStyle("center", parent=flush, alignment=TA_CENTER)
    right = ParagraphStyle("right", parent=flush, alignment=TA_RIGHT, rightIndent=64)
    out = io.BytesIO()

    def page_number(canvas, doc):
        canvas.setFont(font, 14)
        canvas.drawCentredString(A4[0] / 2, 2.0 * cm, f"— {doc.page} —")

    pdf = SimpleDocTemplate(out, pagesize=A4, topMargin=3.7 * cm, bottomMargin=3.5 * cm, leftMargin=2.8 * cm,
                            rightMargin=2.6 * cm, initialFontName=font, title=f"{letter.title}（{letter.number}）",
                            author=letter.lines[-2][1] if len(letter.lines) > 1 else "")
    story = [Paragraph(escape(letter.title), title), Paragraph(escape(letter.number), center)]
    signature_started = False
    for style, text in letter.lines:
        if style == "signature" and not signature_started:
            signature_started = True
            story.append(Spacer(1, 28 * SEAL_SPACE_LINES))
        story.append(Paragraph(escape(text), {"recipient": flush, "signature": right}.get(style, body)))
    pdf.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return out.getvalue()

