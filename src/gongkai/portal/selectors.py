"""What the public portal reads. Everything starts from catalog.selectors.items_public(): the portal
has no other way to reach an item, so nothing unpublished can appear on it, whoever is signed in.

The catalogue list is the busiest page of the site (benchmarked with 100,000 items): its rows are one
indexed query; the total and the facet counts are aggregates over the whole catalogue, so they are
cached under the page generation, which every commit that changes the catalogue raises for every
process and server (core/pagecache.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connections
from django.db.models import CharField, Count, Exists, OuterRef, QuerySet
from django.db.models.functions import Cast, Substr

from gongkai.catalog.models import Attachment, Item, Kind, NonPublicCategory, Topic
from gongkai.catalog.selectors import items_public
from gongkai.core import pagecache
from gongkai.orgs.models import Department, Organisation
from gongkai.search.backends import SearchFilters
from gongkai.search.text import query_terms

# Seconds a count is kept: it is keyed by the page generation, so it is never read once stale; this
# only bounds the memory of counts nobody asks for again.
COUNT_TTL = 60

# The columns a list row renders: index number (for its link), title and date.
LIST_COLUMNS = ("id", "index_number", "title", "published_on")


@dataclass(frozen=True)
class CatalogFilters:
    """The catalogue's filters (?org=&topic=&dept=&kind=&year=), already checked against the data."""

    org: Organisation | None = None
    topic: Topic | None = None
    department: Department | None = None
    kind: str | None = None
    year: int | None = None

    def apply(self, qs: QuerySet[Item]) -> QuerySet[Item]:
        if self.org is not None:
            qs = qs.filter(org_id=self.org.pk)
        if self.topic is not None:
            qs = qs.filter(topic_id=self.topic.pk)
        if self.department is not None:
            qs = qs.filter(department_id=self.department.pk)
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.year:
            # A date range rather than __year, so that the (status, published_on) index serves it.
            qs = qs.filter(published_on__range=(dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)))
        return qs

    def cache_key(self) -> str:
        parts = (self.org and self.org.pk, self.topic and self.topic.pk, self.department and self.department.pk,
                 self.kind, self.year)
        return ":".join("" if p is None else str(p) for p in parts)

    def as_search_filters(self) -> SearchFilters:
        return SearchFilters(
            org_ids=[self.org.pk] if self.org else None,
            topic_id=self.topic.pk if self.topic else None,
            year=self.year,
            department_id=self.department.pk if self.department else None,
            kind=self.kind or None,
        )

    def params(self) -> dict[str, str]:
        """The filters as query-string parameters, in a fixed order (links built from these, never
        from the raw query string, can be cached and shared between requests)."""
        values = {"org": self.org_value, "topic": self.topic_value, "dept": self.dept_value,
                  "kind": self.kind or "", "year": self.year_value}
        return {k: v for k, v in values.items() if v}

    # The values as they appear in a query string, to mark the chosen facet.
    @property
    def org_value(self) -> str:
        return self.org.code if self.org else ""

    @property
    def topic_value(self) -> str:
        return self.topic.code if self.topic else ""

    @property
    def dept_value(self) -> str:
        return str(self.department.pk) if self.department else ""

    @property
    def year_value(self) -> str:
        return str(self.year) if self.year else ""

    @property
    def is_empty(self) -> bool:
        return not any((self.org, self.topic, self.department, self.kind, self.year))


@dataclass
class FacetEntry:
    value: str  # what goes into the query string
    label: str
    count: int


@dataclass
class Facets:
    """Counts of published items per topic, kind, year, department and agency, within one agency or all."""

    topics: list[FacetEntry] = field(default_factory=list)
    kinds: list[FacetEntry] = field(default_factory=list)
    years: list[FacetEntry] = field(default_factory=list)
    departments: list[FacetEntry] = field(default_factory=list)
    orgs: list[FacetEntry] = field(default_factory=list)
    total: int = 0


def catalog_version() -> int:
    """Part of every cache key here: the page generation (core/pagecache.py), shared by every worker
    and server and raised after any commit that changed what the portal shows."""
    return pagecache.generation()


