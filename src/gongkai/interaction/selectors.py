"""Reads of messages that several places share. The portal reaches messages only through
`published_messages()` (answered, the writer agreed, published); staff only through
`messages_for_staff(user)` (their own agencies). Personal data never leaves for the portal: the
public rows carry the cleaned question (`public_subject`, `public_body`) and the reply, no more.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, Q, QuerySet

from gongkai.core import pagecache
from gongkai.core.dbrouter import read_connection
from gongkai.orgs.selectors import user_org_ids
from gongkai.search.backends import SearchPage
from gongkai.search.selectors import search_messages

from .models import BUILT_IN_CHANNELS, DEFAULT_REPLY_TERM_WORKING_DAYS, Channel, Message, MessageSettings

# The counts, years and sidebar are keyed by the page generation (published_version), raised after
# every commit that changes a message; the TTL only bounds what a cache keeps.
COUNT_TTL = 600


@dataclass(frozen=True)
class ChannelView:
    code: str
    name: str
    is_open: bool
    is_builtin: bool
    order: int


def channels_changed(**kwargs) -> None:
    """Connected to Channel's post_save/post_delete. The cached channel lists are keyed by the page
    generation, which the commit of any change to a channel raises for every process (core/pagecache.py)."""


def channels_version() -> int:
    return pagecache.generation()


def _cached(name: str, key, compute):
    version = channels_version()
    full = f"interaction:{name}:{version}:{key}"
    value = cache.get(full)
    if value is None:
        value = compute()
        cache.set(full, value, 300)
    return value


def channels_for(org) -> list[ChannelView]:
    """The channels of ORG (an Organisation, its pk, or None for the built-in defaults): the built-in
    ones as the agency renamed or closed them, then the agency's own, in their order. Cached until
    an administrator changes a channel."""
    org_id = getattr(org, "pk", org)
    return _cached("channels", org_id or "", lambda: _channels_for(org_id))


def _channels_for(org_id) -> list[ChannelView]:
    rows = Channel.objects.filter(Q(org__isnull=True) | Q(org_id=org_id)) if org_id else Channel.objects.filter(org__isnull=True)
    merged: dict[str, ChannelView] = {}
    for c in sorted(rows, key=lambda c: c.org_id is not None):  # the agency's row wins over the default
        merged[c.code] = ChannelView(c.code, c.name, c.is_open, c.code in BUILT_IN_CHANNELS, c.order)
    return sorted(merged.values(), key=lambda c: (c.order, list(BUILT_IN_CHANNELS).index(c.code) if c.is_builtin else 99, c.code))


def channel_names(org_ids=None) -> dict[str, str]:
    """code → name for the channels of ORG_IDS (an agency's own names win); built-in names always.
    ORG_IDS None: every agency's channels (the portal's list of all agencies)."""
    key = "all" if org_ids is None else ",".join(map(str, sorted(org_ids)))
    return _cached("names", key, lambda: _channel_names(org_ids))


def _channel_names(org_ids) -> dict[str, str]:
    names = dict(BUILT_IN_CHANNELS)
    rows = Channel.objects.all() if org_ids is None else Channel.objects.filter(Q(org__isnull=True) | Q(org_id__in=org_ids))
    rows = rows.values_list("org_id", "code", "name")
    for _, code, name in sorted(rows, key=lambda r: r[0] is not None):  # an agency's name over the default
        names[code] = name
    return names


def reply_term(org) -> int:
    """The agency's reply term in working days (a setting; default 5)."""
    org_id = getattr(org, "pk", org)
    term = MessageSettings.objects.filter(org_id=org_id).values_list("reply_term_working_days", flat=True).first()
    return term or DEFAULT_REPLY_TERM_WORKING_DAYS


def message_track(number: str, code: str) -> Message | None:
    """The message with that number and query code, or None alike for a wrong number and a wrong code."""
    number, code = (number or "").strip(), (code or "").strip().upper()
    if not number or not code:
        return None
    for msg in Message.objects.filter(number=number).exclude(query_code="").select_related("org")[:20]:
        if hmac.compare_digest(msg.query_code, code):
            return msg
    return None


def messages_for_staff(user) -> QuerySet[Message]:
    """Messages of the agencies the user works for, and no other."""
    return Message.objects.filter(org_id__in=user_org_ids(user))


