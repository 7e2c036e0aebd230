"""`gongkai import applications`: years of 依申请公开 records from a spreadsheet (import-format.md).

Imported applications are history kept elsewhere before Gongkai: they are not checked like a new
application (no ID number or phone is needed, and a past date is the point), only for what makes the
record coherent — known codes, dates that exist and follow each other, an outcome exactly when a case
is closed. Every row is checked first and every bad row is reported; a clean file is written in one
transaction, new rows in bulk, then the clock of the open ones is computed in one pass.

A number already present updates that application — unless the case was handled in Gongkai itself
(it has a history of steps beyond a recomputed deadline): a spreadsheet must not silently overwrite
a live case's status or clock, so such a row is reported like any other bad row.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import InvalidInput
from gongkai.core.tabular import Column, RowErrors, RowNumbers, cell_text, date_or_reason, read_table
from gongkai.orgs.models import Organisation
from gongkai.workdays.rules import regime_for

from . import clock
from .models import ApplicantType, Application, Channel, Event, masked_values, query_code_digest
from .outcomes import Outcome
from .services import EARLIEST_RECEIPT, QUERY_CODE_ALPHABET

APPLICATION_COLUMNS = [
    Column("number", "编号", required=True, aliases=("登记编号",)),
    Column("received_on", "收到日期", required=True, aliases=("收到申请日期",)),
    Column("channel", "申请方式", required=True),
    Column("applicant_type", "申请人类型", required=True),
    Column("applicant_name", "申请人", aliases=("申请人姓名", "申请人名称")),
    Column("subject", "申请内容"),
    Column("outcome", "办理结果"),
    Column("closed_on", "办结日期"),
    Column("extended", "是否延期"),
    Column("fee_yuan", "收费金额", aliases=("收费金额（元）",)),
]
_LABELS = {c.code: c.label for c in APPLICATION_COLUMNS}
# The short Chinese values of import-format.md, besides the codes and the models' own labels.
_CHANNEL_WORDS = {"网上": Channel.ONLINE, "信函": Channel.LETTER, "电子邮件": Channel.EMAIL, "当面": Channel.IN_PERSON,
                  "传真": Channel.FAX}
_FLAGS = {"0": False, "1": True, "否": False, "是": True}
_NUMBER_MAX = Application._meta.get_field("number").max_length
_NAME_MAX = Application._meta.get_field("applicant_name").max_length
BATCH = 2000  # rows per bulk INSERT or clock pass: bounded memory and query size at 100,000 rows


@dataclass
class ImportedApplication:
    line: int
    number: str
    values: dict = field(default_factory=dict)  # model field → value, only for columns the file has

    @property
    def is_open(self) -> bool:
        return self.values.get("status", Application.Status.REGISTERED) != Application.Status.CLOSED


def applications_import(*, path: str | Path, org_code: str, by=None) -> dict:
    """Imports applications from PATH into organisation ORG_CODE; returns {"created", "updated"}.
    Raises RowErrors (every bad row, nothing written) or InvalidInput (unreadable file, unknown org)."""
    org = Organisation.objects.filter(code=org_code).first()
    if org is None:
        raise InvalidInput(f"机关 {org_code} 不存在（可先用 gongkai org create 创建）")
    table = read_table(path, APPLICATION_COLUMNS)
    parser = _RowParser(set(table.columns))
    rows, errors = [], []
    for line, values in table.rows:
        row = parser.parse(line, values, errors)
        if row is not None:
            rows.append(row)
    existing = _existing(org, rows, errors)
    if errors:
        raise RowErrors(errors)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return applications_write(org=org, rows=rows, existing=existing, by=by,
                              source={"file": Path(path).name, "sha256": digest})


class _RowParser:
    """Turns one row's cells into an ImportedApplication, collecting every reason it is bad."""

    def __init__(self, columns: set[str]):
        self.columns = columns
        self.today = timezone.localdate()
        self.numbers = RowNumbers(_NUMBER_MAX)
        self.channels = _choice_index(Channel) | _CHANNEL_WORDS
        self.types = _choice_index(ApplicantType)
        self.outcomes = _choice_index(Outcome)

    def parse(self, line: int, cells: dict, errors: list) -> ImportedApplication | None:
        reasons: list[str] = []
        number = self.numbers.take(line, cells, reasons)
        values: dict = {}
        received = self._date(cells, "received_on", reasons)
        if received is None and not cell_text(cells.get("received_on")):
            reasons.append("收到日期不能为空")
        if received is not None:
            self._check_received(received, reasons)
            values["received_on"], values["regime"] = received, regime_for(received)
        values["channel"] = self._choice(cells, "channel", self.channels, Channel, reasons)
        values["applicant_type"] = self._choice(cells, "applicant_type", self.types, ApplicantType, reasons)
        for name, limit in (("applicant_name", _NAME_MAX), ("subject", None)):
            if name in self.columns:
                values[name] = cell_text(cells.get(name))
                if limit and len(values[name]) > limit:
                    reasons.append(f"{_LABELS[name]}超过 {limit} 个字（现为 {len(values[name])} 个字）")
        if "outcome" in self.columns or "closed_on" in self.columns:
            values.update(self._closing(cells, received, reasons))
        if "extended" in self.columns:
            values["extended"] = self._flag(cells, reasons)
        if "fee_yuan" in self.columns:
            values["fee_yuan"] = self._fee(cells, reasons)
        if reasons:
            errors.extend((line, reason) for reason in reasons)
            return None
        return ImportedApplication(line=line, number=number, values=values)

    def _date(self, cells: dict, name: str, reasons: list[str]) -> dt.date | None:
        return date_or_reason(cells, name, _LABELS[name], reasons)

    def _check_received(self, received: dt.date, reasons: list[str]) -> None:
        if received > self.today:
            reasons.append(f"收到日期 {received} 晚于今天")
        if received < EARLIEST_RECEIPT:
            reasons.append(f"收到日期 {received} 早于2008年5月1日（《政府信息公开条例》施行之日）")

    def _closing(self, cells: dict, received: dt.date | None, reasons: list[str]) -> dict:
        """办理结果 and 办结日期 go together: a closed case has both, a case still handled neither."""
        text = cell_text(cells.get("outcome"))
        outcome = self.outcomes.get(text.lower()) if text else ""
        if outcome is None:
            reasons.append(f"办理结果“{text}”不是可用的代码（见导入格式中的办理结果代码表，如 disclosed、partially_disclosed）")
        closed = self._date(cells, "closed_on", reasons)
        if text and closed is None and cell_text(cells.get("closed_on")) == "":
            reasons.append("填写了办理结果，但办结日期为空")
        if closed is not None and not text:
            reasons.append("填写了办结日期，但办理结果为空")
        if closed is not None and closed > self.today:
            reasons.append(f"办结日期 {closed} 晚于今天")
        if closed is not None and received is not None and closed < received:
            reasons.append(f"办结日期 {closed} 早于收到日期 {received}")
        if closed is None or not outcome:
            return {"status": Application.Status.REGISTERED, "outcome": "", "closed_on": None}
        return {"status": Application.Status.CLOSED, "outcome": outcome, "closed_on": closed}

    def _choice(self, cells: dict, name: str, index: dict, choices, reasons: list[str]) -> str:
        text = cell_text(cells.get(name))
        value = index.get(text.lower())
        if not text:
            reasons.append(f"{_LABELS[name]}不能为空")
        elif value is None:
            allowed = "、".join(f"{c.value}（{c.label}）" for c in choices)
            reasons.append(f"{_LABELS[name]}“{text}”不是可用的值；可用：{allowed}")
        return value or ""

    def _flag(self, cells: dict, reasons: list[str]) -> bool:
        text = cell_text(cells.get("extended"))
        if text and text not in _FLAGS:
            reasons.append(f"是否延期“{text}”应填 0 或 1")
        return _FLAGS.get(text, False)

    def _fee(self, cells: dict, reasons: list[str]) -> int:
        text = cell_text(cells.get("fee_yuan"))
        if not text:
            return 0
        if not (text.isascii() and text.isdigit()):
            reasons.append(f"收费金额“{text}”应为不小于0的整数（元）")
            return 0
        return int(text)


