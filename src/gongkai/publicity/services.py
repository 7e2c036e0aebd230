"""Writes of the publicity registers: each `<noun>_<verb>` checks who acts, validates, writes the
change and its audit entry in one transaction (the house style of catalog/services.py).

- Any staff member of the agency (信息员, 处室负责人, 公开主管) registers its events, posts and
  submissions; its 公开主管 adds, renames and closes its channels.
- A submission's adoption is recorded by the receiving body's staff, or by the sender's staff when the
  body is outside Gongkai (selectors.can_record_adoption); never by anyone else.
"""
from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from gongkai.audit.services import audit_record
from gongkai.catalog.models import Item
from gongkai.core.errors import FieldErrors, InvalidInput, NotAllowed
from gongkai.orgs.models import Department, Organisation, Role
from gongkai.orgs.selectors import has_role

from . import selectors, workflow
from .models import Channel, Event, EventKind, Post, Submission

# The channels every agency has from the start (codes of import-format.md); admins rename, add, close.
BUILT_IN_CHANNELS = (("website", "门户网站", Channel.Kind.WEBSITE), ("weibo", "官方微博", Channel.Kind.NEW_MEDIA),
                     ("wechat", "微信公众号", Channel.Kind.NEW_MEDIA))
_TITLE_MAX = 300


def _staff(by, org) -> None:
    if not selectors.is_staff_of(by, org.pk):
        raise NotAllowed("只有本机关的工作人员可以登记")


def _supervisor(by, org) -> None:
    if not has_role(by, org, Role.SUPERVISOR):
        raise NotAllowed("只有本机关的公开主管可以管理发布渠道")


def _not_future(day: dt.date | None, field: str, label: str, errors: dict) -> None:
    if day is not None and day > timezone.localdate():
        errors[field] = f"{label}不能晚于今天"


def _text(data: dict, field: str, label: str, errors: dict, *, limit: int = _TITLE_MAX, required: bool = False) -> str:
    value = (data.get(field) or "").strip()
    if required and not value:
        errors[field] = f"请填写{label}"
    elif len(value) > limit:
        errors[field] = f"{label}不能超过 {limit} 个字"
    return value


# --- channels ---------------------------------------------------------------------------------------

def channels_ensure(*, org) -> None:
    """Creates the built-in channels ORG does not have yet (idempotent; no audit entry: nothing chosen)."""
    have = set(Channel.objects.filter(org=org).values_list("code", flat=True))
    Channel.objects.bulk_create([Channel(org=org, code=code, name=name, kind=kind, order=n)
                                 for n, (code, name, kind) in enumerate(BUILT_IN_CHANNELS) if code not in have],
                                ignore_conflicts=True)


@transaction.atomic
def channel_create(*, org, by, code: str, name: str, url: str = "", opened_on: dt.date | None = None) -> Channel:
    _supervisor(by, org)
    code, name = (code or "").strip().lower(), (name or "").strip()
    errors: dict[str, str] = {}
    if not code or not code.replace("_", "").replace("-", "").isalnum() or not code.isascii():
        errors["code"] = "渠道代码只能由英文字母、数字、- 和 _ 组成"
    elif Channel.objects.filter(org=org, code=code).exists():
        errors["code"] = f"渠道代码“{code}”已存在"
    if not name:
        errors["name"] = "请填写渠道名称"
    _not_future(opened_on, "opened_on", "开通日期", errors)
    if errors:
        raise FieldErrors(errors)
    order = Channel.objects.filter(org=org).count()
    channel = Channel.objects.create(org=org, code=code, name=name, url=url, opened_on=opened_on, order=order)
    audit_record("channel.created", by=by, org=org, obj=channel, data={"code": code, "name": name})
    return channel


@transaction.atomic
def channel_rename(*, channel_id: int, by, name: str, url: str | None = None) -> Channel:
    channel = Channel.objects.select_for_update(of=("self",)).select_related("org").get(pk=channel_id)
    _supervisor(by, channel.org)
    name = (name or "").strip()
    if not name:
        raise FieldErrors({"name": "请填写渠道名称"})
    before = channel.name
    channel.name = name
    if url is not None:
        channel.url = url
    channel.save(update_fields=["name", "url"])
    audit_record("channel.renamed", by=by, org=channel.org, obj=channel, data={"code": channel.code, "from": before, "to": name})
    return channel


@transaction.atomic
def channel_close(*, channel_id: int, by, closed_on: dt.date | None = None) -> Channel:
    """Marks a channel closed (关停) from CLOSED_ON (default today); it no longer runs from that day."""
    channel = Channel.objects.select_for_update(of=("self",)).select_related("org").get(pk=channel_id)
    _supervisor(by, channel.org)
    if channel.closed_on is not None:
        raise InvalidInput(f"渠道“{channel.name}”已于 {channel.closed_on} 关停")
    closed_on = closed_on or timezone.localdate()
    if channel.opened_on and closed_on < channel.opened_on:
        raise FieldErrors({"closed_on": "关停日期不能早于开通日期"})
    channel.closed_on = closed_on
    channel.save(update_fields=["closed_on"])
    audit_record("channel.closed", by=by, org=channel.org, obj=channel, data={"code": channel.code, "closed_on": closed_on})
    return channel


