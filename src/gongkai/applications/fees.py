"""Processing fees (《政府信息公开信息处理费管理办法》, 国办函〔2020〕109号).

No fee as a rule (条例第四十二条); a fee only when an applicant's applications are clearly beyond
reason in number or frequency. Excess-progressive; one method per application, never both.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Fee:
    method: str  # "count" (按件计收) or "pages" (按量计收)
    fee_yuan: int
    basis: str


def fee_by_count(monthly_count: int) -> Fee:
    """按件计收: the fee for an applicant's N-th application in one calendar month.
    1st–10th free; 11th–30th 100 yuan each; from the 31st every further band of 10 costs 100 more
    (31st–40th 200, 41st–50th 300, …)."""
    if monthly_count < 1:
        raise ValueError("the monthly count starts at 1")
    if monthly_count <= 10:
        return Fee("count", 0, "按件计收：同一申请人一个自然月内第1至10件，不收费")
    if monthly_count <= 30:
        return Fee("count", 100, "按件计收：同一申请人一个自然月内第11至30件，每件100元")
    band = (monthly_count - 31) // 10
    low, high = 31 + band * 10, 40 + band * 10
    fee = 200 + band * 100
    return Fee("count", fee, f"按件计收：同一申请人一个自然月内第{low}至{high}件，每件{fee}元")


# 按量计收, per reply: (first page, last page or None, yuan per page)
PAGE_BANDS = ((1, 30, 0), (31, 100, 10), (101, 200, 20), (201, None, 40))


def fee_by_pages(pages: int) -> Fee:
    """按量计收: the fee for one reply of P pages (paper, e-mail or copied electronic data).
    Pages 1–30 free; 31–100 at 10 yuan a page; 101–200 at 20; from 201 at 40 — each band only for
    the pages that fall in it."""
    if pages < 0:
        raise ValueError("pages cannot be negative")
    total, parts = 0, []
    for first, last, price in PAGE_BANDS:
        if pages < first:
            break
        in_band = (min(pages, last) if last else pages) - first + 1
        total += in_band * price
        span = f"第{first}至{last}页" if last else f"第{first}页起"
        parts.append(f"{span}{'免费' if price == 0 else f'每页{price}元×{in_band}页'}")
    return Fee("pages", total, "按量计收：" + "；".join(parts) if parts else "按量计收：0页，不收费")
