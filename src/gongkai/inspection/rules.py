"""Self-inspection rules (督查自查): the table "Self-inspection rules" of shared/spec/regulations.md,
drawn from the 2019 政府网站与政务新媒体检查指标. Pure functions over plain values, one per rule: each
takes the inspection date D and the facts it needs and returns a Finding, or None when the rule holds.

Windows. "The 14 days ending on D" is D−13 … D; "the 183 days ending on D" is D−182 … D. "In the 365
days before D" is read the same way, as the 365 days ending on D (D−364 … D), so that a record of D
itself counts (decision 0036). Days are calendar days unless a rule says working days.

`since` is the first day on which the rule failed for the oldest record concerned (for a staleness rule:
the day after the last publication's window ran out), so staff see how long a finding has been open.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.rules import WorkdayIndex

VETO, DEDUCT, WARN = "veto", "deduct", "warn"


@dataclass(frozen=True)
class RuleInfo:
    code: str
    label: str
    indicator: str  # the source indicator (政府网站与政务新媒体检查指标 / 条例)


RULES: dict[str, RuleInfo] = {r.code: r for r in (
    RuleInfo("home_stale", "首页两周未更新", "单项否决：首页栏目信息超过2周未更新"),
    RuleInfo("column_stale", "栏目长期未更新", "单项否决/扣分：动态要闻类栏目超过2周未更新，通知公告、政策文件类栏目超过6个月未更新"),
    RuleInfo("column_empty", "空白栏目", "单项否决/扣分：栏目无内容（5个及以上为单项否决）"),
    RuleInfo("message_unanswered", "留言超过3个月未答复", "单项否决：近1年内对网民有效留言超过3个月未回应"),
    RuleInfo("message_late", "留言答复超期", "扣分：留言未在承诺时限内答复"),
    RuleInfo("new_media_silent", "政务新媒体两周未更新", "单项否决：政务新媒体超过2周未更新"),
    RuleInfo("interpretation_missing", "政策文件缺少解读", "扣分：“谁起草、谁解读”，规章、行政规范性文件未同步发布解读"),
    RuleInfo("publication_late", "信息公开不及时", "扣分：《条例》第二十六条，信息形成或变更之日起20个工作日内公开"),
    RuleInfo("application_overdue", "依申请公开逾期未答复", "单项否决：《条例》第三十三条，逾期未答复的政府信息公开申请"),
    RuleInfo("mandatory_missing", "法定公开内容未按期公开", "扣分：部门预算、部门决算、“三公”经费等未按期公开"),
    RuleInfo("suggestion_result_late", "建议提案办理结果未按期公开", "扣分：建议提案办理复文未按期公开"),
    # Beyond the regulation's table: what a reader of a published page meets. Warnings: they take
    # no points, since the national indicators score them under the checker's own sampling.
    RuleInfo("link_broken", "已发布页面中的失效内部链接", "提示：网页链接不可用（错链、断链）"),
    RuleInfo("attachment_missing", "已发布附件文件缺失", "提示：附件无法下载"),
)}

DEFAULT_POINTS = 5


@dataclass(frozen=True)
class Record:
    """A record behind a finding: what it is, its id, a label people recognise, the day it failed."""

    type: str  # item | application | message | channel | mandatory | suggestion | column
    id: int | str
    label: str
    since: dt.date


@dataclass
class Finding:
    rule: str
    severity: str
    since: dt.date
    records: list[Record] = field(default_factory=list)
    count: int = 0

    def __post_init__(self):
        self.count = self.count or len(self.records)


def _finding(rule: str, severity: str, records: list[Record], *, count: int | None = None) -> Finding | None:
    if not records:
        return None
    records = sorted(records, key=lambda r: (r.since, str(r.id)))
    return Finding(rule, severity, records[0].since, records, count or len(records))


def ending_on(on: dt.date, days: int) -> dt.date:
    """The first day of the DAYS days ending on ON (ON included)."""
    return on - dt.timedelta(days=days - 1)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day MONTHS months later, the month's last day when it has fewer days (31 Jan + 1 → 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


class Workdays:
    """Working-day arithmetic over one span of years, shared by the rules of one run."""

    def __init__(self, calendar: WorkCalendar, first: dt.date, last: dt.date):
        self.index = WorkdayIndex(calendar, dt.date(first.year - 1, 1, 1), dt.date(last.year + 2, 12, 31))
        self._memo: dict[tuple[dt.date, int], dt.date] = {}

    def add(self, day: dt.date, n: int) -> dt.date:
        """The N-th working day after DAY; a run asks this of a few hundred distinct days many times."""
        key = (day, n)
        if key not in self._memo:
            self._memo[key] = self.index.nth_counted_after(day, n)
        return self._memo[key]


# --- the rules ------------------------------------------------------------------------------------

def home_stale(on: dt.date, last_published_on: dt.date | None, *, since_if_never: dt.date) -> Finding | None:
    """Veto: no catalogue item published in the 14 days ending on D."""
    if last_published_on is not None and last_published_on >= ending_on(on, 14):
        return None
    since = last_published_on + dt.timedelta(days=14) if last_published_on else since_if_never
    return Finding("home_stale", VETO, since, [Record("column", "home", "首页", since)])


# A column's staleness window in days (regulations.md): 动态 two weeks, 通知公告/政策文件 six months.
STALE_WINDOWS = {"news": 14, "notice": 183, "normative_document": 183, "project_notice": 183}


def column_stale(on: dt.date, last_by_column: dict[str, dt.date | None], labels: dict[str, str],
                 windows: dict[str, int] = STALE_WINDOWS) -> Finding | None:
    """Deduct (veto from 5 columns): a column with nothing published in its window ending on D. An
    empty column is column_empty's, not counted here as well (the indicators count them apart)."""
    records = [Record("column", kind, labels.get(kind, kind), last + dt.timedelta(days=days))
               for kind, days in windows.items()
               if (last := last_by_column.get(kind)) is not None and last < ending_on(on, days)]
    return _finding("column_stale", VETO if len(records) >= 5 else DEDUCT, records)


