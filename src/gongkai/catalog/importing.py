"""`gongkai import items`: the catalogue from a spreadsheet (import-format.md), every row or none.

Every row is checked, so that one run lists every bad row with its row number; only a clean file is
written, in one transaction (rows are written while later ones are still being checked, and a bad
row anywhere rolls the whole transaction back). A row with a 发布日期 is history: it is
published at once (index number, portal, search); a row without one becomes a draft.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from operator import attrgetter
from pathlib import Path
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.core.errors import InvalidInput
from gongkai.core.models import Counter
from gongkai.core.planner import refresh_statistics
from gongkai.core.progress import NoProgress
from gongkai.core.tabular import Column, RowErrors, cell_date, cell_text, read_table
from gongkai.orgs.models import Organisation
from gongkai.search import reindex
from gongkai.search.models import SearchDocument
from gongkai.textguard.selectors import redaction_rules

from . import guard, services
from .models import Item, ItemContent, Kind, Revision, ReviewStep, Topic, Validity
from .sanitize import text_to_html

ITEM_COLUMNS = [
    Column("index_number", "索引号"),
    Column("title", "信息名称", required=True),
    Column("created_on", "生成日期", required=True),
    Column("published_on", "发布日期"),
    Column("document_number", "文号"),
    Column("topic", "主题分类"),
    Column("kind", "体裁/类别", aliases=("体裁", "类别")),
    Column("validity", "有效性"),
    Column("repealed_on", "废止日期"),
    Column("publisher", "发布机构"),
    Column("keywords", "关键词"),
    Column("body", "正文"),
    Column("interprets", "解读对象"),
]
_LABELS = {c.code: c.label for c in ITEM_COLUMNS}
_TEXT_LIMITS = {name: ItemContent._meta.get_field(name).max_length
                for name in ("title", "document_number", "publisher", "keywords")}
_TEXT_LIMITS["index_number"] = Item._meta.get_field("index_number").max_length


def items_import(*, path: str | Path, org_code: str, by=None, progress=None) -> dict:
    """Imports catalogue items from PATH into organisation ORG_CODE; returns {"created", "updated"}.
    PROGRESS (core.progress.Progress) is told each stage and row: the CLI's bar on the terminal."""
    progress = progress or NoProgress()
    try:
        return _items_import(path=path, org_code=org_code, by=by, progress=progress)
    finally:
        progress.close()  # the bar's last line ends before any message about bad rows


def _items_import(*, path: str | Path, org_code: str, by, progress) -> dict:
    org = Organisation.objects.filter(code=org_code).first()
    if org is None:
        raise InvalidInput(f"机关 {org_code} 不存在（可先用 gongkai org create 创建）")
    table = read_table(path, ITEM_COLUMNS)
    parser = _RowParser()
    rows, errors = [], []
    progress.stage("检查", len(table.rows))
    for line, values in table.rows:
        try:
            rows.append((line, parser.parse(values)))
        except _BadRow as e:
            errors.extend((line, reason) for reason in e.reasons)
        progress.advance()
    del table  # the cells are parsed: ten thousand rows of text need not be held twice
    index_errors, existing = _check_index_numbers(org, rows)
    errors.extend(index_errors)
    errors.extend(_check_interprets(org, rows))
    if errors:
        raise RowErrors(errors)
    return items_write(org=org, rows=rows, by=by, existing=existing, progress=progress)


