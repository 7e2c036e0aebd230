"""The portal's simple charts of a report (outcomes, applicant types, year on year) as plain data
for inline SVG bars: no script, no chart library. Each chart comes with the same numbers as a table,
its text alternative."""
from __future__ import annotations

from dataclasses import dataclass

from gongkai.applications.models import ApplicantType

# The six groups of 三、本年度办理结果, by the prefix of the outcome codes (outcomes.py keeps them in order).
OUTCOME_GROUPS = [
    ("予以公开", ("disclosed",)),
    ("部分公开", ("partially_disclosed",)),
    ("不予公开", ("withheld_",)),
    ("无法提供", ("unavailable_",)),
    ("不予处理", ("not_processed_",)),
    ("其他处理", ("other_", "other")),
]
BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, BAR_SPACE, VALUE_SPACE = 26, 10, 120, 360, 80


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    y: int = 0
    width: float = 0.0

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT // 2 + 5

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    unit: str
    bars: list[Bar]

    @property
    def height(self) -> int:
        return len(self.bars) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP

    # Geometry for the template's <svg>: labels right-aligned before the bars, values after them.
    label_width, label_x, bar_height = LABEL_WIDTH, LABEL_WIDTH - 8, BAR_HEIGHT
    view_width = LABEL_WIDTH + BAR_SPACE + VALUE_SPACE

    @property
    def total(self) -> int:
        return sum(b.value for b in self.bars)


def _laid_out(key: str, title: str, description: str, pairs: list[tuple[str, int]], unit: str = "件") -> Chart:
    biggest = max((v for _, v in pairs), default=0) or 1
    bars = [Bar(label, value, BAR_GAP + i * (BAR_HEIGHT + BAR_GAP), round(BAR_SPACE * value / biggest, 1))
            for i, (label, value) in enumerate(pairs)]
    return Chart(key, title, description, unit, bars)


def outcome_chart(figures: dict) -> Chart:
    rows = figures["applications"]["rows"]
    pairs = []
    for label, prefixes in OUTCOME_GROUPS:
        pairs.append((label, sum(cols["total"] for code, cols in rows.items()
                                 if code not in ("new", "carried_in", "total", "carried_out")
                                 and any(code == p or (p.endswith("_") and code.startswith(p)) for p in prefixes))))
    closed = rows["total"]["total"]
    return _laid_out("outcomes", "办理结果分布", f"本年度办结申请共{closed}件，按办理结果分类的件数。", pairs)


def applicant_chart(figures: dict) -> Chart:
    new = figures["applications"]["rows"]["new"]
    # Short labels fit beside the bars; the table below the chart names the official columns.
    pairs = [("其他组织" if t.value == "other_org" else t.label, new[t.value]) for t in ApplicantType]
    return _laid_out("applicants", "申请人类型", f"本年新收政府信息公开申请共{new['total']}件，按申请人类型分类的件数。", pairs)


def year_chart(series: list[tuple[int, int]]) -> Chart:
    pairs = [(f"{year}年", n) for year, n in series]
    return _laid_out("years", "历年新收申请数量", "近年已发布年度报告中“本年新收政府信息公开申请数量”的比较。", pairs)


def charts(figures: dict, series: list[tuple[int, int]]) -> list[Chart]:
    return [outcome_chart(figures), applicant_chart(figures), year_chart(series)]
