"""`gongkai import suggestions FILE --org CODE` (import-format.md, `suggestions`): deputies'
suggestions and members' proposals of past years, every row or none. A row whose 编号 exists in the
organisation updates it; the file is checked whole first, so one run names every bad row."""
from __future__ import annotations

from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import InvalidInput
from gongkai.core.tabular import Column, RowErrors, cell_date, cell_text, read_table
from gongkai.orgs.models import Organisation

from .models import Suggestion

SUGGESTION_COLUMNS = [
    Column("number", "编号", required=True),
    Column("kind", "类别", required=True),
    Column("title", "标题", required=True),
    Column("proposer", "领衔人"),
    Column("replied_on", "答复日期"),
    Column("result_published_on", "办理结果公开日期"),
    Column("summary", "办理结果摘要"),
]
_LABELS = {c.code: c.label for c in SUGGESTION_COLUMNS}
_LIMITS = {"number": 120, "title": 300, "proposer": 120}
_KINDS = {c.value: c.value for c in Suggestion.Kind} | {str(c.label): c.value for c in Suggestion.Kind}
G = Suggestion.Status


def _parse(values: dict, today) -> tuple[dict, list[str]]:
    reasons: list[str] = []
    row: dict = {}
    for name in ("number", "title", "proposer", "summary"):
        if name in values:
            row[name] = cell_text(values[name])
            if name in _LIMITS and len(row[name]) > _LIMITS[name]:
                reasons.append(f"{_LABELS[name]}超过 {_LIMITS[name]} 个字（现为 {len(row[name])} 个字）")
    for name in ("number", "title"):
        if not row.get(name):
            reasons.append(f"{_LABELS[name]}不能为空")
    kind = cell_text(values.get("kind"))
    row["kind"] = _KINDS.get(kind.lower(), _KINDS.get(kind))
    if row["kind"] is None:
        reasons.append(f"类别“{kind}”不是可用的值；可用：deputy（人大代表建议）、member（政协委员提案）" if kind
                       else "类别不能为空（deputy 或 member）")
    for name in ("replied_on", "result_published_on"):
        if name in values:
            try:
                row[name] = cell_date(values[name], _LABELS[name])
            except ValueError as e:
                reasons.append(str(e))
                continue
            if row[name] and row[name] > today:
                reasons.append(f"{_LABELS[name]} {row[name]} 晚于今天")
    return row, reasons


def _check_dates(row: dict, old: Suggestion | None) -> str | None:
    """A result is not published before the reply; a column the file lacks keeps the stored value."""
    replied = row["replied_on"] if "replied_on" in row else (old.replied_on if old else None)
    published = row["result_published_on"] if "result_published_on" in row else (old.result_published_on if old else None)
    if published and not replied:
        return "填写了办理结果公开日期的行须同时填写答复日期"
    if published and published < replied:
        return f"办理结果公开日期 {published} 早于答复日期 {replied}"
    return None


def suggestions_import(*, path: str | Path, org_code: str, by=None) -> dict:
    """Imports suggestions and proposals from PATH into ORG_CODE; returns {"created", "updated"}."""
    org = Organisation.objects.filter(code=org_code).first()
    if org is None:
        raise InvalidInput(f"机关 {org_code} 不存在（可先用 gongkai org create 创建）")
    table = read_table(path, SUGGESTION_COLUMNS)
    today = timezone.localdate()
    rows, errors, first = [], [], {}
    for line, values in table.rows:
        row, reasons = _parse(values, today)
        number = row.get("number")
        if number and number in first:
            reasons.append(f"编号 {number} 与第{first[number]}行重复")
        elif number:
            first[number] = line
        errors.extend((line, reason) for reason in reasons)
        rows.append((line, row))
    existing = {s.number: s for s in Suggestion.objects.filter(org=org, number__in=list(first))}
    bad_dates = {line for line, reason in errors if "日期" in reason}
    for line, row in rows:
        problem = None if line in bad_dates else _check_dates(row, existing.get(row.get("number")))
        if problem:
            errors.append((line, problem))
    if errors:
        raise RowErrors(errors)
    return _write(org, rows, existing, by)


@transaction.atomic
def _write(org: Organisation, rows: list, existing: dict, by) -> dict:
    created, updated = [], []
    for _, row in rows:
        suggestion = existing.get(row["number"]) or Suggestion(org=org, created_by=by if by and by.is_authenticated else None)
        for name, value in row.items():
            setattr(suggestion, name, value)
        suggestion.status = (G.PUBLISHED if suggestion.result_published_on else
                             G.REPLIED if suggestion.replied_on else G.REGISTERED)
        (updated if suggestion.pk else created).append(suggestion)
    Suggestion.objects.bulk_create(created, batch_size=500)
    for suggestion in updated:
        suggestion.save()
    audit_record("suggestion.imported", by=by, org=org, data={"created": len(created), "updated": len(updated)})
    return {"created": len(created), "updated": len(updated)}