def _check_interprets(org: Organisation, rows: list) -> list[tuple[int, str]]:
    """解读对象: the 索引号 of a policy document of this agency, in the same file or already in Gongkai;
    only an interpretation names one, and never itself or another interpretation."""
    linking = [(line, row) for line, row in rows if row.interprets]
    if not linking:
        return []
    wanted = {row.interprets for _, row in linking} | {row.index_number for _, row in linking if row.index_number}
    known = dict(Item.objects.filter(org=org, index_number__in=wanted).values_list("index_number", "kind"))
    # A row updating an item without a kind column keeps the item's kind.
    in_file = {row.index_number: row.data.get("kind") or known.get(row.index_number) for _, row in rows if row.index_number}
    errors = []
    for line, row in linking:
        kind = row.data.get("kind") or known.get(row.index_number or "")
        if kind != Kind.INTERPRETATION:
            errors.append((line, f"解读对象“{row.interprets}”：只有类别为 interpretation（政策解读）的行可以填写解读对象"))
        elif row.interprets == row.index_number:
            errors.append((line, "解读对象不能是本行自己"))
        elif row.interprets not in in_file and row.interprets not in known:
            errors.append((line, f"解读对象“{row.interprets}”在本文件和本机关已有信息中都找不到（填写被解读文件的索引号）"))
        elif (in_file.get(row.interprets) or known.get(row.interprets)) == Kind.INTERPRETATION:
            errors.append((line, f"解读对象“{row.interprets}”本身是一篇政策解读，应填写被解读的政策文件"))
    return errors


def items_write(*, org: Organisation, rows: list[tuple[int, services.ImportedItem]], by=None,
                existing: set[str] = frozenset(), progress=None) -> dict:
    """Writes checked rows in one transaction: rows whose index number exists update their item one
    by one (services.item_import); new rows are created in bulk, so that ten thousand rows of history
    take seconds. Any refused row rolls everything back and is reported with its row number."""
    one_by_one = [(line, row) for line, row in rows if row.index_number and row.index_number in existing]
    fresh = [(line, row) for line, row in rows if not (row.index_number and row.index_number in existing)]
    if not connection.features.can_return_rows_from_bulk_insert:  # SQLite before 3.35: no ids from bulk
        one_by_one, fresh = rows, []
    progress = progress or NoProgress()
    errors, counts = [], {"created": 0, "updated": 0}
    written: list[tuple[services.ImportedItem, int]] = []
    with transaction.atomic(), _large_cache():
        if one_by_one:
            progress.stage("更新", len(one_by_one))
        for line, row in one_by_one:
            try:
                with transaction.atomic():  # a savepoint: a refused row leaves nothing behind
                    item, was_created = services.item_import(org=org, row=row, by=by)
                counts["created" if was_created else "updated"] += 1
                written.append((row, item.pk))
            except InvalidInput as e:
                errors.append((line, e.message))
            progress.advance()
        created = _items_create(org=org, rows=fresh, by=by, progress=progress) if fresh else []
        if errors:
            raise RowErrors(errors)  # rolls back every row written so far
        written.extend((row, pk) for (_, row), (pk, _) in zip(fresh, created))
        _link_interpretations(org, written)
        if created:
            # One entry for the batch (each item's history also has its import and publish steps).
            audit_record("item.imported", by=by, org=org, data={
                "created": [pk for pk, _ in created],
                "published": sum(1 for _, published in created if published),
            })
    counts["created"] += len(created)
    return counts


