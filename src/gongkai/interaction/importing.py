"""`gongkai import messages`: years of messages and replies from a spreadsheet (import-format.md,
"messages"). All rows or none; every bad row named with its line; the Chinese header accepted; a
number already in the agency updates that message.

Imported messages are history: they are not published on the portal by the import (nobody has read
them for personal data yet) — staff publish answered ones from the workbench (decision 0012). A
message written on the portal, or one already published, is never overwritten by a spreadsheet:
such a row is reported like any other bad row.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import InvalidInput
from gongkai.core.tabular import Column, RowErrors, RowNumbers, cell_text, date_or_reason, read_table
from gongkai.orgs.models import Department, Organisation
from gongkai.workdays.selectors import current_calendar

from . import rules, selectors
from .models import Message

MESSAGE_COLUMNS = [
    Column("number", "编号", required=True, aliases=("留言编号",)),
    Column("channel", "渠道", required=True, aliases=("留言渠道",)),
    Column("received_on", "收到日期", required=True, aliases=("留言日期",)),
    Column("subject", "标题", required=True, aliases=("留言标题",)),
    Column("body", "内容", aliases=("留言内容",)),
    Column("writer", "留言人"),
    Column("is_public", "是否公开"),
    Column("department", "承办处室"),
    Column("replied_on", "答复日期"),
    Column("reply", "答复内容"),
]
_FLAGS = {"": True, "1": True, "0": False, "是": True, "否": False}
_CHANNEL_ALIASES = {"领导信箱": "mailbox"}  # import-format.md: mailbox 厅长信箱/领导信箱
_NUMBER_MAX = Message._meta.get_field("number").max_length
_SUBJECT_MAX = Message._meta.get_field("subject").max_length
_WRITER_MAX = Message._meta.get_field("writer_name").max_length
S = Message.Status


@dataclass
class Row:
    line: int
    number: str
    values: dict


def messages_import(*, path: str | Path, org_code: str, by=None) -> dict:
    """Imports messages from PATH into ORG_CODE; returns {"created", "updated"}. Raises RowErrors
    (every bad row, nothing written) or InvalidInput (unreadable file, unknown agency)."""
    org = Organisation.objects.filter(code=org_code).first()
    if org is None:
        raise InvalidInput(f"机关 {org_code} 不存在（可先用 gongkai org create 创建）")
    table = read_table(path, MESSAGE_COLUMNS)
    parser = _RowParser(org, set(table.columns))
    rows, errors = [], []
    for line, cells in table.rows:
        row = parser.parse(line, cells, errors)
        if row is not None:
            rows.append(row)
    existing = _existing(org, rows, errors)
    if errors:
        raise RowErrors(errors)
    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return _write(org, rows, existing, by=by, source={"file": Path(path).name, "sha256": digest})


class _RowParser:
    def __init__(self, org: Organisation, columns: set[str]):
        self.columns = columns
        self.today = timezone.localdate()
        self.numbers = RowNumbers(_NUMBER_MAX)
        channels = selectors.channels_for(org)  # closed channels too: history came through them
        self.channels = {c.code.lower(): c.code for c in channels} | {c.name: c.code for c in channels} | _CHANNEL_ALIASES
        self.channel_list = "、".join(f"{c.code}（{c.name}）" for c in channels)
        self.departments = {d.name: d for d in Department.objects.filter(org=org)}
        self.term, self.calendar = selectors.reply_term(org), current_calendar()

    def parse(self, line: int, cells: dict, errors: list) -> Row | None:
        reasons: list[str] = []
        number = self.numbers.take(line, cells, reasons)
        values: dict = {}
        text = cell_text(cells.get("channel"))
        values["channel"] = self.channels.get(text.lower()) or self.channels.get(text)
        if not text:
            reasons.append("渠道不能为空")
        elif values["channel"] is None:
            reasons.append(f"渠道“{text}”不是本机关的留言渠道；可用：{self.channel_list}")
        received = date_or_reason(cells, "received_on", "收到日期", reasons)
        if received is None and not cell_text(cells.get("received_on")):
            reasons.append("收到日期不能为空")
        elif received is not None and received > self.today:
            reasons.append(f"收到日期 {received} 晚于今天")
        subject = cell_text(cells.get("subject"))
        if not subject:
            reasons.append("标题不能为空")
        elif len(subject) > _SUBJECT_MAX:
            reasons.append(f"标题超过 {_SUBJECT_MAX} 个字（现为 {len(subject)} 个字）")
        writer = cell_text(cells.get("writer"))
        if len(writer) > _WRITER_MAX:
            reasons.append(f"留言人超过 {_WRITER_MAX} 个字")
        flag = cell_text(cells.get("is_public"))
        if flag not in _FLAGS:
            reasons.append(f"是否公开“{flag}”应填 1（公开）或 0（不公开）")
        department = cell_text(cells.get("department"))
        if department and department not in self.departments:
            reasons.append(f"承办处室“{department}”不是本机关的处室（请填写处室名称）")
        replied = date_or_reason(cells, "replied_on", "答复日期", reasons)
        reply = cell_text(cells.get("reply"))
        if replied is not None:
            if not reply:
                reasons.append("填写了答复日期，但答复内容为空")
            if received is not None and replied < received:
                reasons.append(f"答复日期 {replied} 早于收到日期 {received}")
            if replied > self.today:
                reasons.append(f"答复日期 {replied} 晚于今天")
        elif reply:
            reasons.append("填写了答复内容，但答复日期为空")
        if reasons:
            errors.extend((line, r) for r in reasons)
            return None
        dept = self.departments.get(department)
        status = S.REPLIED if replied else (S.ASSIGNED if dept else S.RECEIVED)
        values.update(received_on=received, subject=subject, body=cell_text(cells.get("body")), writer_name=writer,
                      is_public=_FLAGS[flag], department=dept, replied_on=replied, reply=reply, status=status,
                      due_on=rules.reply_due_on(received, self.term, self.calendar))
        return Row(line, number, values)



def _existing(org: Organisation, rows: list[Row], errors: list) -> dict[str, Message]:
    """number → the agency's message the file names; rows naming one written on the portal or already
    published are reported (see the module docstring)."""
    found = {m.number: m for m in Message.objects.filter(org=org, number__in=[r.number for r in rows])}
    for row in rows:
        msg = found.get(row.number)
        if msg is None:
            continue
        if msg.submitted_at is not None:
            errors.append((row.line, f"编号 {row.number} 的留言是网民在网站上提交的，不能用导入覆盖"))
        elif msg.is_published:
            errors.append((row.line, f"编号 {row.number} 的留言已在网站公开，请先在工作台撤下再导入更新"))
    return found


def _write(org: Organisation, rows: list[Row], existing: dict[str, Message], *, by, source: dict) -> dict:
    fresh = [Message(org=org, number=r.number, **r.values) for r in rows if r.number not in existing]
    again = []
    for r in rows:
        if r.number in existing:
            msg = existing[r.number]
            for name, value in r.values.items():
                setattr(msg, name, value)
            again.append(msg)
    fields = [*MESSAGE_FIELDS, "updated_at"]
    now = timezone.now()
    for msg in again:
        msg.updated_at = now
    with transaction.atomic():
        Message.objects.bulk_create(fresh, batch_size=1000)
        Message.objects.bulk_update(again, fields, batch_size=1000)
        counts = {"created": len(fresh), "updated": len(again)}
        audit_record("message.imported", by=by, org=org, data={**source, **counts})
    return counts


MESSAGE_FIELDS = ["channel", "received_on", "subject", "body", "writer_name", "is_public", "department", "replied_on",
                  "reply", "status", "due_on"]