@transaction.atomic
def channel_reopen(*, channel_id: int, by) -> Channel:
    channel = Channel.objects.select_for_update(of=("self",)).select_related("org").get(pk=channel_id)
    _supervisor(by, channel.org)
    if channel.closed_on is None:
        raise InvalidInput(f"渠道“{channel.name}”仍在运行")
    channel.closed_on = None
    channel.save(update_fields=["closed_on"])
    audit_record("channel.reopened", by=by, org=channel.org, obj=channel, data={"code": channel.code})
    return channel


# --- events -----------------------------------------------------------------------------------------

def event_validate(data: dict) -> dict:
    errors: dict[str, str] = {}
    if data.get("kind") not in EventKind.values:
        errors["kind"] = "请选择类别"
    held_on = data.get("held_on")
    if held_on is None:
        errors["held_on"] = "请填写日期"
    values = {"kind": data.get("kind"), "held_on": held_on,
              "title": _text(data, "title", "主题", errors, required=True),
              "speakers": _text(data, "speakers", "发布人/参加人", errors),
              "url": _text(data, "url", "链接", errors, limit=500)}
    if errors:
        raise FieldErrors(errors)
    return values


@transaction.atomic
def event_create(*, org, by, data: dict) -> Event:
    """Registers a press conference, interview, hotline or training (an upcoming one may be announced)."""
    _staff(by, org)
    event = Event.objects.create(org=org, created_by=by, **event_validate(data))
    audit_record("event.created", by=by, org=org, obj=event, data={"kind": event.kind, "held_on": event.held_on,
                                                                  "title": event.title})
    return event


@transaction.atomic
def event_update(*, event_id: int, by, data: dict) -> Event:
    event = Event.objects.select_for_update(of=("self",)).select_related("org").get(pk=event_id)
    _staff(by, event.org)
    for field, value in event_validate(data).items():
        setattr(event, field, value)
    event.save()
    audit_record("event.updated", by=by, org=event.org, obj=event, data={"kind": event.kind, "held_on": event.held_on,
                                                                        "title": event.title})
    return event


@transaction.atomic
def event_delete(*, event_id: int, by) -> None:
    event = Event.objects.select_for_update(of=("self",)).select_related("org").get(pk=event_id)
    _staff(by, event.org)
    audit_record("event.deleted", by=by, org=event.org, obj=event, data={"kind": event.kind, "held_on": event.held_on,
                                                                        "title": event.title})
    event.delete()


# --- posts ------------------------------------------------------------------------------------------

def _postable_channel(org, channel_id, errors: dict) -> Channel | None:
    channel = Channel.objects.filter(org=org, pk=channel_id).first() if channel_id else None
    if channel is None:
        errors["channel"] = "请选择本机关的发布渠道"
    elif channel.kind == Channel.Kind.WEBSITE:
        errors["channel"] = "门户网站上发布的即公开目录条目，无需另行登记"
    return channel


@transaction.atomic
def post_create(*, org, by, channel_id: int, posted_on: dt.date | None, title: str, url: str = "",
                item_id: int | None = None) -> Post:
    _staff(by, org)
    errors: dict[str, str] = {}
    channel = _postable_channel(org, channel_id, errors)
    if posted_on is None:
        errors["posted_on"] = "请填写发布日期"
    _not_future(posted_on, "posted_on", "发布日期", errors)
    if channel and posted_on and channel.closed_on and posted_on >= channel.closed_on:
        errors["posted_on"] = f"渠道“{channel.name}”已于 {channel.closed_on} 关停"
    title = _text({"title": title}, "title", "标题", errors, required=True)
    url = _text({"url": url}, "url", "链接", errors, limit=500)
    item = None
    if item_id:
        item = Item.objects.filter(org=org, pk=item_id, status=Item.Status.PUBLISHED).first()
        if item is None:
            errors["item"] = "只能关联本机关已发布的目录条目"
    if errors:
        raise FieldErrors(errors)
    post = Post.objects.create(org=org, channel=channel, posted_on=posted_on, title=title, url=url, item=item,
                               created_by=by)
    audit_record("post.created", by=by, org=org, obj=post, data={"channel": channel.code, "posted_on": posted_on,
                                                                "title": title, "item": item.pk if item else None})
    return post