@contextmanager
def _large_cache():
    """On SQLite, a page cache big enough for the one transaction of a large import. With the
    default 2,000 pages the FTS5 index's segment merges spill pages to the WAL and read them back
    again and again (the search rows cost 4× what they cost in a fresh file). The cache grows only
    as far as the pages touched, and is set back when the import ends."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as c:
        c.execute("PRAGMA cache_size")
        before = c.fetchone()[0]
        c.execute(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as c:
            c.execute(f"PRAGMA cache_size = {int(before)}")


# FTS5 during a large import (SQLite): no automatic merges of its segments while the rows go in
# (each merge rewrites segments the next chunk's merge rewrites again) and a larger buffer of pending
# terms, so fewer, larger segments are written; then one bounded merge. About a fifth less of
# FTS5's CPU (bench/RESULTS-import.md). Both settings are stored in the table's config: the
# previous values (or FTS5's defaults) are put back in the same transaction, and a failed import
# rolls them back with everything else.
FTS_BULK_FROM = 2000
FTS_BULK = {"automerge": (0, 4), "hashsize": (32 * 1024 * 1024, 1024 * 1024)}  # name: (during, FTS5's default)
FTS_MERGE_PAGES = 500


@contextmanager
def _fts_bulk(n: int):
    if connection.vendor != "sqlite" or n < FTS_BULK_FROM:
        yield
        return
    tables = (reindex.ITEMS.fts, reindex.ITEMS.fts_title)
    before = {}
    with connection.cursor() as c:
        for table in tables:
            c.execute(f"SELECT k, v FROM {table}_config WHERE k IN ({', '.join(['%s'] * len(FTS_BULK))})", list(FTS_BULK))
            stored = dict(c.fetchall())
            before[table] = {k: stored.get(k, default) for k, (_, default) in FTS_BULK.items()}
            for k, (during, _) in FTS_BULK.items():
                c.execute(f"INSERT INTO {table}({table}, rank) VALUES (%s, %s)", [k, during])
    yield
    with connection.cursor() as c:
        for table in tables:
            for k, v in before[table].items():
                c.execute(f"INSERT INTO {table}({table}, rank) VALUES (%s, %s)", [k, int(v)])
            c.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', %s)", [FTS_MERGE_PAGES])


def _link_interpretations(org: Organisation, written: list[tuple[services.ImportedItem, int]]) -> None:
    """Sets each imported interpretation's 解读对象 once every row is written (its document may come
    later in the file): on the item and on the revision the row wrote (its latest)."""
    linked = [(row, item_id) for row, item_id in written if row.interprets is not None]
    if not linked:
        return
    ids = dict(Item.objects.filter(org=org, index_number__in={row.interprets for row, _ in linked if row.interprets})
               .values_list("index_number", "pk"))
    for row, item_id in linked:
        target = ids.get(row.interprets) if row.interprets else None
        items = Item.objects.filter(pk=item_id)
        if not row.published_on:  # a draft row must not rewrite what the public sees (as item_import)
            items = items.exclude(status=Item.Status.PUBLISHED)
        items.update(interprets_id=target)
        latest = Revision.objects.filter(item_id=item_id).order_by("-number").values_list("pk", flat=True)[:1]
        Revision.objects.filter(pk__in=list(latest)).update(interprets_id=target)


class _BadRow(Exception):
    def __init__(self, reasons: list[str]):
        self.reasons = reasons


class _RowParser:
    """Turns one row's cells into a services.ImportedItem, collecting every reason it is bad."""

    def __init__(self):
        self.today = timezone.localdate()
        topics = list(Topic.objects.all())  # looked up once, not once per row
        self.topics = {t.code: t for t in topics} | {t.name: t for t in topics}
        self.kinds = _choice_index(Kind)
        self.validities = _choice_index(Validity)

    def parse(self, values: dict) -> services.ImportedItem:
        reasons: list[str] = []
        data: dict = {}
        dates = {name: self._date(values, name, reasons) for name in ("created_on", "published_on", "repealed_on")}
        for name in ("title", "document_number", "publisher", "keywords", "index_number"):
            if name in values:
                text = cell_text(values[name])
                if len(text) > _TEXT_LIMITS[name]:
                    reasons.append(f"{_LABELS[name]}超过 {_TEXT_LIMITS[name]} 个字（现为 {len(text)} 个字）")
                data[name] = text
        if not data.get("title"):
            reasons.append("信息名称不能为空")
        self._check_dates(dates, reasons)
        self._choices(values, data, reasons)
        if "body" in values:
            data["body"] = _body_html(cell_text(values["body"]))
        interprets = cell_text(values["interprets"]) if "interprets" in values else None
        if reasons:
            raise _BadRow(reasons)
        index_number = data.pop("index_number", "") or None
        data["created_on"] = dates["created_on"]
        if "repealed_on" in values:
            data["repealed_on"] = dates["repealed_on"]
        return services.ImportedItem(data=data, index_number=index_number, published_on=dates["published_on"],
                                     interprets=interprets)

    def _date(self, values: dict, name: str, reasons: list[str]) -> dt.date | None:
        try:
            value = cell_date(values.get(name), _LABELS[name])
        except ValueError as e:
            reasons.append(str(e))
            return None
        if value is None and name == "created_on":
            reasons.append("生成日期不能为空")
        return value

    def _check_dates(self, dates: dict, reasons: list[str]) -> None:
        created, published, repealed = dates["created_on"], dates["published_on"], dates["repealed_on"]
        if created and created > self.today:
            reasons.append(f"生成日期 {created} 晚于今天")
        if published and published > self.today:
            # Published history only: a future date would put the item on the portal ahead of time.
            reasons.append(f"发布日期 {published} 晚于今天（定时发布请在工作台办理）")
        if created and published and published < created:
            reasons.append(f"发布日期 {published} 早于生成日期 {created}")
        if created and repealed and repealed < created:
            reasons.append(f"废止日期 {repealed} 早于生成日期 {created}")

    def _choices(self, values: dict, data: dict, reasons: list[str]) -> None:
        if "topic" in values:
            text = cell_text(values["topic"])
            data["topic"] = self.topics.get(text) if text else None
            if text and data["topic"] is None:
                reasons.append(f"主题分类“{text}”不存在（填写主题分类的代码或名称，如 科技）")
        for name, index, choices in (("kind", self.kinds, Kind), ("validity", self.validities, Validity)):
            if name not in values:
                continue
            text = cell_text(values[name])
            default = Kind.OTHER if name == "kind" else Validity.VALID
            data[name] = index.get(text.lower(), None) if text else default
            if data[name] is None:
                allowed = "、".join(f"{c.value}（{c.label}）" for c in choices)
                reasons.append(f"{_LABELS[name]}“{text}”不是可用的值；可用：{allowed}")


