"""`gongkai import events|posts|submissions FILE --org CODE` (import-format.md): the agency's past
years of press events, new-media posts and submissions to higher bodies, every row or none.

The pattern of catalog/importing.py: every row is checked before anything is written, so one run names
every bad row with its line number; a clean file is written in one transaction, in bulk, with one audit
entry. These registers have no number column, so every row appends ({"updated": 0})."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.catalog.models import Item
from gongkai.core.errors import InvalidInput
from gongkai.core.tabular import Column, RowErrors, cell_date, cell_text, read_table
from gongkai.orgs.models import Department, Organisation

from . import selectors, services
from .models import Channel, Event, EventKind, Post, Submission

BATCH = 2000

EVENT_COLUMNS = [
    Column("kind", "类别", required=True),
    Column("held_on", "日期", required=True),
    Column("title", "主题", required=True),
    Column("speakers", "发布人/参加人", aliases=("发布人", "参加人")),
    Column("url", "链接"),
]
POST_COLUMNS = [
    Column("channel", "渠道", required=True),
    Column("posted_on", "发布日期", required=True),
    Column("title", "标题", required=True),
    Column("url", "链接"),
    Column("item", "对应条目", aliases=("索引号",)),
]
SUBMISSION_COLUMNS = [
    Column("body", "报送对象", required=True),
    Column("submitted_on", "报送日期", required=True),
    Column("title", "标题", required=True),
    Column("department", "报送处室"),
    Column("adopted", "是否采用"),
    Column("adopted_on", "采用日期"),
]
_FLAGS = {"": False, "0": False, "1": True, "否": False, "是": True}
_LIMITS = {"title": 300, "speakers": 300, "url": 500}


class _Row:
    """One row's cells with the reasons it is bad, collected as its cells are read."""

    def __init__(self, columns: list[Column], cells: dict, today: dt.date):
        self.labels = {c.code: c.label for c in columns}
        self.cells, self.today, self.reasons = cells, today, []

    def text(self, name: str, *, required: bool = False) -> str:
        value = cell_text(self.cells.get(name))
        if required and not value:
            self.reasons.append(f"{self.labels[name]}不能为空")
        elif name in _LIMITS and len(value) > _LIMITS[name]:
            self.reasons.append(f"{self.labels[name]}超过 {_LIMITS[name]} 个字（现为 {len(value)} 个字）")
        return value

    def date(self, name: str, *, required: bool = False) -> dt.date | None:
        try:
            value = cell_date(self.cells.get(name), self.labels[name])
        except ValueError as e:
            self.reasons.append(str(e))
            return None
        if value is None and required:
            self.reasons.append(f"{self.labels[name]}不能为空")
        elif value is not None and value > self.today:
            self.reasons.append(f"{self.labels[name]} {value} 晚于今天")
        return value


def _org(org_code: str) -> Organisation:
    org = Organisation.objects.filter(code=org_code).first()
    if org is None:
        raise InvalidInput(f"机关 {org_code} 不存在（可先用 gongkai org create 创建）")
    return org


def _parse(table, columns, parse_row) -> list:
    """Every row of TABLE through PARSE_ROW(row) → model instance; RowErrors naming every bad row."""
    today = timezone.localdate()
    objects, errors = [], []
    for line, cells in table.rows:
        row = _Row(columns, cells, today)
        obj = parse_row(row)
        if row.reasons:
            errors.extend((line, reason) for reason in row.reasons)
        else:
            objects.append(obj)
    if errors:
        raise RowErrors(errors)
    return objects


def _write(model, objects: list, *, org, by, action: str, path) -> dict:
    with transaction.atomic():
        for start in range(0, len(objects), BATCH):
            model.objects.bulk_create(objects[start:start + BATCH])
        digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        audit_record(action, by=by, org=org, data={"file": Path(path).name, "sha256": digest, "created": len(objects)})
    return {"created": len(objects), "updated": 0}


def _choice_index(choices) -> dict[str, str]:
    index = {c.value.lower(): c.value for c in choices}
    index.update({str(c.label).lower(): c.value for c in choices})
    return index