@transaction.atomic
def item_carry(*, item_id: int, channel_id: int, by, posted_on: dt.date | None = None, url: str = "") -> Post:
    """Marks a published catalogue item as carried on a channel in one step (the item page's button):
    a post titled like the item, today unless told otherwise; refused when already carried there."""
    item = Item.objects.select_related("org").get(pk=item_id)
    if Post.objects.filter(item=item, channel_id=channel_id).exists():
        raise InvalidInput("该条目已标记为在此渠道转载")
    return post_create(org=item.org, by=by, channel_id=channel_id, posted_on=posted_on or timezone.localdate(),
                       title=item.title[:_TITLE_MAX], url=url, item_id=item.pk)


@transaction.atomic
def post_delete(*, post_id: int, by) -> None:
    post = Post.objects.select_for_update(of=("self",)).select_related("org", "channel").get(pk=post_id)
    _staff(by, post.org)
    audit_record("post.deleted", by=by, org=post.org, obj=post, data={"channel": post.channel.code,
                                                                     "posted_on": post.posted_on, "title": post.title})
    post.delete()


# --- submissions ------------------------------------------------------------------------------------

def submission_validate(*, org, data: dict) -> dict:
    """A submission as typed: a receiving body ORG may submit to (selectors.receiving_bodies), a title
    (or the catalogue item's), a date not after today, a department of ORG when given."""
    errors: dict[str, str] = {}
    body = Organisation.objects.filter(pk=data.get("body_id")).first() if data.get("body_id") else None
    allowed = {b.pk for b in selectors.receiving_bodies(org)}
    if body is None or body.pk not in allowed:
        errors["body"] = "请选择上级机关或系统外的报送对象"
    item = None
    if data.get("item_id"):
        item = Item.objects.filter(org=org, pk=data["item_id"]).first()
        if item is None:
            errors["item"] = "只能报送本机关的目录条目"
    title = _text(data, "title", "标题", errors) or (item.title[:_TITLE_MAX] if item else "")
    if not title and "title" not in errors:
        errors["title"] = "请填写标题，或选择要报送的目录条目"
    department = None
    if data.get("department_id"):
        department = Department.objects.filter(org=org, pk=data["department_id"]).first()
        if department is None:
            errors["department"] = "请选择本机关的处室"
    submitted_on = data.get("submitted_on")
    if submitted_on is None:
        errors["submitted_on"] = "请填写报送日期"
    _not_future(submitted_on, "submitted_on", "报送日期", errors)
    if errors:
        raise FieldErrors(errors)
    return {"body": body, "item": item, "title": title, "text": (data.get("text") or "").strip(),
            "department": department, "submitted_on": submitted_on}


@transaction.atomic
def submission_create(*, org, by, data: dict) -> Submission:
    _staff(by, org)
    sub = Submission.objects.create(org=org, submitted_by=by, **submission_validate(org=org, data=data))
    audit_record("submission.created", by=by, org=org, obj=sub, data={"body": sub.body.code, "title": sub.title,
                                                                     "submitted_on": sub.submitted_on})
    return sub


def _for_adoption(submission_id: int, by) -> Submission:
    sub = Submission.objects.select_for_update(of=("self",)).select_related("org", "body").get(pk=submission_id)
    if not selectors.can_record_adoption(by, sub):
        raise NotAllowed("只有报送对象（或系统外报送对象的报送机关）的工作人员可以标记采用情况")
    return sub


@transaction.atomic
def submission_adopt(*, submission_id: int, by, adopted_on: dt.date | None = None) -> Submission:
    """Records that the receiving body adopted (采用) the piece on ADOPTED_ON (default today): not
    before it was submitted, not after today."""
    sub = _for_adoption(submission_id, by)
    sub.status = workflow.check_step("adopt", sub.status)
    adopted_on = adopted_on or timezone.localdate()
    if adopted_on < sub.submitted_on:
        raise FieldErrors({"adopted_on": f"采用日期不能早于报送日期 {sub.submitted_on}"})
    if adopted_on > timezone.localdate():
        raise FieldErrors({"adopted_on": "采用日期不能晚于今天"})
    sub.adopted_on, sub.adopted_by = adopted_on, by
    sub.save(update_fields=["status", "adopted_on", "adopted_by"])
    audit_record("submission.adopted", by=by, org=sub.body, obj=sub, data={"from": sub.org.code, "adopted_on": adopted_on})
    return sub


@transaction.atomic
def submission_unadopt(*, submission_id: int, by) -> Submission:
    """Takes back a wrongly recorded adoption."""
    sub = _for_adoption(submission_id, by)
    sub.status = workflow.check_step("unadopt", sub.status)
    before = sub.adopted_on
    sub.adopted_on, sub.adopted_by = None, None
    sub.save(update_fields=["status", "adopted_on", "adopted_by"])
    audit_record("submission.unadopted", by=by, org=sub.body, obj=sub, data={"from": sub.org.code, "was": before})
    return sub
