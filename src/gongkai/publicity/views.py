"""The publicity registers in the workbench (/workbench/publicity/): staff of an agency register its
press events, new-media posts and submissions to higher bodies in minutes; its 公开主管 manages its
channels; a receiving body's staff see what the agencies below sent them and mark it adopted.
Another agency's staff get 404, as for a page that does not exist (workbench.access). Views parse with
a form, call one service, then render or redirect."""
from __future__ import annotations

import datetime as dt
from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.catalog.models import Item
from gongkai.core.errors import FieldErrors, GongkaiError, NotAllowed
from gongkai.orgs.models import Role
from gongkai.workbench.access import agency_staff_view, member_view

from . import selectors, services
from .forms import (AdoptForm, CarryForm, ChannelForm, CloseForm, EventForm, PostForm, RenameForm, SubmissionForm,
                    YearFilterForm)
from .models import Channel, Event, Post, Submission

PAGE_SIZE = 50


def register_view(view):
    """Staff of the agency named by ?org= (see workbench.access); `request.is_supervisor` for channels."""

    @agency_staff_view
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.is_supervisor = Role.SUPERVISOR in request.agency_roles
        return view(request, *args, **kwargs)

    return wrapper


def _url(request, name: str, *args, **params) -> str:
    return f"{reverse(f'publicity:{name}', args=args)}?{urlencode({'org': request.agency.code, **params})}"


def _apply_errors(form, error: GongkaiError) -> None:
    if isinstance(error, FieldErrors):
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
    else:
        form.add_error(None, error.message)


def _year(request) -> int | None:
    form = YearFilterForm(request.GET or None)
    return form.cleaned_data.get("year") if form.is_bound and form.is_valid() else None


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# --- events -----------------------------------------------------------------------------------------

@register_view
def events(request):
    qs = Event.objects.filter(org=request.agency).order_by("-held_on", "-pk")
    year = _year(request)
    if year:
        qs = qs.filter(held_on__year=year)
    return render(request, "publicity/events.html", {"org": request.agency, "page": _page(request, qs), "year": year})


def _event_form_page(request, form, event=None, status=200):
    return render(request, "publicity/event_form.html", {"org": request.agency, "form": form, "event": event},
                  status=status)


@register_view
def event_new(request):
    form = EventForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(org=request.agency, by=request.user, data=form.cleaned_data)
        except GongkaiError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, f"已登记：{event.title}")
            return redirect(_url(request, "events"))
    return _event_form_page(request, form, status=400 if form.errors else 200)


@register_view
def event_edit(request, pk: int):
    event = get_object_or_404(Event, pk=pk, org=request.agency)
    form = EventForm(request.POST or None, initial=EventForm.initial_for(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(event_id=event.pk, by=request.user, data=form.cleaned_data)
        except GongkaiError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, "已保存。")
            return redirect(_url(request, "events"))
    return _event_form_page(request, form, event, status=400 if form.errors else 200)


@register_view
@require_POST
def event_delete(request, pk: int):
    event = get_object_or_404(Event, pk=pk, org=request.agency)
    services.event_delete(event_id=event.pk, by=request.user)
    messages.success(request, f"已删除：{event.title}")
    return redirect(_url(request, "events"))


# --- channels and posts -----------------------------------------------------------------------------

def _posts_page(request, form=None, status=200):
    org = request.agency
    services.channels_ensure(org=org)
    postable = selectors.channels_of(org, running_on=timezone.localdate()).filter(kind=Channel.Kind.NEW_MEDIA)
    form = form or PostForm(channels=postable, initial={"posted_on": timezone.localdate()})
    qs = Post.objects.filter(org=org).select_related("channel", "item").order_by("-posted_on", "-pk")
    year = _year(request)
    if year:
        qs = qs.filter(posted_on__year=year)
    if request.GET.get("channel"):
        qs = qs.filter(channel__code=request.GET["channel"])
    return render(request, "publicity/posts.html", {"org": org, "form": form, "page": _page(request, qs), "year": year,
                                                    "channels": selectors.channels_of(org)}, status=status)


@register_view
def posts(request):
    if request.method != "POST":
        return _posts_page(request)
    postable = selectors.channels_of(request.agency, running_on=timezone.localdate()).filter(kind=Channel.Kind.NEW_MEDIA)
    form = PostForm(request.POST, channels=postable)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.post_create(org=request.agency, by=request.user, channel_id=d["channel"], posted_on=d["posted_on"],
                                 title=d["title"], url=d["url"])
        except GongkaiError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, f"已登记：{d['title']}")
            return redirect(_url(request, "posts"))
    return _posts_page(request, form, status=400)


@register_view
@require_POST
def post_delete(request, pk: int):
    post = get_object_or_404(Post, pk=pk, org=request.agency)
    services.post_delete(post_id=post.pk, by=request.user)
    messages.success(request, f"已删除：{post.title}")
    return redirect(_url(request, "posts"))


@member_view
@require_POST
def item_carry(request, pk: int):
    """The item page's one-step button: this published item went out on that channel (today)."""
    item = get_object_or_404(Item, pk=pk, org_id__in={m.org_id for m in request.memberships})
    form = CarryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择渠道")
    else:
        try:
            post = services.item_carry(item_id=item.pk, channel_id=form.cleaned_data["channel"], by=request.user,
                                       posted_on=form.cleaned_data["posted_on"])
        except GongkaiError as e:
            messages.error(request, e.message)
        else:
            messages.success(request, f"已标记在“{post.channel.name}”转载。")
    return redirect("workbench:item", pk=item.pk)