def _choice_index(choices) -> dict[str, str]:
    index = {c.value: c.value for c in choices}
    index.update({str(c.label): c.value for c in choices})
    return index


def _body_html(text: str) -> str:
    """正文 is plain text in a spreadsheet; a cell that already holds HTML (exported from an old
    site) keeps its markup, which is sanitised like everything an editor types."""
    if text.lstrip().startswith("<") and ">" in text:
        return text
    return text_to_html(text)


def _check_index_numbers(org: Organisation, rows: list) -> tuple[list[tuple[int, str]], set[str]]:
    """Index numbers unique in the file, not another agency's, not of an item under review, not of
    a withdrawn item that the row would publish again (item_import refuses these too; checking here
    lists them together with every other bad row)."""
    errors, first = [], {}
    for line, row in rows:
        if not row.index_number:
            continue
        if row.index_number in first:
            errors.append((line, f"索引号 {row.index_number} 与第{first[row.index_number][0]}行重复"))
        else:
            first[row.index_number] = (line, row)
    numbers = list(first)
    taken = {}
    for start in range(0, len(numbers), 500):
        for number, org_id, item_id, status in Item.objects.filter(index_number__in=numbers[start:start + 500]).values_list(
            "index_number", "org_id", "pk", "status"
        ):
            taken[number] = (org_id, item_id, status)
    under_review = set(Revision.OPEN_STATUSES) - {Revision.Status.DRAFT, Revision.Status.RETURNED}
    in_review = set(
        Revision.objects.filter(item_id__in=[t[1] for t in taken.values()], status__in=under_review)
        .values_list("item_id", flat=True)
    ) if taken else set()
    for number, (org_id, item_id, status) in taken.items():
        line, row = first[number]
        if org_id != org.pk:
            errors.append((line, f"索引号 {number} 已被其他机关使用"))
        elif item_id in in_review:
            errors.append((line, f"索引号 {number} 的信息正在审核流程中，请办结后再导入"))
        elif status == Item.Status.WITHDRAWN and row.published_on:
            errors.append((line, f"索引号 {number} 的信息已撤回，不能通过导入重新发布"))
    return errors, set(taken)


# The bulk form of services.item_import for rows that create new items; keep the two in step (same
# content handling, same review steps, same index numbers, same search rows).

_NOT_CHECKED_HERE = ["item", "org", "published_revision", "index_number", "author", "created_by", "topic", "department"]


# Rows are built BUILD_CHUNK at a time by the pool and written CHUNK at a time (inside the one
# transaction): the progress bar moves, and the rows, SQL and search rows of one chunk are let go
# before the next is written.
CHUNK = 2000
ANALYZE_FROM = 1000  # new rows past which the planner's statistics are refreshed (core.planner)
IMPORT_CACHE_KIB = 256 * 1024  # SQLite's page cache during an import (see _large_cache)