def catalog_changed() -> None:
    """Every cached count and page is stale from now on (commits do this themselves: pagecache)."""
    pagecache.bump()


def default_org() -> Organisation | None:
    """The agency the portal introduces itself with: GONGKAI_SITE["default_org"], else the first
    agency at the top of the tree; None on a fresh installation (the portal then shows an empty page).
    Cached like the counts: saving an organisation raises the page generation (core/pagecache.py)."""
    code = settings.GONGKAI_SITE.get("default_org") or ""
    key = f"portal:default-org:{catalog_version()}:{code}"
    found = cache.get(key)
    if found is None:
        found = (_default_org(code),)  # a tuple, so that "no agency yet" is cached too
        cache.set(key, found, COUNT_TTL)
    return found[0]


def _default_org(code: str) -> Organisation | None:
    if code:
        org = Organisation.objects.filter(code=code).first()
        if org is not None:
            return org
    # A province node usually publishes nothing itself: prefer the first agency that has published items.
    with_items = Organisation.objects.filter(
        Exists(Item.objects.filter(org=OuterRef("pk"), status=Item.Status.PUBLISHED))
    ).order_by("pk").first()
    return with_items or Organisation.objects.filter(parent__isnull=True).order_by("pk").first()


def catalog_rows(filters: CatalogFilters, *, offset: int, limit: int) -> list[Item]:
    """One page of the catalogue, newest first: a single query walking the publication-date index."""
    qs = filters.apply(items_public()).order_by("-published_on", "-id").only(*LIST_COLUMNS)
    return list(qs[offset : offset + limit])


def catalog_count(filters: CatalogFilters) -> int:
    key = f"portal:count:{catalog_version()}:{filters.cache_key()}"
    count = cache.get(key)
    if count is None:
        count = filters.apply(items_public()).count()
        cache.set(key, count, COUNT_TTL)
    return count


def latest_items(limit: int = 10) -> list[Item]:
    return list(items_public().order_by("-published_on", "-id").only(*LIST_COLUMNS)[:limit])


def catalog_facets(org: Organisation | None) -> Facets:
    """The counts beside the catalogue, for one agency (ORG) or the whole installation."""
    # In the shared page store (Redis, else the data folder's files every worker reads), not the
    # default cache, which on the embedded installation is each process's memory: the year counts
    # alone read the whole publication-date index (90–150 ms at 100,000 items), once per generation
    # for the installation rather than once per worker process.
    key = f"portal:facets:{catalog_version()}:{org.pk if org else ''}"
    store = caches["pages"]
    facets = store.get(key)
    if facets is None:
        facets = _compute_facets(org)
        store.set(key, facets, COUNT_TTL)
    return facets


def _grouped(qs: QuerySet[Item], column: str) -> dict:
    return {row[column]: row["n"] for row in qs.order_by().values(column).annotate(n=Count("id"))}


def _years(qs: QuerySet[Item]) -> dict[int, int]:
    # The year as the first four characters of the ISO date: on SQLite, ExtractYear is a Python
    # function called per row (a third of a second for 100,000 items); substr is native on both.
    year = Substr(Cast("published_on", CharField()), 1, 4)
    rows = qs.order_by().annotate(y=year).values("y").annotate(n=Count("id"))
    return {int(row["y"]): row["n"] for row in rows if row["y"] and row["y"].isdigit()}


