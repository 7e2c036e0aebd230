"""Reads of the publicity registers shared by the workbench, the portal, the reports and the
self-inspection: who may see and record what, the public list of press events, the inbox of a
receiving body, counts per department and per body."""
from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from gongkai.orgs.models import Membership, Organisation
from gongkai.orgs.selectors import user_org_ids

from .models import PRESS_KINDS, Channel, Event, Post, Submission


def is_staff_of(user, org_id: int) -> bool:
    return org_id in user_org_ids(user)


def body_has_staff(body_id: int) -> bool:
    """Whether the receiving body works in Gongkai (anyone holds a role there)."""
    return Membership.objects.filter(org_id=body_id).exists()


def can_record_adoption(user, submission: Submission, *, staffed: bool | None = None) -> bool:
    """The receiving body's staff when it has any; otherwise (an outside body) the sender's staff.
    STAFFED: whether the body has staff, when the caller knows it already."""
    if staffed is None:
        staffed = body_has_staff(submission.body_id)
    return is_staff_of(user, submission.body_id if staffed else submission.org_id)


def submission_visible_to(user):
    """Submissions a user may read: those its agencies sent or received."""
    ids = user_org_ids(user)
    return Submission.objects.filter(Q(org_id__in=ids) | Q(body_id__in=ids))


def receiving_bodies(org: Organisation) -> list[Organisation]:
    """Where ORG may submit: its higher bodies in the tree, and outside bodies (no staff in Gongkai)."""
    higher, node = [], org.parent
    while node is not None:
        higher.append(node)
        node = node.parent
    staffed = Membership.objects.values("org_id")
    outside = Organisation.objects.exclude(pk=org.pk).exclude(pk__in=staffed).filter(children__isnull=True)
    outside = [o for o in outside.exclude(pk__in=[h.pk for h in higher]) if o.parent_id is None]
    return higher + sorted(outside, key=lambda o: o.code)


def channels_of(org, *, running_on: dt.date | None = None):
    qs = Channel.objects.filter(org=org)
    if running_on is not None:
        qs = qs.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=running_on))
    return qs.order_by("order", "pk")


def running_new_media(org, on: dt.date):
    """The new-media channels ORG runs on ON, each with the date of its last post by then
    (last_posted_on, None if never) — what self-inspection's new_media_silent reads."""
    from django.db.models import Max

    return (channels_of(org, running_on=on).filter(kind=Channel.Kind.NEW_MEDIA)
            .annotate(last_posted_on=Max("posts__posted_on", filter=Q(posts__posted_on__lte=on))))


def public_press_events(org_ids: list[int] | None = None, year: int | None = None):
    """Press conferences, interviews and hotlines, newest first: public by nature."""
    qs = Event.objects.filter(kind__in=PRESS_KINDS).select_related("org")
    if org_ids is not None:
        qs = qs.filter(org_id__in=org_ids)
    if year:
        qs = qs.filter(held_on__year=year)
    return qs.order_by("-held_on", "-pk")


def press_years(org_ids: list[int] | None = None) -> list[int]:
    qs = Event.objects.filter(kind__in=PRESS_KINDS)
    if org_ids is not None:
        qs = qs.filter(org_id__in=org_ids)
    return sorted({d.year for d in qs.dates("held_on", "year")}, reverse=True)


def inbox(body_id: int):
    """What the agencies below sent to BODY, newest first (the receiving body's workbench list)."""
    return (Submission.objects.filter(body_id=body_id).select_related("org", "department", "item")
            .order_by("status", "-submitted_on", "-pk"))


def submission_counts(org_ids: list[int], first: dt.date, last: dt.date, by: str) -> list[dict]:
    """Sent in [FIRST, LAST] and how many of those were adopted, grouped BY "department" or "body"."""
    key = {"department": "department_id", "body": "body_id"}[by]
    return list(Submission.objects.filter(org_id__in=org_ids, submitted_on__range=(first, last))
                .values(key).order_by(key)
                .annotate(sent=Count("pk"), adopted=Count("pk", filter=Q(status=Submission.Status.ADOPTED))))


def posts_of_item(item_id: int):
    return Post.objects.filter(item_id=item_id).select_related("channel").order_by("-posted_on", "-pk")