def is_visible_to_public(msg: Message) -> bool:
    """The one predicate of the portal (published_messages is its queryset): answered, agreed, published."""
    return msg.is_published and msg.is_public and msg.status == Message.Status.REPLIED


def published_messages() -> QuerySet[Message]:
    return Message.objects.filter(is_published=True, is_public=True, status=Message.Status.REPLIED)


# --- the portal's Q&A list -------------------------------------------------------------------------

PUBLIC_COLUMNS = ("id", "org_id", "channel", "public_subject", "replied_on")


@dataclass(frozen=True)
class QaFilters:
    org_id: int | None = None
    channel: str | None = None
    year: int | None = None

    def apply(self, qs: QuerySet[Message]) -> QuerySet[Message]:
        if self.org_id:
            qs = qs.filter(org_id=self.org_id)
        if self.channel:
            qs = qs.filter(channel=self.channel)
        if self.year:
            qs = qs.filter(replied_on__range=(dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)))
        return qs

    def key(self) -> str:
        return f"{self.org_id or ''}:{self.channel or ''}:{self.year or ''}"

    def sql(self) -> tuple[str, list]:
        """The filters as SQL terms (" AND …") over interaction_message, for qa_rows."""
        terms, params = [], []
        if self.org_id:
            terms.append("org_id = %s")
            params.append(self.org_id)
        if self.channel:
            terms.append("channel = %s")
            params.append(self.channel)
        if self.year:
            terms.append("replied_on BETWEEN %s AND %s")
            params += [dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)]
        return "".join(" AND " + t for t in terms), params


def published_version() -> int:
    """The page generation (core/pagecache.py): shared by every worker and server, raised after the
    commit of any change to a message, so a count cached under it is never stale."""
    return pagecache.generation()


def published_changed() -> None:
    """Called on publish and unpublish. Nothing to do: the commit itself raises the page generation
    (raising a version here, before the commit, let another worker cache the old count under the new one)."""


def _published_index() -> QuerySet[Message]:
    """published_messages() as the partial indexes of the list hold it (decision 0043): `is_published`
    alone, since the database refuses a published message that is not public and answered (the
    constraint published_message_is_public_and_replied). The two other terms would each make SQLite
    read the table row behind every index entry; without them a count, and the ids of a page however
    deep, are read from the index alone."""
    return Message.objects.filter(is_published=True)


def qa_count(filters: QaFilters) -> int:
    """How many published Q&A match: counted from the index alone, and cached per filter until a
    message is published or taken down (COUNT_TTL bounds a miss of that signal)."""
    key = f"interaction:qa-count:{published_version()}:{filters.key()}"
    count = cache.get(key)
    if count is None:
        count = filters.apply(_published_index()).count()
        cache.set(key, count, COUNT_TTL)
    return count


# The portal's predicate (published_messages) written out for the two hand-written reads below.
_PUBLIC_SQL = "is_published AND is_public AND status = 'replied'"


def qa_rows(filters: QaFilters, *, offset: int, limit: int) -> list[dict]:
    """One page of the Q&A list, newest answer first, as plain values, in one statement: the page's
    ids from the index alone (so an offset walks index entries, not table rows: page 200 costs about
    what page 1 does), then those rows by primary key through the portal's predicate. Written as SQL
    because building it through the ORM cost 1.6 ms of CPU a page against 0.1 ms for the statement
    itself — a third of the page's whole budget (bench/RESULTS-msgs.md, decision 0043)."""
    where, params = filters.sql()
    sql = (f"SELECT id, org_id, channel, public_subject, replied_on FROM {Message._meta.db_table} WHERE id IN "
           f"(SELECT id FROM {Message._meta.db_table} WHERE is_published{where} ORDER BY replied_on DESC, id DESC "
           f"LIMIT %s OFFSET %s) AND {_PUBLIC_SQL}")
    with read_connection(Message).cursor() as c:  # a replica for anonymous readers (0062)
        c.execute(sql, [*params, limit, offset])
        rows = [dict(zip(PUBLIC_COLUMNS, r)) for r in c.fetchall()]
    rows.sort(key=lambda r: (r["replied_on"], r["id"]), reverse=True)
    return rows


