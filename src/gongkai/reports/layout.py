"""The report's tables as the official format draws them (国办公开办函〔2021〕30号): each a grid of
cells with their spans, and the column widths that fit the text width of an A4 portrait page
(21 cm less the GB/T 9704 margins of 2.8 cm and 2.6 cm: 15.6 cm). DOCX, XLSX and HTML are all drawn
from these grids, so the three say the same, merged heads and row groups included.

- 二: one table in the four blocks of 第二十条第（一）（五）（六）（八）项, each with its own head row;
- 三: the two-level applicant head (自然人 · 法人或其他组织 over five kinds · 总计) under 申请人情况,
  and the row group 三、本年度办理结果 with its sub-rows （一）…（七）总计, the （三）（四）（五）（六）
  items each grouping its numbered sub-items;
- 四: one row of 15 numbers under 行政复议 and 行政诉讼（未经复议直接起诉 · 复议后起诉）.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from gongkai.applications.outcomes import Outcome

from . import labels as L
from .annual import COLUMNS

TEXT_WIDTH_CM = 15.6


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1
    head: bool = False  # a column head (bold, centred)
    label: bool = False  # a row label (left-aligned)
    value: object = None  # the number behind TEXT, for data cells


@dataclass
class Grid:
    key: str
    widths_cm: list[float]
    head_rows: int
    cells: list[Cell] = field(default_factory=list)
    font_pt: float = 10.5  # 五号

    @property
    def cols(self) -> int:
        return len(self.widths_cm)

    @property
    def rows(self) -> int:
        return max(c.row + c.rowspan for c in self.cells)

    def add(self, row: int, col: int, text, **kw) -> None:
        self.cells.append(Cell(row, col, "" if text is None else str(text), **kw))

    def matrix(self) -> list[list[str]]:
        """Every position's text, a merged cell's text repeated over its span (as Word reports it)."""
        grid = [[""] * self.cols for _ in range(self.rows)]
        for c in self.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    grid[r][k] = c.text
        return grid

    def merges(self) -> set[tuple[int, int, int, int]]:
        """(first row, first col, last row, last col) of each merged cell, 0-based."""
        return {(c.row, c.col, c.row + c.rowspan - 1, c.col + c.colspan - 1)
                for c in self.cells if c.rowspan > 1 or c.colspan > 1}


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def proactive_grid(p: dict) -> Grid:
    g = Grid("proactive", [6.0, 3.2, 3.2, 3.2], head_rows=0)
    r = 0

    def block(title: str, head: list[str], rows: list[tuple[str, list]]) -> None:
        nonlocal r
        g.add(r, 0, title, colspan=4, head=True)
        g.add(r + 1, 0, "信息内容", head=True)
        if len(head) == 1:
            g.add(r + 1, 1, head[0], colspan=3, head=True)
        else:
            for i, h in enumerate(head):
                g.add(r + 1, 1 + i, h, head=True)
        r += 2
        for label, values in rows:
            g.add(r, 0, label, label=True)
            if len(values) == 1:
                g.add(r, 1, _number(values[0]), colspan=3, value=values[0])
            else:
                for i, v in enumerate(values):
                    g.add(r, 1 + i, v, value=v)
            r += 1

    block("第二十条第（一）项", list(L.PROACTIVE_COLUMNS.values()),
          [(L.PROACTIVE_LABELS[k], [p[k][c] for c in L.PROACTIVE_COLUMNS]) for k in L.PROACTIVE_LABELS])
    block("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", [p["licensing"]])])
    block("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", [p["penalty"]]), ("行政强制", [p["enforcement"]])])
    block("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", [p["fees_10k_yuan"]])])
    return g


def _outcome_parts(outcome: Outcome) -> tuple[str, str]:
    """"（三）1. 属于国家秘密" → ("（三）", "1.属于国家秘密"); "（一）予以公开" → ("（一）", "")."""
    group, rest = outcome.label[:3], outcome.label[3:].strip()
    if rest[:1].isdigit():
        number, _, text = rest.partition(".")
        return group, f"{number}.{text.strip()}"
    return group, ""


def applications_grid(rows: dict) -> Grid:
    # 3 label columns (row group, item, sub-item) and 7 applicant columns.
    g = Grid("applications", [1.0, 1.6, 4.9] + [1.157] * 7, head_rows=3, font_pt=9)
    g.add(0, 0, L.CONSISTENCY_NOTE, rowspan=3, colspan=3, head=True)
    g.add(0, 3, "申请人情况", colspan=7, head=True)
    g.add(1, 3, L.COLUMN_LABELS["natural_person"], rowspan=2, head=True)
    g.add(1, 4, "法人或其他组织", colspan=5, head=True)
    g.add(1, 9, L.COLUMN_LABELS["total"], rowspan=2, head=True)
    for i, col in enumerate(L.ORG_COLUMNS):
        g.add(2, 4 + i, L.COLUMN_LABELS[col], head=True)

    def values(r: int, key: str) -> None:
        for i, col in enumerate(COLUMNS):
            g.add(r, 3 + i, rows[key][col], value=rows[key][col])

    r = 3
    for key in ("new", "carried_in"):
        g.add(r, 0, L.ROW_LABELS[key], colspan=3, label=True)
        values(r, key)
        r += 1
    outcomes = list(Outcome)
    g.add(r, 0, L.SECTION_THREE, rowspan=len(outcomes) + 1, label=True)
    i = 0
    while i < len(outcomes):
        group, sub = _outcome_parts(outcomes[i])
        if not sub:  # （一）予以公开, （二）部分公开: one row over both label columns
            g.add(r, 1, L.OUTCOME_ROW_LABELS.get(outcomes[i].value, outcomes[i].label), colspan=2, label=True)
            values(r, outcomes[i].value)
            r, i = r + 1, i + 1
            continue
        members = [o for o in outcomes[i:] if o.label.startswith(group)]
        g.add(r, 1, L.OUTCOME_GROUPS[group], rowspan=len(members), label=True)
        for o in members:
            g.add(r, 2, _outcome_parts(o)[1], label=True)
            values(r, o.value)
            r += 1
        i += len(members)
    g.add(r, 1, L.ROW_LABELS["total"], colspan=2, label=True)
    values(r, "total")
    r += 1
    g.add(r, 0, L.ROW_LABELS["carried_out"], colspan=3, label=True)
    values(r, "carried_out")
    return g


def reviews_grid(rev: dict) -> Grid:
    g = Grid("reviews", [TEXT_WIDTH_CM / 15] * 15, head_rows=3, font_pt=9)
    results = list(L.REVIEW_RESULT_LABELS.values())
    g.add(0, 0, "行政复议", colspan=5, head=True)
    g.add(0, 5, "行政诉讼", colspan=10, head=True)
    for i, h in enumerate(results):
        g.add(1, i, h, rowspan=2, head=True)
    g.add(1, 5, "未经复议直接起诉", colspan=5, head=True)
    g.add(1, 10, "复议后起诉", colspan=5, head=True)
    for block in (5, 10):
        for i, h in enumerate(results):
            g.add(2, block + i, h, head=True)
    for b, kind in enumerate(("reconsideration", "litigation_direct", "litigation_after_reconsideration")):
        for i, result in enumerate(L.REVIEW_RESULT_LABELS):
            g.add(3, b * 5 + i, rev[kind][result], value=rev[kind][result])
    return g


def report_grids(figures: dict) -> dict[str, Grid]:
    return {"proactive": proactive_grid(figures["proactive"]),
            "applications": applications_grid(figures["applications"]["rows"]),
            "reviews": reviews_grid(figures["reviews"])}


def prose_blocks(text: str) -> list[tuple[str, str]]:
    """A prose section as (kind, text) lines for DOCX and HTML alike: "subheading" for a part's head
    such as （一）主动公开, "paragraph" otherwise; an empty section is the one paragraph "（无）"."""
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return [("paragraph", "（无）")]
    return [("subheading" if _is_subheading(line) else "paragraph", line) for line in lines]


def _is_subheading(line: str) -> bool:
    return line.startswith("（") and "）" in line[:5] and len(line) <= 16 and not line.endswith(("。", "；", "："))
