"""The periodic notice (通报) of departments' disclosure figures, as DOCX to publish or circulate:
the rules of the year, then one row per department with its figures, points, score and rank."""
from __future__ import annotations

from gongkai.core.officedoc import BODY_FONT, HEADING_FONT, body_paragraph, new_document, save, set_font, title_paragraph

from .assessment import figure_text


def notice_title(board: dict) -> str:
    return f"{board['org'].name}关于{board['year']}年{board['period_label']}各处室政务公开工作情况的通报"


def notice_rows(board: dict) -> list[list]:
    """The notice's table (header first): the one source of the DOCX, and what the test reads back."""
    rules = board["rules"]
    head = ["名次", "处室", *(f"{r.label}（{r.points.normalize():f}分）" for r in rules), "得分（百分制）",
            f"折合年终考核分（{board['weight'].normalize():f}%）"]
    rows = [head]
    for row in board["rows"]:
        cells = [f"{figure_text(c)}／{c['points'] if c['points'] is not None else '—'}" for c in row["cells"]]
        rows.append([row["rank"], row["department"].name, *cells,
                     row["score"] if row["score"] is not None else "—",
                     row["year_end"] if row["year_end"] is not None else "—"])
    return rows


def _table(doc, rows: list[list]) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    t = doc.add_table(rows=len(rows), cols=len(rows[0]))
    t.style, t.alignment = "Table Grid", WD_TABLE_ALIGNMENT.CENTER
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            paragraph = t.cell(r, c).paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if c == 1 else WD_ALIGN_PARAGRAPH.CENTER
            set_font(paragraph.add_run(str(value)), HEADING_FONT if r == 0 else BODY_FONT, 10.5)  # 五号 in tables


def render_notice(board: dict, *, issued_on) -> bytes:
    """The 通报 as an official document (core.officedoc): title, the rules, the departments' table, the
    agency and the date."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = new_document()
    title_paragraph(doc, notice_title(board))
    body_paragraph(doc, "各处室、直属单位：", indent=False)
    body_paragraph(doc, (
        f"根据本机关{board['year']}年政务公开工作考核办法，政务公开工作占各处室年终考核的"
        f"{board['weight'].normalize():f}%。现将{board['first']:%Y年%-m月%-d日}至{board['last']:%Y年%-m月%-d日}"
        f"各处室信息报送与采用、主动公开及时性和政务公开工作要点任务完成情况通报如下。"))
    body_paragraph(doc, "一、考核指标", font=HEADING_FONT)
    for n, r in enumerate(board["rules"], start=1):
        body_paragraph(doc, f"{n}. {r.label}：{r.points.normalize():f}分" +
                       (f"，报送（采用）{r.target}件及以上得满分" if r.target else "，按比例计分"))
    body_paragraph(doc, "二、各处室情况", font=HEADING_FONT)
    body_paragraph(doc, "表中每项为“数量或按时完成数/应完成数／得分”。")
    _table(doc, notice_rows(board))
    body_paragraph(doc, "三、工作要求", font=HEADING_FONT)
    body_paragraph(doc, "请得分靠后的处室对照通报查找差距，按时报送信息、及时公开政府信息、按期完成工作要点任务。")
    body_paragraph(doc, board["org"].name, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    body_paragraph(doc, f"{issued_on:%Y年%-m月%-d日}", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    return save(doc)