def _compute_facets(org: Organisation | None) -> Facets:
    qs = items_public()
    if org is not None:
        qs = qs.filter(org_id=org.pk)
    by_topic = _grouped(qs, "topic_id")
    by_kind = _grouped(qs, "kind")
    by_year = _years(qs)
    total = sum(by_kind.values())
    orgs = list(Organisation.objects.only("pk", "code", "name").order_by("pk")) if org is None else [org]
    # One agency (the usual installation): its count is the total, no need to group by agency.
    # Filtered to the agencies listed (the only ones whose count is read): SQLite then counts from the
    # (org, status, published_on) index alone. Without it, it took the (status, …) index and read
    # each row for its org_id — 3.3 s of 3.8 s for 100,000 items, the home page's first render.
    by_org = _grouped(qs.filter(org_id__in=[o.pk for o in orgs]), "org_id") if len(orgs) > 1 else {o.pk: total for o in orgs}
    facets = Facets(total=total)
    facets.topics = [FacetEntry(t.code, t.name, by_topic[t.pk]) for t in Topic.objects.filter(pk__in=[k for k in by_topic if k])]
    kind_labels = dict(Kind.choices)
    facets.kinds = [FacetEntry(k, kind_labels.get(k, k), by_kind[k]) for k in kind_labels if k in by_kind]
    facets.years = [FacetEntry(str(y), f"{y}年", by_year[y]) for y in sorted(by_year, reverse=True)]
    with_items = [o for o in orgs if by_org.get(o.pk)]
    if len(with_items) > 1:
        facets.orgs = [FacetEntry(o.code, o.name, by_org[o.pk]) for o in with_items]
    # Departments mean something only within one agency: many agencies each have their 办公室.
    if org is not None or len(with_items) <= 1:
        by_dept = _grouped(qs, "department_id")
        depts = Department.objects.filter(pk__in=[k for k in by_dept if k])
        facets.departments = [FacetEntry(str(d.pk), d.name, by_dept[d.pk]) for d in depts]
    return facets


@dataclass(slots=True)
class HitTopic:
    name: str


@dataclass(slots=True)
class HitItem:
    """What a search hit shows of an item: its list columns, the text a snippet is cut from, 文号, topic."""

    id: int
    index_number: str
    title: str
    published_on: dt.date | None
    summary: str
    body_text: str
    document_number: str
    topic_id: int | None
    topic: HitTopic | None
    published_revision_id: int | None
    has_attachment_text: bool

    @property
    def pk(self) -> int:
        return self.id


_HIT_COLUMNS = ("id", "index_number", "title", "published_on", "summary", "body_text", "document_number",
                "topic_id", "topic__name", "published_revision_id")
# The SQL of the hits' query, per database vendor and number of ids, with where each id goes in its
# parameters. It is made from code alone (the same items_public() queryset), never from data, so one
# process may keep it: compiling the queryset (an Exists, a join, ten columns) was 1.5 ms of a search
# page's ~2 ms of loading its 20 items, the query itself 0.05 ms (issue 11, pages).
_hits_sql: dict[tuple[str, int], tuple[str, tuple, list[int]]] = {}
_SENTINEL = -(10**15)  # ids no row has, to find where each id lands in the compiled parameters


def _hits_query(db: str, n: int) -> tuple[str, tuple, list[int]]:
    key = (connections[db].vendor, n)
    found = _hits_sql.get(key)
    if found is None:
        sentinels = [_SENTINEL - k for k in range(n)]
        # Whether the published revision has an attachment with text: most have none, and then
        # matching_attachments needs no query of its own (it was a fifth of the page's queries' time).
        with_text = Attachment.objects.filter(revision_id=OuterRef("published_revision_id")).exclude(public_text="")
        qs = items_public().filter(pk__in=sentinels).values_list(*_HIT_COLUMNS).annotate(has_text=Exists(with_text))
        sql, params = qs.query.get_compiler(using=db).as_sql()
        found = _hits_sql[key] = (sql, tuple(params), [list(params).index(x) for x in sentinels])
    return found