def column_empty(on: dt.date, last_by_column: dict[str, dt.date | None], columns: list[str],
                 labels: dict[str, str], *, since: dt.date) -> Finding | None:
    """Deduct (veto from 5): a column shown on the portal with no published item at all."""
    records = [Record("column", kind, labels.get(kind, kind), since) for kind in columns if last_by_column.get(kind) is None]
    return _finding("column_empty", VETO if len(records) >= 5 else DEDUCT, records)


@dataclass(frozen=True)
class Message:
    id: int
    label: str
    received_on: dt.date
    replied_on: dt.date | None


def _answered_by(msg: Message, on: dt.date) -> bool:
    return msg.replied_on is not None and msg.replied_on <= on


def message_unanswered(on: dt.date, messages: list[Message]) -> Finding | None:
    """Veto: a message received in the 365 days ending on D, not answered by D, received more than 3
    months before D (received_on + 3 months < D)."""
    first = ending_on(on, 365)
    records = [Record("message", m.id, m.label, add_months(m.received_on, 3) + dt.timedelta(days=1))
               for m in messages
               if first <= m.received_on <= on and not _answered_by(m, on) and add_months(m.received_on, 3) < on]
    return _finding("message_unanswered", VETO, records)


def message_late(on: dt.date, messages: list[Message], *, term_days: int, workdays: Workdays) -> Finding | None:
    """Deduct: a message received in the 365 days ending on D answered after the reply term (working
    days after receipt), or unanswered on D with the term run out."""
    first = ending_on(on, 365)
    records = []
    for m in messages:
        if not first <= m.received_on <= on:
            continue
        due = workdays.add(m.received_on, term_days)
        late = m.replied_on > due if _answered_by(m, on) else on > due
        if late:
            records.append(Record("message", m.id, m.label, due + dt.timedelta(days=1)))
    return _finding("message_late", DEDUCT, records)


@dataclass(frozen=True)
class Channel:
    id: str  # the channel's code
    label: str
    last_post_on: dt.date | None
    opened_on: dt.date