def _choice_index(choices) -> dict[str, str]:
    """Codes (any case) and Chinese labels, e.g. disclosed / （一）予以公开, natural_person / 自然人."""
    index = {c.value.lower(): c.value for c in choices}
    index.update({str(c.label).lower(): c.value for c in choices})
    return index


def _existing(org: Organisation, rows: list[ImportedApplication], errors: list) -> dict[str, int]:
    """number → pk of the organisation's applications the file names (one query for the numbers);
    rows naming a case handled in Gongkai itself are reported (see the module docstring)."""
    numbers = dict(Application.objects.filter(org=org).values_list("number", "pk"))
    existing = {row.number: numbers[row.number] for row in rows if row.number in numbers}
    if existing:
        live = set(Event.objects.filter(application__org=org).exclude(kind=Event.Kind.RECOMPUTED)
                   .values_list("application_id", flat=True).distinct())
        for row in rows:
            if existing.get(row.number) in live:
                errors.append((row.line, f"编号 {row.number} 的申请是在本系统中登记办理的，不能用导入覆盖"))
    return existing


def applications_write(*, org: Organisation, rows: list[ImportedApplication], existing: dict[str, int],
                       by=None, source: dict | None = None) -> dict:
    """Writes checked rows in one transaction: updates in place, new rows in bulk, then the clock of
    every open imported application; one audit entry for the whole import."""
    fresh = [r for r in rows if r.number not in existing]
    again = [r for r in rows if r.number in existing]
    with transaction.atomic():
        _insert(org, fresh)
        _update(again, existing)
        open_numbers = {r.number for r in rows if r.is_open}
        open_ids = [pk for number, pk in Application.objects.filter(org=org, status__in=Application.OPEN_STATUSES)
                    .values_list("number", "pk") if number in open_numbers]
        for start in range(0, len(open_ids), BATCH):
            clock.applications_recompute(Application.objects.filter(pk__in=open_ids[start:start + BATCH]),
                                         reason="导入历史申请记录，按工作日历计算答复期限")
        counts = {"created": len(fresh), "updated": len(again)}
        audit_record("application.imported", by=by, org=org, data={**(source or {}), **counts, "open": len(open_ids)})
    return counts