def items_by_ids(ids: list[int]) -> list[HitItem]:
    """Published items in the order of IDS (a search page); anything no longer published drops out."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    db = items_public().db  # where a read goes (a replica, with the read router)
    sql, template, places = _hits_query(db, len(ids))
    params = list(template)
    for place, pk in zip(places, ids):
        params[place] = pk
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    by_id = {}
    for pk, index_number, title, published_on, summary, body_text, doc, topic_id, topic_name, revision, has_text in rows:
        if isinstance(published_on, str):  # a date read without the ORM's converters
            published_on = dt.date.fromisoformat(published_on)
        by_id[pk] = HitItem(pk, index_number or "", title, published_on, summary or "", body_text or "", doc or "",
                            topic_id, HitTopic(topic_name) if topic_id is not None else None, revision, bool(has_text))
    return [by_id[i] for i in ids if i in by_id]


def matching_attachments(items: list[HitItem], query: str) -> dict[int, Attachment]:
    """For a search page: item id → its first published attachment whose published text holds
    every term of QUERY (one query for the page), so the result can name the attachment."""
    terms = [t.lower() for t in query_terms(query)]
    revisions = {item.published_revision_id: item.pk for item in items
                 if item.published_revision_id and getattr(item, "has_attachment_text", True)}
    if not terms or not revisions:
        return {}
    found: dict[int, Attachment] = {}
    rows = Attachment.objects.filter(revision_id__in=revisions).exclude(public_text="").only("id", "name", "revision_id", "public_text")
    for attachment in rows:
        item_id = revisions[attachment.revision_id]
        text = attachment.public_text.lower()
        if item_id not in found and all(t in text for t in terms):
            found[item_id] = attachment
    return found


def item_attachments(item: Item) -> list[Attachment]:
    """The attachments the public may download: those of the revision that was published."""
    if item.published_revision_id is None:
        return []
    # Cached per published revision: attachments can be added or removed only while a revision is a
    # draft (catalog.services), so a published revision's list never changes; most items have none,
    # and the query was a sixth of the item page's time. The item itself is read afresh on every
    # request, and the download view checks again that the attachment belongs to a published item.
    key = f"portal:attachments:{catalog_version()}:{item.published_revision_id}"
    found = cache.get(key)
    if found is None:
        found = list(Attachment.objects.filter(revision_id=item.published_revision_id).only(
            "id", "name", "content_type", "size", "revision_id"))
        cache.set(key, found, COUNT_TTL)
    return found


def item_interpretation_links(item: Item) -> tuple[Item | None, list[Item]]:
    """政策解读 ↔ 政策文件 (谁起草、谁解读): the published document an interpretation interprets, and
    the published interpretations of a document. Cached per catalogue version like the attachments
    (any publication or withdrawal bumps it), so the item page reads no more rows than before."""
    key = f"portal:interpretation-links:{catalog_version()}:{item.pk}"
    found = cache.get(key)
    if found is None:
        columns = ("id", "title", "index_number", "published_on", "kind")
        document = None
        if item.interprets_id:
            document = items_public().filter(pk=item.interprets_id).only(*columns).first()
        interpretations = [] if item.kind == Kind.INTERPRETATION else list(
            items_public().filter(interprets_id=item.pk, kind=Kind.INTERPRETATION).only(*columns)
            .order_by("published_on", "pk"))
        found = (document, interpretations)
        cache.set(key, found, COUNT_TTL)
    return found


def public_attachment(attachment_id: int) -> Attachment | None:
    """An attachment of the published revision of a published item; None otherwise (→ 404), so a
    draft's file, a superseded revision's file or a withdrawn item's file is never served."""
    attachment = Attachment.objects.select_related("revision").filter(pk=attachment_id).first()
    if attachment is None:
        return None
    published = items_public().filter(pk=attachment.revision.item_id, published_revision_id=attachment.revision_id)
    return attachment if published.exists() else None


def non_public_categories(org: Organisation | None) -> list[NonPublicCategory]:
    if org is None:
        return []
    return list(NonPublicCategory.objects.filter(org=org))


def whole_number(value: str, max_digits: int = 18) -> int | None:
    """A positive whole number written in ASCII digits, else None ("²".isdigit() is True, int() fails)."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= max_digits:
        return int(value) or None
    return None


def _cached_row(kind: str, value: str, load) -> tuple | None:
    """A filter value's row (a tuple of plain values, cheap to cache), looked up once per catalogue
    version: a filtered list page then costs no query for its filters."""
    key = f"portal:{kind}:{catalog_version()}:{value}"
    found = cache.get(key)
    if found is None:
        found = (load(),)
        cache.set(key, found, COUNT_TTL)
    return found[0]


def _topic_row(value: str) -> tuple | None:
    row = Topic.objects.filter(code=value).values_list("pk", "code", "name").first()
    if row is None and whole_number(value):
        row = Topic.objects.filter(pk=whole_number(value)).values_list("pk", "code", "name").first()
    return row


def topic_by_param(value: str) -> Topic | None:
    """?topic= takes a topic's code or its id (the API accepts both too)."""
    value = (value or "").strip()
    if not value or len(value) > 20:
        return None
    row = _cached_row("topic", value, lambda: _topic_row(value))
    return Topic(pk=row[0], code=row[1], name=row[2]) if row else None