def new_media_silent(on: dt.date, channels: list[Channel]) -> Finding | None:
    """Veto: a new-media channel the agency runs with no post in the 14 days ending on D."""
    records = [Record("channel", c.id, c.label, c.last_post_on + dt.timedelta(days=14) if c.last_post_on else c.opened_on)
               for c in channels
               if c.last_post_on is None or c.last_post_on < ending_on(on, 14)]
    return _finding("new_media_silent", VETO, records)


@dataclass(frozen=True)
class PolicyDocument:
    id: int
    label: str
    published_on: dt.date
    interpreted: bool  # has a published interpretation


def interpretation_missing(on: dt.date, documents: list[PolicyDocument]) -> Finding | None:
    """Deduct: a 规章 or 行政规范性文件 published in the 365 days ending on D without a published
    interpretation ("谁起草、谁解读")."""
    first = ending_on(on, 365)
    records = [Record("item", d.id, d.label, d.published_on) for d in documents
               if first <= d.published_on <= on and not d.interpreted]
    return _finding("interpretation_missing", DEDUCT, records)


@dataclass(frozen=True)
class Publication:
    id: int
    label: str
    created_on: dt.date
    published_on: dt.date


# 第二十六条: published within 20 working days of being created or changed.
PUBLICATION_WORKING_DAYS = 20


def publication_late(on: dt.date, items: list[Publication], *, workdays: Workdays) -> Finding | None:
    """Deduct: an item published in the 365 days ending on D more than 20 working days after its
    created_on (第二十六条)."""
    first = ending_on(on, 365)
    records = []
    for item in items:
        if first <= item.published_on <= on:
            limit = workdays.add(item.created_on, PUBLICATION_WORKING_DAYS)
            if item.published_on > limit:
                records.append(Record("item", item.id, item.label, item.published_on))
    return _finding("publication_late", DEDUCT, records)


@dataclass(frozen=True)
class OpenApplication:
    id: int
    label: str
    due_on: dt.date  # the extended due date when extended


def application_overdue(on: dt.date, applications: list[OpenApplication]) -> Finding | None:
    """Veto: an application still open on D past its due date (第三十三条)."""
    records = [Record("application", a.id, a.label, a.due_on + dt.timedelta(days=1))
               for a in applications if a.due_on < on]
    return _finding("application_overdue", VETO, records)


@dataclass(frozen=True)
class Mandatory:
    id: int
    label: str
    due_on: dt.date
    published_on: dt.date | None


def mandatory_missing(on: dt.date, entries: list[Mandatory]) -> Finding | None:
    """Deduct: a mandatory disclosure of the checklist not published by its due date: on D after the
    due date, nothing published by then (published late counts until the year's checklist changes)."""
    records = [Record("mandatory", e.id, e.label, e.due_on + dt.timedelta(days=1)) for e in entries
               if on > e.due_on and (e.published_on is None or e.published_on > e.due_on)]
    return _finding("mandatory_missing", DEDUCT, records)


@dataclass(frozen=True)
class Suggestion:
    id: int
    label: str
    replied_on: dt.date
    result_published_on: dt.date | None


def suggestion_result_late(on: dt.date, suggestions: list[Suggestion], *, term_days: int,
                           workdays: Workdays) -> Finding | None:
    """Deduct: a suggestion or proposal answered in the 365 days ending on D whose result was not
    published within TERM_DAYS working days of the reply (published late, or still unpublished on D
    with the term run out)."""
    first = ending_on(on, 365)
    records = []
    for s in suggestions:
        if not first <= s.replied_on <= on:
            continue
        limit = workdays.add(s.replied_on, term_days)
        published = s.result_published_on is not None and s.result_published_on <= on
        late = s.result_published_on > limit if published else on > limit
        if late:
            records.append(Record("suggestion", s.id, s.label, limit + dt.timedelta(days=1)))
    return _finding("suggestion_result_late", DEDUCT, records)


def score(findings: list[Finding], points: dict[str, int]) -> tuple[int, bool]:
    """The score starts at 100; each deduct finding takes off its rule's points (default 5); any veto
    makes the result 不合格 whatever the score. Returns (score, passed)."""
    total = 100 - sum(points.get(f.rule, DEFAULT_POINTS) for f in findings if f.severity == DEDUCT)
    return max(total, 0), not any(f.severity == VETO for f in findings)