# Imports write with executemany rather than bulk_create/bulk_update: building Django's SQL for each
# row of 100,000 costs more than the database does (the clock's recompute writes the same way).

def _insert(org: Organisation, rows: list[ImportedApplication]) -> None:
    """New rows: every column from a template application with the model's defaults, then the
    columns of the row. (No full_clean: the parser checked every value the row brings.)"""
    if not rows:
        return
    fields = [f for f in Application._meta.concrete_fields if not f.primary_key]
    template = Application(org=org)
    now = timezone.now()
    defaults = {f.attname: f.get_db_prep_save(now if f.name in ("created_at", "updated_at") else getattr(template, f.attname),
                                                connection) for f in fields}
    names = [*rows[0].values]
    prepped = {n: Application._meta.get_field(n) for n in names}
    params = []
    for row in rows:
        values = dict(defaults, number=row.number, query_code_hash=query_code_digest(_query_code()))
        values.update((n, prepped[n].get_db_prep_save(row.values[n], connection)) for n in names)
        values.update(masked_values(row.values))  # what the staff pages show, as save() would set it
        params.append([values[f.attname] for f in fields])
    quote = connection.ops.quote_name
    sql = (f"INSERT INTO {quote(Application._meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start:start + BATCH])


assert len(QUERY_CODE_ALPHABET) == 32, "_query_code relies on 32 characters (256 = 8 × 32)"


def _query_code() -> str:
    # Each random byte modulo 32 picks a character uniformly, far cheaper than 8 calls of choice().
    return "".join(QUERY_CODE_ALPHABET[b % 32] for b in secrets.token_bytes(8))


def _update(rows: list[ImportedApplication], existing: dict[str, int]) -> None:
    """One UPDATE statement run for many rows: the columns the file has (the same for every row)."""
    if not rows:
        return
    names = [*rows[0].values, *masked_values(rows[0].values), "updated_at"]
    fields = [Application._meta.get_field(n) for n in names]
    quote = connection.ops.quote_name
    sql = (f"UPDATE {quote(Application._meta.db_table)} SET "
           + ", ".join(f"{quote(f.column)} = %s" for f in fields) + f" WHERE {quote('id')} = %s")
    now = timezone.now()
    params = []
    for row in rows:
        values = {**row.values, **masked_values(row.values), "updated_at": now}
        params.append([f.get_db_prep_save(values[f.name], connection) for f in fields] + [existing[row.number]])
    with connection.cursor() as cursor:
        for start in range(0, len(params), BATCH):
            cursor.executemany(sql, params[start:start + BATCH])
