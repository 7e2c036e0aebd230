"""`gongkai report quarterly --org CODE --year Y --quarter Q [--format json|html|docx|xlsx] [-o PATH]`
and `gongkai report annual --org CODE --year Y [--format …] [-o PATH]` (spec/cli.md): the quarterly
figures of applications, and the annual report (annual-report.md: the newest final snapshot if the
year's report is finalised, else the figures counted now, with a warning on standard error when the
applications table does not add up). JSON goes to standard output when there is no
-o; HTML may too; DOCX and XLSX are binary and need -o.

Each report is one sub-action with its own builder in REPORTS; `annual` (annual-report.md) joins
there with the same --org/--format/-o options.
"""
from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from gongkai.applications import reports
from gongkai.applications.selectors import quarter_span, quarterly_figures
from gongkai.core.cli import BadInput, GongkaiCommand
from gongkai.core.errors import file_error_text
from gongkai.orgs.models import Organisation
from ... import exports as annual_exports
from ... import selectors as annual_selectors
from ...annual import annual_figures, consistency
from ...models import AnnualReport

FORMATS = ("json", "html", "docx", "xlsx")
FIRST_YEAR = 2008  # the regulation took effect on 2008-05-01: no figures before


@dataclass(frozen=True)
class Built:
    figures: dict  # the JSON document
    org_name: str
    prose: dict = field(default_factory=dict)  # the annual report's sections 一、五、六


def year_number(text: str) -> int:
    this_year = timezone.localdate().year
    if not (text.isascii() and text.isdigit()) or not FIRST_YEAR <= int(text) <= this_year:
        raise argparse.ArgumentTypeError(f"年份“{text}”无效：应为 {FIRST_YEAR} 至 {this_year} 之间的年份")
    return int(text)


def quarter_number(text: str) -> int:
    if text not in ("1", "2", "3", "4"):
        raise argparse.ArgumentTypeError(f"季度“{text}”无效：应为 1、2、3 或 4")
    return int(text)


class Command(GongkaiCommand):
    help = "报表：依申请公开的季度统计、政府信息公开工作年度报告（JSON、HTML、DOCX 或 XLSX）"

    def add_arguments(self, parser):
        actions = self.add_subcommands(parser)
        quarterly = actions.add_parser("quarterly", help="季度统计：收到、办结（按办理结果）和季度末未办结的申请")
        self._common(quarterly)
        quarterly.add_argument("--year", required=True, type=year_number, help="年份，如 2026")
        quarterly.add_argument("--quarter", required=True, type=quarter_number, help="季度：1–4")
        annual = actions.add_parser("annual", help="政府信息公开工作年度报告（已定稿的取最新定稿版本，否则按当前记录统计）")
        self._common(annual)
        annual.add_argument("--year", required=True, type=year_number, help="报告年度，如 2025")

    @staticmethod
    def _common(sub) -> None:
        sub.add_argument("--org", required=True, metavar="CODE", help="机关（机构代码）")
        sub.add_argument("--format", choices=FORMATS, default="json", dest="fmt", help="输出格式（默认 json）")
        sub.add_argument("-o", "--output", metavar="PATH", help="写入文件；不指定时输出到标准输出（仅 json、html）")

    def handle(self, *args, action, org, fmt, output=None, **options):
        found = Organisation.objects.filter(code=org).first()
        if found is None:
            raise BadInput(f"机关 {org} 不存在")
        if fmt in ("docx", "xlsx") and not output:
            raise BadInput(f"{fmt.upper()} 是二进制文件，不能输出到标准输出：请用 -o PATH 指定要写入的文件")
        built = getattr(self, f"build_{action}")(found, **options)
        content = RENDERERS[action][fmt](built)
        if output:
            _write(Path(output), content)
        else:
            self.stdout.write(content)

    def build_quarterly(self, org: Organisation, *, year: int, quarter: int, **options) -> Built:
        start, _ = quarter_span(year, quarter)
        if start > timezone.localdate():
            raise BadInput(f"{year}年第{quarter}季度尚未开始")
        return Built(quarterly_figures(org, year, quarter), org.name)


    def build_annual(self, org: Organisation, *, year: int, **options) -> Built:
        final = annual_selectors.published_report(org.code, year)
        source = final or AnnualReport.objects.filter(org=org, year=year, status=AnnualReport.Status.DRAFT).first()
        figures = final.figures if final else annual_figures(org, year)
        problems = consistency(figures)
        if problems:
            # Still printed (the agency needs to see it to fix it), but never silently.
            self.stderr.write(f"警告：{year}年度申请情况表的勾稽关系不符：" + "；".join(problems))
        prose = {k: getattr(source, k) for k in ("overview", "problems", "other_matters")} if source else {}
        return Built(figures, org.name, prose)


def _json(built: Built) -> str:
    return json.dumps(built.figures, ensure_ascii=False)


RENDERERS = {
    "quarterly": {
        "json": _json,
        "html": lambda b: reports.quarterly_html(b.figures, b.org_name),
        "docx": lambda b: reports.quarterly_docx(b.figures, b.org_name),
        "xlsx": lambda b: reports.quarterly_xlsx(b.figures, b.org_name),
    },
    "annual": {
        "json": lambda b: json.dumps(annual_exports.report_json(b.figures, b.prose), ensure_ascii=False),
        "html": lambda b: annual_exports.render_html(b.org_name, b.figures["year"], b.figures, b.prose),
        "docx": lambda b: annual_exports.render_docx(b.org_name, b.figures["year"], b.figures, b.prose),
        "xlsx": lambda b: annual_exports.render_xlsx(b.org_name, b.figures["year"], b.figures),
    },
}


def _write(path: Path, content: str | bytes) -> None:
    """Writes beside the target, then renames: a reader never finds half a report."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    partial = path.with_name(f".{path.name}.partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as e:
        partial.unlink(missing_ok=True)
        e.filename = path  # the partial file's name would puzzle the reader
        raise BadInput(file_error_text(e, writing=True)) from None
