"""The periodic notice (通报) of departments' disclosure figures, as DOCX to publish or circulate:
the rules of the year, then one row per department with its figures, points, score and rank."""
from __future__ import annotations

from gongkai.core.officedoc import OfficialDocument

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


def render_notice(board: dict, *, issued_on) -> bytes:
    doc = OfficialDocument(notice_title(board))
    doc.paragraphs("各处室、直属单位：")
    doc.paragraphs(
        f"根据本机关{board['year']}年政务公开工作考核办法，政务公开工作占各处室年终考核的"
        f"{board['weight'].normalize():f}%。现将{board['first']:%Y年%-m月%-d日}至{board['last']:%Y年%-m月%-d日}"
        f"各处室信息报送与采用、主动公开及时性和政务公开工作要点任务完成情况通报如下。")
    doc.heading("一、考核指标")
    doc.paragraphs("\n".join(
        f"{n}. {r.label}：{r.points.normalize():f}分" + (f"，报送（采用）{r.target}件及以上得满分" if r.target else "，按比例计分")
        for n, r in enumerate(board["rules"], start=1)))
    doc.heading("二、各处室情况")
    doc.paragraphs("表中每项为“数量或按时完成数/应完成数／得分”。")
    doc.table(notice_rows(board))
    doc.heading("三、工作要求")
    doc.paragraphs("请得分靠后的处室对照通报查找差距，按时报送信息、及时公开政府信息、按期完成工作要点任务。")
    doc.right(f"{board['org'].name}")
    doc.right(f"{issued_on:%Y年%-m月%-d日}")
    return doc.bytes()
