"""What the rules read, gathered from the records of one agency for the span of a run (D−365 … D+3):
a handful of queries whatever the size of the catalogue, each counted or grouped in the database and
turned into the plain values of rules.py."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.db.models import F, Max, Q
from django.urls import Resolver404, resolve

from gongkai.applications.models import Application
from gongkai.catalog.models import Attachment, Item, Kind
from gongkai.consultation.models import Suggestion
from gongkai.interaction.models import Message
from gongkai.interaction.selectors import reply_term as message_reply_term
from gongkai.publicity.models import Channel as PublicityChannel

from . import rules
from .models import InspectionSettings, MandatoryDisclosure

# The catalogue kinds the portal shows as columns when an agency has not chosen its own.
DEFAULT_COLUMNS = ["news", "notice", "normative_document", "project_notice", "regulation", "plan", "budget",
                   "statistics", "interpretation"]
KIND_LABELS = dict(Kind.choices)
HORIZON_DAYS = 3  # early warnings look this many days ahead (services.WARNING_DAYS)
RECORD_LIMIT = 200  # records kept per finding: the count is exact, the list is what a person can work through
HREF = re.compile(r"""href\s*=\s*["']([^"'#]+)""", re.I)


@dataclass
class Facts:
    last_published_on: dt.date | None = None
    last_by_column: dict[str, dt.date | None] = field(default_factory=dict)
    columns: list[str] = field(default_factory=list)
    points: dict[str, int] = field(default_factory=dict)
    publications: list[rules.Publication] = field(default_factory=list)
    policy_documents: list[rules.PolicyDocument] = field(default_factory=list)
    open_applications: list[rules.OpenApplication] = field(default_factory=list)
    mandatory: list[rules.Mandatory] = field(default_factory=list)
    broken_links: list[rules.Record] = field(default_factory=list)
    missing_files: list[rules.Record] = field(default_factory=list)
    suggestions: list[rules.Suggestion] = field(default_factory=list)
    channels: list[rules.Channel] = field(default_factory=list)
    suggestion_term_days: int = 20
    messages: list[rules.Message] = field(default_factory=list)
    message_term_days: int = 5


def org_settings(org) -> tuple[list[str], dict[str, int]]:
    row = InspectionSettings.objects.filter(org=org).first()
    columns = [c for c in (row.columns if row and row.columns else DEFAULT_COLUMNS) if c in KIND_LABELS]
    return columns, (row.points if row else {}) or {}


def _published(org):
    return Item.objects.filter(org=org, status=Item.Status.PUBLISHED)


def months(first: dt.date, last: dt.date):
    """FIRST … LAST in spans of a calendar month at most, (start, end) inclusive: what a run reads of
    a whole year in pieces, one statement each, so none of them grows with the agency's year (an
    agency of 1,000,000 items publishes 250,000 in one)."""
    start = first
    while start <= last:
        following = (start.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        end = min(last, following - dt.timedelta(days=1))
        yield start, end
        start = end + dt.timedelta(days=1)


def read_catalogue(org, facts: Facts, first: dt.date, on: dt.date) -> None:
    published = _published(org).filter(published_on__lte=on)
    # The last publication of each kind: one look-up each down the index (org, status, kind, published_on).
    # A GROUP BY kind read every published row of the agency: 0.13 s for 25,000 of them, ten times as
    # many in the province's largest agency (bench/RESULTS-inspection.md).
    by_kind = {kind: published.filter(kind=kind).aggregate(m=Max("published_on"))["m"] for kind in Kind.values}
    facts.last_published_on = max(filter(None, by_kind.values()), default=None)
    facts.last_by_column = {kind: by_kind.get(kind) for kind in set(facts.columns) | set(rules.STALE_WINDOWS)}
    # 第二十六条: the items published in the window that may be late. The limit is 20 working days after
    # created_on, never fewer calendar days than that, so an item published within 20 days of being
    # created is never late and is not read (most items; titles are read later, for the few shown).
    may_be_late = (published.annotate(lag=F("published_on") - F("created_on"))
                   .filter(lag__gt=dt.timedelta(days=rules.PUBLICATION_WORKING_DAYS)))
    facts.publications = [rules.Publication(pk, "", created, day) for start, end in months(first, on)
                          for pk, created, day in may_be_late.filter(published_on__range=(start, end))
                          .values_list("id", "created_on", "published_on")]


def read_applications(org, facts: Facts, first: dt.date, on: dt.date) -> None:
    """Applications open on ON (received by then, not closed by then) whose due date falls before the
    end of the warning horizon."""
    open_on = Q(received_on__lte=on) & (Q(closed_on__isnull=True) | Q(closed_on__gt=on))
    rows = (Application.objects.filter(open_on, org=org, effective_due_on__lt=on + dt.timedelta(days=HORIZON_DAYS + 1))
            .values_list("id", "number", "effective_due_on").order_by("effective_due_on", "id"))
    facts.open_applications = [rules.OpenApplication(pk, f"申请 {number}", due) for pk, number, due in rows]


def read_mandatory(org, facts: Facts, first: dt.date, on: dt.date) -> None:
    rows = (MandatoryDisclosure.objects.filter(org=org, due_on__lte=on + dt.timedelta(days=HORIZON_DAYS))
            .values_list("id", "name", "due_on", "item__status", "item__published_on"))
    facts.mandatory = [rules.Mandatory(pk, name, due, published_on if status == Item.Status.PUBLISHED else None)
                       for pk, name, due, status, published_on in rows]


def _internal_target_ok(path: str) -> bool:
    """Whether an internal address answers: it must resolve, and an item or attachment it names must be
    published (an unpublished item's page is a 404 to the public)."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if match.view_name == "portal:item":
        key = match.kwargs["key"].strip("/")
        published = Item.objects.filter(status=Item.Status.PUBLISHED)
        return (published.filter(index_number=key).exists() or (key.isdigit() and published.filter(pk=int(key)).exists()))
    return True


# Items whose published attachments one statement looks at. Small enough that PostgreSQL looks the
# attachments up by revision rather than reading the whole table (at 1,000,000 items a page of 5,000
# made it read all 100,000 attachments: 70–110 ms), large enough that a page's planning (a few ms)
# does not add up: pages of 2,000 took 20 ms at most, decision 0078.
ITEM_PAGE = 2000


def item_id_ranges(org, page_size: int | None = None):
    """(after, up_to) bounds of ids that split ORG's published items into pages of PAGE_SIZE
    (ITEM_PAGE), the last one open (up_to None). Each bound is one row read from the index (org,
    status, id) at an offset, so no page's ids cross to Python (keyset paging)."""
    page_size = page_size or ITEM_PAGE
    after = 0
    while True:
        bound = list(_published(org).filter(pk__gt=after).order_by("pk").values_list("pk", flat=True)[page_size - 1:page_size])
        if not bound:
            yield after, None
            return
        yield after, bound[0]
        after = bound[0]


def bodies_with_links(org):
    """ORG's published items whose body holds an href. Bodies are sanitised HTML (attributes in lower
    case), and the partial index item_body_links holds just these items, so no other body is read."""
    return _published(org).filter(body__contains="href")


def read_links_and_files(org, facts: Facts, first: dt.date, on: dt.date) -> None:
    """Internal links in published bodies that lead nowhere, and published attachments whose file is gone."""
    for pk, title, body in bodies_with_links(org).values_list("id", "title", "body").iterator():
        for href in HREF.findall(body):
            parts = urlsplit(href)
            if parts.scheme in ("http", "https", "mailto", "tel") or parts.netloc or not parts.path.startswith("/"):
                continue  # outside links are the checker's, not ours to call from a cron job
            if not _internal_target_ok(parts.path):
                facts.broken_links.append(rules.Record("item", pk, f"{title}：{href}", on))
    storage = Attachment._meta.get_field("file").storage
    for after, up_to in item_id_ranges(org):
        page = _published(org).filter(pk__gt=after, **({"pk__lte": up_to} if up_to else {}))
        attachments = (Attachment.objects.filter(revision_id__in=page.values("published_revision_id"))
                       .order_by("revision__item_id", "pk").values_list("revision__item_id", "name", "file"))
        for item_id, name, stored in attachments:
            if not stored or not storage.exists(stored):
                facts.missing_files.append(rules.Record("item", item_id, f"附件“{name}”", on))


def read_policy_documents(org, facts: Facts, first: dt.date, on: dt.date) -> None:
    """规章 and 规范性文件 published in the window, each with whether a published interpretation exists."""
    policy = _published(org).filter(kind__in=[Kind.REGULATION, Kind.NORMATIVE_DOCUMENT])
    interpretations = Item.objects.filter(status=Item.Status.PUBLISHED, kind=Kind.INTERPRETATION, published_on__lte=on)
    for start, end in months(first, on):
        documents = policy.filter(published_on__range=(start, end))
        # The month's documents as a subquery, not their ids sent back: an agency of a million items
        # publishes some 40,000 in a year, and as many parameters cost more than the look-ups.
        interpreted = set(interpretations.filter(interprets__in=documents.values("id")).values_list("interprets_id", flat=True))
        facts.policy_documents += [rules.PolicyDocument(pk, title, day, pk in interpreted)
                                   for pk, title, day in documents.values_list("id", "title", "published_on")]


def read_suggestions(org, facts: Facts, first: dt.date, on: dt.date) -> None:
    """Suggestions and proposals answered in the window, with the day their result was published."""
    facts.suggestion_term_days = org.suggestion_result_working_days
    rows = Suggestion.objects.filter(org=org, replied_on__range=(first, on)).values_list(
        "id", "number", "replied_on", "result_published_on")
    facts.suggestions = [rules.Suggestion(pk, number, replied, published) for pk, number, replied, published in rows]

def read_messages(org, facts: Facts, first: dt.date, on: dt.date) -> None:
    """Valid messages of the public (not held back as spam) received in the window and the warning
    horizon that may be unanswered or late, with the day each was answered, and the agency's reply
    term (interaction)."""
    facts.message_term_days = message_reply_term(org)
    # A message answered by ON within its term in calendar days is neither: the term's last day is
    # that many working days after receipt, never sooner than that many calendar days. Most messages
    # are answered so; the largest agency's year holds 30,000 of them.
    may_fail = (Q(replied_on__isnull=True) | Q(replied_on__gt=on)
                | Q(lag__gt=dt.timedelta(days=facts.message_term_days)))
    rows = (Message.objects.filter(org=org, status__in=Message.VALID_STATUSES,
                                   received_on__range=(first, on + dt.timedelta(days=HORIZON_DAYS)))
            .annotate(lag=F("replied_on") - F("received_on")).filter(may_fail)
            .values_list("id", "number", "received_on", "replied_on").order_by("received_on", "id"))
    facts.messages = [rules.Message(pk, f"留言 {number}", received, replied) for pk, number, received, replied in rows]


def read_channels(org, facts: Facts, first: dt.date, on: dt.date) -> None:
    """The agency's new-media channels running on ON (an administrator's closing date after it, or
    none), each with its last post by then: one grouped query."""
    running = (PublicityChannel.objects.filter(org=org, kind=PublicityChannel.Kind.NEW_MEDIA)
               .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=on)).filter(Q(opened_on__isnull=True) | Q(opened_on__lte=on))
               .annotate(last_post=Max("posts__posted_on", filter=Q(posts__posted_on__lte=on)))
               .values_list("code", "name", "last_post", "opened_on"))
    facts.channels = [rules.Channel(code, name, last, opened or on) for code, name, last, opened in running]


READERS = (read_catalogue, read_applications, read_mandatory, read_policy_documents, read_suggestions, read_messages,
           read_channels,
           read_links_and_files)


def gather(org, on: dt.date, first: dt.date) -> Facts:
    """The facts of ORG for a run as of ON, whose windows start at FIRST."""
    columns, points = org_settings(org)
    facts = Facts(columns=columns, points=points)
    for reader in READERS:
        reader(org, facts, first, on)
    return facts