def _channels_page(request, form=None, status=200):
    services.channels_ensure(org=request.agency)
    return render(request, "publicity/channels.html", {
        "org": request.agency, "channels": selectors.channels_of(request.agency), "form": form or ChannelForm(),
        "can_manage": request.is_supervisor, "today": timezone.localdate()}, status=status)


@register_view
def channels(request):
    if request.method != "POST":
        return _channels_page(request)
    form = ChannelForm(request.POST)
    if form.is_valid():
        try:
            channel = services.channel_create(org=request.agency, by=request.user, **form.cleaned_data)
        except NotAllowed as e:
            messages.error(request, e.message)
            return _channels_page(request, form, status=403)
        except GongkaiError as e:
            _apply_errors(form, e)
        else:
            messages.success(request, f"已添加渠道：{channel.name}")
            return redirect(_url(request, "channels"))
    return _channels_page(request, form, status=400)


@register_view
@require_POST
def channel_change(request, pk: int, action: str):
    channel = get_object_or_404(Channel, pk=pk, org=request.agency)
    try:
        if action == "rename":
            form = RenameForm(request.POST)
            if not form.is_valid():
                raise FieldErrors({"name": "请填写渠道名称"})
            services.channel_rename(channel_id=channel.pk, by=request.user, name=form.cleaned_data["name"])
            done = "已改名"
        elif action == "close":
            form = CloseForm(request.POST)
            closed_on = form.cleaned_data["closed_on"] if form.is_valid() else None
            services.channel_close(channel_id=channel.pk, by=request.user, closed_on=closed_on)
            done = "已标记关停"
        elif action == "reopen":
            services.channel_reopen(channel_id=channel.pk, by=request.user)
            done = "已恢复运行"
        else:
            raise Http404
    except GongkaiError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"渠道“{channel.name}”{done}。")
    return redirect(_url(request, "channels"))


# --- submissions ------------------------------------------------------------------------------------

def _submissions_page(request, form=None, status=200):
    org = request.agency
    form = form or SubmissionForm(bodies=selectors.receiving_bodies(org), departments=org.departments.all(),
                                  initial={"submitted_on": timezone.localdate()})
    qs = Submission.objects.filter(org=org).select_related("body", "department", "item").order_by("-submitted_on", "-pk")
    year = _year(request)
    if year:
        qs = qs.filter(submitted_on__year=year)
    first, last = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else (dt.date(2008, 1, 1), timezone.localdate())
    by_body = selectors.submission_counts([org.pk], first, last, "body")
    names = {b.pk: b for b in selectors.receiving_bodies(org)}
    for row in by_body:
        row["body"] = names.get(row["body_id"])
    return render(request, "publicity/submissions.html", {
        "org": org, "form": form, "page": _page(request, qs), "year": year, "by_body": by_body,
        "has_inbox": selectors.inbox(org.pk).exists()}, status=status)


@register_view
def submissions(request):
    if request.method != "POST":
        return _submissions_page(request)
    org = request.agency
    form = SubmissionForm(request.POST, bodies=selectors.receiving_bodies(org), departments=org.departments.all())
    if form.is_valid():
        d = form.cleaned_data
        item_id = None
        if d["item_number"]:
            item_id = Item.objects.filter(org=org, index_number=d["item_number"].strip()).values_list("pk", flat=True).first()
            if item_id is None:
                form.add_error("item_number", "本机关没有这个索引号的目录条目")
        if not form.errors:
            try:
                sub = services.submission_create(org=org, by=request.user, data={
                    "body_id": d["body"], "submitted_on": d["submitted_on"], "title": d["title"], "text": d["text"],
                    "department_id": d["department"], "item_id": item_id})
            except GongkaiError as e:
                _apply_errors(form, e)
            else:
                messages.success(request, f"已报送：{sub.title}（{sub.body.name}）")
                return redirect(_url(request, "submissions"))
    return _submissions_page(request, form, status=400)


@register_view
def inbox(request):
    """What the agencies below sent to this body; its staff mark what they adopted."""
    qs = selectors.inbox(request.agency.pk)
    return render(request, "publicity/inbox.html", {"org": request.agency, "page": _page(request, qs),
                                                    "today": timezone.localdate()})


@member_view
@require_POST
def submission_adoption(request, pk: int, action: str):
    sub = get_object_or_404(selectors.submission_visible_to(request.user), pk=pk)
    form = AdoptForm(request.POST)
    try:
        if action == "adopt":
            adopted_on = form.cleaned_data["adopted_on"] if form.is_valid() else None
            services.submission_adopt(submission_id=sub.pk, by=request.user, adopted_on=adopted_on)
            messages.success(request, f"已标记采用：{sub.title}")
        elif action == "unadopt":
            services.submission_unadopt(submission_id=sub.pk, by=request.user)
            messages.success(request, f"已撤销采用标记：{sub.title}")
        else:
            raise Http404
    except GongkaiError as e:
        messages.error(request, e.message)
    back = request.POST.get("next", "")
    if back not in ("inbox", "submissions"):
        back = "submissions"
    org = request.POST.get("org") or ""
    return redirect(f"{reverse(f'publicity:{back}')}?{urlencode({'org': org})}" if org else reverse(f"publicity:{back}"))