def _items_create(*, org: Organisation, rows: list, by, progress) -> list[tuple[int, bool]]:
    """Creates the items of ROWS; returns (id, published) of each, in the order of ROWS.

    The pool builds and checks the rows while this process writes the ones already built: every
    row is still checked (a bad row anywhere stops the writing, the rest are still checked, so one
    run lists every bad row, and the transaction rolls back what was written)."""
    rules = redaction_rules(org)  # read once for the file, not once per row
    # Written in order of publication: ids then rise with the date, and so do the search rows'
    # keys (backends.fts_key: date, then id), so every chunk appends to the search index instead
    # of inserting into the middle of what the chunks before it wrote (FTS5 flushes its pending
    # terms at each key that goes back). Within a day the file's order is kept (a stable sort), so
    # the portal's order (date, then id) is the file's too.
    order = sorted(range(len(rows)), key=lambda k: _write_order(rows[k][1].published_on))
    # Index numbers for the whole file at once: one counter lock per year, serials in date order.
    numbers = _allocate_index_numbers(
        org, [(k, rows[k][1].published_on) for k in order if rows[k][1].published_on and not rows[k][1].index_number],
        {row.index_number for _, row in rows if row.index_number})
    todo = [(rows[k][0], rows[k][1], numbers.get(k) or rows[k][1].index_number) for k in order]
    progress.stage("写入", len(todo))
    written: list[tuple[int, bool]] = []
    errors: list[tuple[int, str]] = []
    with ExitStack() as stack:
        pool = stack.enter_context(_pool(org, by, rules, len(todo)))
        stack.enter_context(_fts_bulk(len(todo)))
        pending: list[_Built] = []
        for built, bad in pool.map(_build_chunk, _chunks(todo, BUILD_CHUNK)):
            errors.extend(bad)
            if errors:
                continue  # nothing more is written; the remaining rows are still checked
            pending.extend(built)
            while len(pending) >= CHUNK:
                chunk, pending = pending[:CHUNK], pending[CHUNK:]
                written.extend(_write_chunk(chunk, by))
                progress.advance(len(chunk))
        if errors:
            raise RowErrors(sorted(errors, key=lambda e: e[0]))  # by row, as the file lists them
        if pending:
            written.extend(_write_chunk(pending, by))
            progress.advance(len(pending))
    if len(todo) >= ANALYZE_FROM:  # the first pages after the import are planned on its rows
        refresh_statistics([Item._meta.db_table, Revision._meta.db_table, ReviewStep._meta.db_table,
                            SearchDocument._meta.db_table])
    at = {k: n for n, k in enumerate(order)}  # where row k was written
    return [written[at[k]] for k in range(len(rows))]


def _write_order(published_on: dt.date | None) -> tuple:
    return (published_on is None, published_on or dt.date.min)


def _chunks(seq: list, size: int) -> list[list]:
    return [seq[at:at + size] for at in range(0, len(seq), size)]


# --- the per-row work off the writing process -------------------------------------------------------
# Sanitising, checking and redacting each row, its column values and its search tokens take most of
# the import's Python time and touch no database: a pool of processes does them while the one
# writing process writes what is built. Only the main process writes, in its one transaction; the
# workers send back plain rows (the INSERT's values), not model instances, which cost several
# times as much to pickle and to load again.

# One worker: building a row costs less than writing it (bench/RESULTS-import.md), so one process
# keeps ahead of the writer; a second one would only take CPU from the writer, whose time is the
# import's on a machine of two cores.
WORKERS = 1
PARALLEL_FROM = 4000   # below this many rows, starting processes costs more than it saves
BUILD_CHUNK = 1000
_worker: dict = {}


class _InProcess:
    """The pool's interface, run in this process (small files, or no fork on this platform)."""

    def map(self, fn, chunks):
        return map(fn, chunks)