def qa_search(query: str, filters: QaFilters, *, page: int, per_page: int) -> SearchPage:
    """The Q&A list's search (?q=): search_messages over the published messages, its count kept per
    query and filter like qa_count's (counting a word found in 10,000 messages walks 5,000 of them,
    half the cost of the page) and dropped with it whenever a message is published or taken down."""
    digest = hashlib.sha256(f"{query}\x00{filters.key()}".encode()).hexdigest()[:32]
    key = f"interaction:qa-search-count:{published_version()}:{digest}"
    counted = cache.get(key)
    result = search_messages(query, org_ids=[filters.org_id] if filters.org_id else None, channel=filters.channel,
                             year=filters.year, page=page, per_page=per_page, count=counted)
    if counted is None:
        cache.set(key, result.counted, COUNT_TTL)
    return result


def qa_years(org_id: int | None = None) -> list[int]:
    """Years that have published Q&A (for the year filter), newest first; cached like the counts."""
    key = f"interaction:qa-years:{published_version()}:{org_id or ''}"
    years = cache.get(key)
    if years is None:
        # One seek per year from the newest answer down (the latest answer before each January 1st),
        # on the list's covering index: a DISTINCT over the years read 160,000 rows through a Python
        # date function, a second of a worker's time under load on every expiry.
        qs = _published_index().filter(org_id=org_id) if org_id else _published_index()
        years, before = [], None
        while True:
            newest = (qs.filter(replied_on__lt=before) if before else qs).order_by("-replied_on").values_list(
                "replied_on", flat=True).first()
            if newest is None:
                break
            years.append(newest.year)
            before = dt.date(newest.year, 1, 1)
        cache.set(key, years, COUNT_TTL)
    return years


def public_message(pk: int) -> Message | None:
    return published_messages().select_related("org").filter(pk=pk).first()


HIT_COLUMNS = ("id", "channel", "replied_on", "public_subject", "public_body", "reply")


def messages_by_ids(ids: list[int]) -> list[dict]:
    """Published messages in the order of IDS (a search page) as plain values of HIT_COLUMNS: one
    statement, by primary key (SQL for the reason given at qa_rows)."""
    if not ids:
        return []
    with read_connection(Message).cursor() as c:  # a replica for anonymous readers (0062)
        c.execute(f"SELECT {', '.join(HIT_COLUMNS)} FROM {Message._meta.db_table} "
                  f"WHERE id IN ({', '.join(['%s'] * len(ids))}) AND {_PUBLIC_SQL}", list(ids))
        found = {r[0]: dict(zip(HIT_COLUMNS, r)) for r in c.fetchall()}
    return [found[i] for i in ids if i in found]


# --- the annual report -----------------------------------------------------------------------------

def replies_filter(first: dt.date, last: dt.date, channel: str | None = None) -> Q:
    """Which messages count as replies of the span (annual-report.md: `replied_on` in it), of a channel
    or all. Shared by the figure and its trace list."""
    q = Q(status=Message.Status.REPLIED, replied_on__range=(first, last))
    return q & Q(channel=channel) if channel else q


def replies_by_channel(org_ids: list[int], first: dt.date, last: dt.date) -> dict[str, int]:
    """`activity.replies`: messages answered in the span by channel code — the built-in six, then
    each agency's own codes — and `total`. Counted in the database in one grouped query (the agency's
    own codes come from its channel list)."""
    # count(*), not count(id): the index (org, status, replied_on, channel) answers it without the table.
    counts = dict(Message.objects.filter(org_id__in=org_ids).filter(replies_filter(first, last))
                  .values("channel").order_by().annotate(n=Count("*")).values_list("channel", "n"))
    own = Channel.objects.filter(org_id__in=org_ids).exclude(code__in=BUILT_IN_CHANNELS).values_list("code", flat=True)
    codes = [*BUILT_IN_CHANNELS, *sorted(set(own) | (set(counts) - set(BUILT_IN_CHANNELS)))]
    figures = {code: counts.get(code, 0) for code in codes}
    figures["total"] = sum(counts.values())
    return figures


def user_memberships(user):
    """The user's roles (orgs.selectors.user_roles), read once per request."""
    from gongkai.orgs.selectors import user_roles

    cached = getattr(user, "_gongkai_memberships", None)
    if cached is None:
        cached = user._gongkai_memberships = user_roles(user)
    return cached