def events_import(*, path: str | Path, org_code: str, by=None) -> dict:
    org = _org(org_code)
    kinds = _choice_index(EventKind)

    def parse(row: _Row) -> Event:
        text = row.text("kind", required=True)
        kind = kinds.get(text.lower())
        if text and kind is None:
            allowed = "、".join(f"{c.value}（{c.label}）" for c in EventKind)
            row.reasons.append(f"类别“{text}”不是可用的值；可用：{allowed}")
        return Event(org=org, kind=kind or "", held_on=row.date("held_on", required=True),
                     title=row.text("title", required=True), speakers=row.text("speakers"), url=row.text("url"),
                     created_by=by)

    return _write(Event, _parse(read_table(path, EVENT_COLUMNS), EVENT_COLUMNS, parse), org=org, by=by, action="event.imported", path=path)


def posts_import(*, path: str | Path, org_code: str, by=None) -> dict:
    org = _org(org_code)
    services.channels_ensure(org=org)
    channels = {c.code.lower(): c for c in Channel.objects.filter(org=org)}
    channels.update({c.name.lower(): c for c in channels.values()})
    table = read_table(path, POST_COLUMNS)
    items = _items_named(org, table)

    def parse(row: _Row) -> Post:
        text = row.text("channel", required=True)
        channel = channels.get(text.lower())
        posted_on = row.date("posted_on", required=True)
        if text and channel is None:
            known = "、".join(f"{c.code}（{c.name}）" for c in channels.values() if c.kind == Channel.Kind.NEW_MEDIA)
            row.reasons.append(f"渠道“{text}”不是本机关的新媒体渠道；可用：{known}")
        elif channel is not None and channel.kind == Channel.Kind.WEBSITE:
            row.reasons.append("门户网站上发布的即公开目录条目，请用 gongkai import items 导入")
        elif channel is not None and channel.closed_on and posted_on and posted_on >= channel.closed_on:
            row.reasons.append(f"渠道“{channel.name}”已于 {channel.closed_on} 关停，发布日期 {posted_on} 不在其运行期内")
        number = row.text("item")
        if number and number not in items:
            row.reasons.append(f"对应条目“{number}”不是本机关目录中的索引号")
        return Post(org=org, channel=channel, posted_on=posted_on, title=row.text("title", required=True),
                    url=row.text("url"), item_id=items.get(number), created_by=by)

    return _write(Post, _parse(table, POST_COLUMNS, parse), org=org, by=by, action="post.imported", path=path)


def _items_named(org, table) -> dict[str, int]:
    """索引号 → item id of ORG's items the file names (one query for all of them)."""
    numbers = {cell_text(cells.get("item")) for _, cells in table.rows} - {""}
    return dict(Item.objects.filter(org=org, index_number__in=numbers).values_list("index_number", "pk")) if numbers else {}


def submissions_import(*, path: str | Path, org_code: str, by=None) -> dict:
    org = _org(org_code)
    bodies = {b.code.lower(): b for b in selectors.receiving_bodies(org)}
    departments = {d.name: d for d in Department.objects.filter(org=org)}

    def parse(row: _Row) -> Submission:
        code = row.text("body", required=True)
        body = bodies.get(code.lower())
        if code and body is None:
            known = Organisation.objects.filter(code__iexact=code).exists()
            row.reasons.append(f"报送对象“{code}”" + ("不是本机关的上级机关或系统外机关" if known else
                                                  "不是已有的机构代码（系统外机关可先用 gongkai org create 创建）"))
        submitted_on = row.date("submitted_on", required=True)
        name = row.text("department")
        if name and name not in departments:
            row.reasons.append(f"报送处室“{name}”不是本机关的处室")
        flag = row.text("adopted")
        if flag not in _FLAGS:
            row.reasons.append(f"是否采用“{flag}”应填 0 或 1")
        adopted, adopted_on = _FLAGS.get(flag, False), row.date("adopted_on")
        if adopted and adopted_on is None and not row.text("adopted_on"):
            row.reasons.append("是否采用为 1 时须填写采用日期")
        if not adopted and adopted_on is not None:
            row.reasons.append("填写了采用日期，但是否采用不是 1")
        if adopted_on and submitted_on and adopted_on < submitted_on:
            row.reasons.append(f"采用日期 {adopted_on} 早于报送日期 {submitted_on}")
        status = Submission.Status.ADOPTED if adopted and adopted_on else Submission.Status.SUBMITTED
        return Submission(org=org, body=body, submitted_on=submitted_on, title=row.text("title", required=True),
                          department=departments.get(name), status=status,
                          adopted_on=adopted_on if adopted else None, submitted_by=by)

    return _write(Submission, _parse(read_table(path, SUBMISSION_COLUMNS), SUBMISSION_COLUMNS, parse), org=org, by=by, action="submission.imported",
                  path=path)