@contextmanager
def _pool(org, by, rules, n: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    _worker.update(org=org, by=by, rules=rules, sqlite=connection.vendor == "sqlite")
    try:
        if n < PARALLEL_FROM or WORKERS < 1 or "fork" not in multiprocessing.get_all_start_methods():
            yield _InProcess()
            return
        # fork: the workers start with Django set up and the file's rules in memory (nothing to pickle
        # or import again). They must never use the database connection they inherit: the transaction
        # is the parent's (_no_queries turns any attempt into an error instead of a corrupt write).
        with ProcessPoolExecutor(WORKERS, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_worker_start) as pool:
            yield pool
    finally:
        _worker.clear()


def _worker_start() -> None:
    from django.db import connections

    for conn in connections.all(initialized_only=True):
        conn.execute_wrappers.append(_no_queries)


def _no_queries(execute, sql, params, many, context):
    raise RuntimeError("导入的工作进程不得访问数据库（只有主进程在导入的事务中写入）")


@dataclass(slots=True)
class _Built:
    """One checked row, ready to insert: its item's and revision's column values (ids not yet
    given), what the search rows need, and on SQLite its search tokens."""
    item: list
    revision: list
    published: bool
    doc: dict | None           # what a search document is made of (reindex.sqlite_add_items), if published
    tokens: tuple | None       # (title tokens, body tokens): SQLite, published rows


def _build_chunk(rows: list) -> tuple[list[_Built], list[tuple[int, str]]]:
    """Builds and checks ROWS, (line, row, index number) each, in a worker or in process: the
    rows to insert and the errors."""
    from gongkai.search.services import _body, headline

    org, by, rules, sqlite = _worker["org"], _worker["by"], _worker["rules"], _worker["sqlite"]
    now, moments = timezone.now(), _Moments()
    built, errors, pairs = [], [], []
    for line, row, number in rows:
        item, revision = _build(org, row, by, rules, number, moments)
        try:
            # Topic and department were resolved by the parser; the rest is checked without queries.
            item.full_clean(exclude=_NOT_CHECKED_HERE, validate_unique=False, validate_constraints=False)
        except ValidationError as e:
            errors.extend((line, f"{item._meta.get_field(f).verbose_name}：{'，'.join(m)}")
                          for f, m in e.message_dict.items())
        pairs.append((item, revision))
    if errors:
        return [], errors
    items, revisions = _ITEM.values([i for i, _ in pairs], now), _REVISION.values([r for _, r in pairs], now)
    for (item, _), item_row, revision_row in zip(pairs, items, revisions):
        published = item.is_published
        doc = tokens = None
        if published:
            doc = {"org_id": item.org_id, "department_id": item.department_id, "topic_id": item.topic_id,
                   "kind": item.kind, "published_on": item.published_on, "title": item.title}
            if sqlite:  # the same tokens as publishing (search.services, reindex.tokens)
                tokens = reindex.tokens(headline(item), _body(item))
        built.append(_Built(item_row, revision_row, published, doc, tokens))
    return built, errors


def _write_chunk(chunk: list[_Built], by) -> list[tuple[int, bool]]:
    """Items, revisions and review steps of CHUNK in one executemany each, then their search rows;
    returns (id, published) of each.

    Ids are taken before the insert, so each item is written already pointing at its published
    revision (the foreign keys are checked at commit) and its search rows can be found by id range."""
    item_ids = _take_ids(Item, len(chunk))
    revision_ids = _take_ids(Revision, len(chunk))
    for b, item_id, revision_id in zip(chunk, item_ids, revision_ids):
        _ITEM.set(b.item, id=item_id, published_revision_id=revision_id if b.published else None)
        _REVISION.set(b.revision, id=revision_id, item_id=item_id)
    _ITEM.insert([b.item for b in chunk])
    _REVISION.insert([b.revision for b in chunk])
    _steps([(item_id, revision_id, b.published) for b, item_id, revision_id in zip(chunk, item_ids, revision_ids)], by)
    if post_save.has_listeners(Item):  # rows written in plain SQL send no signals; receivers expect them
        for item in Item.objects.filter(pk__in=item_ids).order_by("pk"):
            post_save.send(sender=Item, instance=item, created=True, update_fields=None, raw=False, using=item._state.db)
    if _worker["sqlite"]:
        # SQLite: the documents and FTS5 rows straight from the built rows and the tokens the pool
        # made (the same tokens as publishing: reindex.tokens is what fts_row computes).
        reindex.sqlite_add_items([(SimpleNamespace(pk=item_id, **b.doc), b.tokens)
                                  for b, item_id in zip(chunk, item_ids) if b.published])
    else:
        # The search rows through the bulk indexer (search.reindex): the tokens publishing writes, in
        # thousands per statement, instead of one backend call per document.
        reindex.items_add_missing(upto=item_ids[-1], above=item_ids[0] - 1, log=_quiet, gin=False)
    return [(item_id, b.published) for b, item_id in zip(chunk, item_ids)]


def _quiet(*args, **kwargs) -> None:
    pass


def _take_ids(model, n: int) -> list[int]:
    """N new primary keys of MODEL's table, in ascending order, not used by anyone else."""
    table = model._meta.db_table
    with connection.cursor() as c:
        if connection.vendor == "postgresql":
            c.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s) ORDER BY 1", [table, n])
            return [r[0] for r in c.fetchall()]
        # SQLite: the transaction already holds the write lock (or its first write fails if another
        # writer committed since this read: WAL refuses a stale snapshot), so the ids after the
        # largest ever given (sqlite_sequence: AUTOINCREMENT never reuses one) are ours.
        c.execute(f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
                  f"coalesce((SELECT max(id) FROM {table}), 0))", [table])
        last = c.fetchone()[0]
        return list(range(last + 1, last + n + 1))


