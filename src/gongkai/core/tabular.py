"""Reading the spreadsheets agencies arrive with (import-format.md): CSV or XLSX, header row first.

CSV may be UTF-8 (with or without BOM) or GB18030 (what Excel on a Chinese Windows saves as "CSV").
XLSX: the first sheet. Columns come in any order and are named by code (`title`) or by the Chinese
header of the format (`信息名称`); an unknown column is an error, not silently dropped, because a
misspelt header would otherwise lose a whole column of data without anyone noticing.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.core.errors import InvalidInput, file_error_text


@dataclass(frozen=True)
class Column:
    code: str
    label: str  # the Chinese header of the format, e.g. 信息名称
    required: bool = False
    aliases: tuple[str, ...] = ()  # other accepted headers, e.g. 体裁 and 类别 for 体裁/类别


@dataclass
class Table:
    """Rows as {column code: raw cell} with the spreadsheet row number (the header is row 1)."""

    columns: list[str]
    rows: list[tuple[int, dict]] = field(default_factory=list)


class RowErrors(InvalidInput):
    """Every bad row of a file, each with its row number; nothing was written."""

    def __init__(self, errors: list[tuple[int, str]], what: str = "导入"):
        self.errors = sorted(errors, key=lambda e: e[0])  # by row; reasons within a row keep their order
        lines = [f"第{line}行：{reason}" for line, reason in self.errors]
        rows = len({line for line, _ in self.errors})
        super().__init__(f"{what}失败：{rows} 行有误，未写入任何数据\n" + "\n".join(lines))


_XLSX_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # the old binary .xls


def read_table(path: str | Path, columns: list[Column]) -> Table:
    """The file at PATH as a Table; InvalidInput (one clear line) when it cannot be read."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise InvalidInput(file_error_text(e)) from None
    if raw.startswith(_OLE_MAGIC):
        raise InvalidInput(f"{path.name} 是旧版 Excel（.xls）文件，请另存为 .xlsx 或 CSV（UTF-8）后再导入")
    grid = _xlsx_rows(raw, path.name) if raw.startswith(_XLSX_MAGIC) else _csv_rows(raw, path.name)
    return _to_table(grid, columns, path.name)


def _csv_rows(raw: bytes, name: str) -> list[list]:
    if raw.startswith(codecs.BOM_UTF8):
        text = raw[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise InvalidInput(f"{name} 的文字编码无法识别：请保存为 UTF-8 或 GB18030 编码的 CSV") from None
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    try:
        return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)]
    except csv.Error as e:
        raise InvalidInput(f"{name} 不是有效的 CSV 文件：{e}") from None


def _xlsx_rows(raw: bytes, name: str) -> list[list]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise InvalidInput(f"{name} 不是有效的 XLSX 文件：{e}") from None
    try:
        if not book.worksheets:
            raise InvalidInput(f"{name} 中没有工作表")
        return [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def _header_key(text: str) -> str:
    """Headers as people type them: spaces, a required-marker `*`, full-width brackets, case."""
    return re.sub(r"[\s*＊]", "", text).replace("（", "(").replace("）", ")").lower()


def _header_index(columns: list[Column]) -> dict[str, str]:
    index: dict[str, str] = {}
    for c in columns:
        for name in (c.code, c.label, *c.aliases, f"{c.code}({c.label})", f"{c.label}({c.code})"):
            index[_header_key(name)] = c.code
    return index


def _to_table(grid: list[list], columns: list[Column], name: str) -> Table:
    if not grid or not any(_filled(v) for v in grid[0]):
        raise InvalidInput(f"{name} 是空的：第一行应为表头（如 {'、'.join(c.label for c in columns[:3])}…）")
    index = _header_index(columns)
    codes: list[str | None] = []
    for position, cell in enumerate(grid[0], start=1):
        header = str(cell).strip() if cell is not None else ""
        if not header:
            codes.append(None)  # an empty header: allowed only over an empty column (checked below)
            continue
        code = index.get(_header_key(header))
        if code is None:
            known = "、".join(f"{c.code}（{c.label}）" for c in columns)
            raise InvalidInput(f"表头第{position}列“{header}”不是可识别的列名；可用的列：{known}")
        if code in codes:
            raise InvalidInput(f"表头中“{header}”列重复出现")
        codes.append(code)
    missing = [f"{c.code}（{c.label}）" for c in columns if c.required and c.code not in codes]
    if missing:
        raise InvalidInput(f"缺少必填列：{'、'.join(missing)}")
    table = Table(columns=[c for c in codes if c])
    for number, row in enumerate(grid[1:], start=2):
        if not any(_filled(v) for v in row):
            continue  # blank lines between blocks are common in hand-kept sheets
        values = {}
        for position, value in enumerate(row):
            code = codes[position] if position < len(codes) else None
            if code is None:
                if _filled(value):
                    raise InvalidInput(f"第{number}行第{position + 1}列有内容，但该列没有表头")
                continue
            values[code] = value
        table.rows.append((number, values))
    return table


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


# Cell parsers: each returns the value or raises ValueError with the reason in Chinese.

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a number typed into a spreadsheet cell (文号 serial, a code)
    if isinstance(value, (dt.datetime, dt.date)):
        value = value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    return str(value).strip()


def cell_date(value, label: str) -> dt.date | None:
    """A date written YYYY-MM-DD (or a real date cell of a spreadsheet); None when empty."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"{label}“{text}”不是有效日期，应写成 YYYY-MM-DD（如 2025-03-01）")