def org_by_param(value: str) -> Organisation | None:
    value = (value or "").strip()
    if not value or len(value) > 40:
        return None
    row = _cached_row("org", value, lambda: Organisation.objects.filter(code=value).values_list("pk", "code", "name").first())
    return Organisation(pk=row[0], code=row[1], name=row[2]) if row else None


def department_by_param(value: str, org: Organisation | None) -> Department | None:
    pk = whole_number(value)
    if pk is None:
        return None
    qs = Department.objects.filter(pk=pk)
    if org is not None:
        qs = qs.filter(org_id=org.pk)
    row = _cached_row("dept", f"{pk}:{org.pk if org else ''}", lambda: qs.values_list("pk", "org_id", "name").first())
    return Department(pk=row[0], org_id=row[1], name=row[2]) if row else None


# --- the 政府信息公开专栏's other columns: 公开制度, 法定主动公开内容, 机构职能, 专题 -----------------

def rule_pages(org: Organisation | None) -> list:
    """The agency's 公开制度 pages that are shown on the portal, in their order (titles only)."""
    from .models import Page

    if org is None:
        return []
    return list(Page.objects.filter(org=org, is_public=True).only("id", "org_id", "slug", "title", "order", "updated_at"))


def rule_page(org: Organisation | None, slug: str):
    from .models import Page

    if org is None:
        return None
    return Page.objects.filter(org=org, is_public=True, slug=slug).first()


def statutory_categories() -> list:
    from .models import StatutoryCategory

    return list(StatutoryCategory.objects.prefetch_related("topics"))


def statutory_items(category, org: Organisation | None) -> QuerySet[Item]:
    """Published items that answer one item of 第二十条: of one of its kinds or one of its topics."""
    from django.db.models import Q

    kinds = [k for k in (category.kinds or []) if isinstance(k, str)]
    topic_ids = [t.pk for t in category.topics.all()]
    if not kinds and not topic_ids:
        return items_public().none()
    qs = items_public().filter(Q(kind__in=kinds) | Q(topic_id__in=topic_ids))
    if org is not None:
        qs = qs.filter(org_id=org.pk)
    return qs.order_by("-published_on", "-id").only(*LIST_COLUMNS)


def statutory_overview(org: Organisation | None, per_category: int = 5) -> list[tuple]:
    """(category, its latest items) for each of the fifteen: one query per category, whatever the
    catalogue's size (each walks the publication-date index and stops after PER_CATEGORY rows)."""
    return [(c, list(statutory_items(c, org)[:per_category])) for c in statutory_categories()]


def statutory_category(number: int):
    from .models import StatutoryCategory

    return StatutoryCategory.objects.prefetch_related("topics").filter(number=number).first()


def org_leaders(org: Organisation | None) -> list:
    if org is None:
        return []
    return list(org.leaders.all())


def org_departments(org: Organisation | None) -> list[Department]:
    if org is None:
        return []
    return list(Department.objects.filter(org=org))


def specials_public() -> list:
    from .models import Special

    return list(Special.objects.filter(is_public=True).select_related("org"))


def special_by_slug(slug: str):
    from .models import Special

    return Special.objects.filter(is_public=True, slug=slug).first()


def special_items(special) -> QuerySet[Item]:
    """The published items tagged into a 专题 (a withdrawn one drops out, as everywhere)."""
    return items_public().filter(specials=special).order_by("-published_on", "-id").only(*LIST_COLUMNS)