# Column types whose Python value is already what the driver takes: no per-value conversion.
_AS_IS = {"AutoField", "BigAutoField", "CharField", "TextField", "ForeignKey", "OneToOneField", "BooleanField",
          "IntegerField", "BigIntegerField", "PositiveIntegerField", "PositiveBigIntegerField", "SmallIntegerField",
          "PositiveSmallIntegerField"}


class _Columns:
    """A model's concrete columns as plain INSERT rows. `values` (in a worker) stamps auto_now
    fields as save() would and converts dates and times by their own field, once per distinct value
    (a file has few dates); JSON is left to `insert` (in the writing process: the driver's JSON
    wrapper need not survive pickling), converted once per distinct value too; `set` fills the ids."""

    def __init__(self, model):
        self.model = model
        self.fields = list(model._meta.concrete_fields)
        self.at = {f.attname: n for n, f in enumerate(self.fields)}
        self.stamped = [f.attname for f in self.fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
        self.converted = [(n, f.get_db_prep_save) for n, f in enumerate(self.fields)
                          if f.get_internal_type() not in _AS_IS and f.get_internal_type() != "JSONField"]
        self.json = [(n, f.get_db_prep_save) for n, f in enumerate(self.fields) if f.get_internal_type() == "JSONField"]
        self.get = attrgetter(*(f.attname for f in self.fields))

    def values(self, objs: list, now) -> list[list]:
        memo: dict = {}
        rows = []
        for obj in objs:
            for name in self.stamped:
                setattr(obj, name, now)
            row = list(self.get(obj))
            for n, convert in self.converted:
                key = (n, row[n])
                if key not in memo:
                    memo[key] = convert(row[n], connection)
                row[n] = memo[key]
            rows.append(row)
        return rows

    def set(self, row: list, **values) -> None:
        for name, value in values.items():
            row[self.at[name]] = value

    def insert(self, rows: list[list]) -> None:
        if not rows:
            return
        memo: dict = {}
        for row in rows:
            for n, convert in self.json:
                key = repr(row[n])
                if key not in memo:
                    memo[key] = convert(row[n], connection)
                row[n] = memo[key]
        _execute_many(self.model._meta.db_table, [f.column for f in self.fields], rows)


_ITEM, _REVISION = _Columns(Item), _Columns(Revision)


def _execute_many(table: str, columns: list[str], rows: list) -> None:
    qn = connection.ops.quote_name
    sql = f"INSERT INTO {qn(table)} ({', '.join(map(qn, columns))}) VALUES ({', '.join(['%s'] * len(columns))})"
    with connection.cursor() as c:
        for at in range(0, len(rows), 500):
            c.executemany(sql, rows[at:at + 500])


def _build(org: Organisation, row: services.ImportedItem, by, rules, index_number: str | None,
           moments: _Moments) -> tuple[Item, Revision]:
    revision = Revision(number=1, author=by)
    services._apply_content(revision, row.data)  # sanitises the body, derives its text
    revision.publisher = revision.publisher or org.name
    item = Item(org=org, created_by=by, index_number=index_number or row.index_number)
    services._copy_content(revision, item)
    if row.published_on:
        item.status = Item.Status.PUBLISHED
        item.published_on = row.published_on
        item.published_at = moments(row.published_on)
        revision.status = Revision.Status.PUBLISHED
        # 保密审查 of what is published (as services._publish → guard.public_copy_apply): the
        # agency's redaction rules apply to the public copy; a new row has no attachments.
        guard.public_copy_redact(item, guard.revision_redactions(revision, [], org, rules=rules))
    return item, revision


class _Moments:
    """The moment a history row is published at: its own date at 9:00, or now if it is today's (as
    services.item_import); once per date, not once per row (a file has few dates)."""

    def __init__(self):
        self.now, self.today, self.seen = timezone.now(), timezone.localdate(), {}

    def __call__(self, published_on: dt.date) -> dt.datetime:
        if published_on >= self.today:
            return self.now
        if published_on not in self.seen:
            self.seen[published_on] = timezone.make_aware(dt.datetime.combine(published_on, dt.time(9, 0)))
        return self.seen[published_on]


def _allocate_index_numbers(org: Organisation, rows: list[tuple[int, dt.date]], reserved: set[str]) -> dict[int, str]:
    """services.index_number_allocate for many rows, (key, publication date) each: serials in order
    of publication date, taken under the same row lock, skipping numbers already used (or claimed
    by the file itself). Returns each key's number."""
    by_year = defaultdict(list)
    for key, published_on in sorted(rows, key=lambda r: r[1]):
        by_year[published_on.year].append(key)
    given = {}
    for year, group in sorted(by_year.items()):
        # The counter services.index_number_allocate uses (core.counters.counter_next, same scope).
        serial, _ = Counter.objects.select_for_update().get_or_create(org=org, scope="index_number", year=year)
        numbers: list[str] = []
        while len(numbers) < len(group):
            first = serial.last + 1
            serial.last += len(group) - len(numbers)
            candidates = [services.format_index_number(org, year, n) for n in range(first, serial.last + 1)]
            taken = set(reserved)
            for start in range(0, len(candidates), 500):
                taken.update(Item.objects.filter(index_number__in=candidates[start:start + 500])
                             .values_list("index_number", flat=True))
            numbers.extend(c for c in candidates if c not in taken)
        serial.save(update_fields=["last"])
        given.update(zip(group, numbers))
    return given


def _steps(written: list[tuple[int, int, bool]], by) -> None:
    """Each item's 导入 step, and 发布 for a published row (what services.item_import records):
    plain rows, not ReviewStep instances, for tens of thousands of them. WRITTEN: (item id,
    revision id, published) each."""
    actor = by.pk if by is not None and by.is_authenticated else None
    at = ReviewStep._meta.get_field("at").get_db_prep_save(timezone.now(), connection)
    S, A = Revision.Status, ReviewStep.Action
    rows = []
    for item_id, revision_id, published in written:
        rows.append((item_id, revision_id, A.IMPORT.value, "", S.DRAFT.value, actor, at, ""))
        if published:
            rows.append((item_id, revision_id, A.PUBLISH.value, S.DRAFT.value, S.PUBLISHED.value, actor, at, "导入历史发布记录"))
    columns = [ReviewStep._meta.get_field(name).column for name in
               ("item", "revision", "action", "from_status", "to_status", "actor", "at", "comment")]
    _execute_many(ReviewStep._meta.db_table, columns, rows)
