"""The public side of messages (回应关切) on the portal: write to the agency, see the number and
query code once, follow the message, and read the published questions and answers.

The protections of /apply/ apply, through the same functions: the signed one-time form token, the
hidden field, per-address limits (applications.throttle). What looks like spam is not refused: it is
stored, held back for staff to review (rules.hold_reasons), and the writer sees the same receipt.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import SafeString
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.applications.forms import form_token_new, form_token_valid
from gongkai.applications.throttle import TOO_MANY, client_address, throttle_hit
from gongkai.core.errors import FieldErrors
from gongkai.core.idempotency import receipt_find
from gongkai.orgs.models import Organisation
from gongkai.portal.highlight import highlight, snippet
from gongkai.portal.paging import pager_for
from gongkai.portal.selectors import default_org, org_by_param

from . import rules, selectors, services
from .forms import MessageForm, QaFilterForm, TrackForm
from .models import Message

RECEIPT_KEY = "interaction:receipt"
FORM_SCOPE = "message-form"
NO_MATCH = "留言编号或查询码不正确，请核对后重新输入。"
EXPIRED = "页面已过期，请确认填写的内容后再次提交。"
S = Message.Status
# What the writer is told of the status: never that a message is held back as suspected spam.
PUBLIC_STATUS = {S.HELD: "已收到，待办理", S.DISCARDED: "已收到，待办理", S.RECEIVED: "已收到，待办理",
                 S.ASSIGNED: "办理中", S.IN_REVIEW: "办理中", S.RETURNED: "办理中", S.REPLIED: "已答复"}


def _org(request: HttpRequest) -> Organisation:
    org = org_by_param(request.GET.get("org", "")) or default_org()
    if org is None:
        raise Http404("本网站尚未设置受理机关")
    return org


def _write_page(request, form, org, channels, status=200, **extra):
    return render(request, "interaction/public/write.html",
                  {"form": form, "org": org, "channels": channels, "term": selectors.reply_term(org), **extra},
                  status=status)


@never_cache  # the page may hold what someone typed about themselves
@require_http_methods(["GET", "HEAD", "POST"])
def write(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    channels = [c for c in selectors.channels_for(org) if c.is_open]
    if request.method != "POST":
        form = MessageForm(initial={"token": form_token_new(), "channel": request.GET.get("channel", "")}, channels=channels)
        return _write_page(request, form, org, channels)
    form = MessageForm(request.POST, channels=channels)
    response, status = _submit(request, form, org)
    if response is not None:
        return response
    form.data = form.data.copy()
    form.data["token"] = form_token_new()  # shown again with everything typed kept and a fresh token
    return _write_page(request, form, org, channels, status=status)


def _submit(request: HttpRequest, form: MessageForm, org: Organisation) -> tuple[HttpResponse | None, int]:
    """Stores the message — held back when it looks like spam — and redirects to the receipt; or
    (None, status) with the reasons on the form and nothing written."""
    token = form.data.get("token", "")
    if not form_token_valid(token):
        form.is_valid()
        form.add_error(None, EXPIRED)
        return None, 200
    if not form.is_valid():
        return None, 200
    # One token, one message (as /apply/, decision 0023): a second click or a resent POST, on any
    # worker, gets the first one's receipt again.
    earlier = receipt_find(scope=FORM_SCOPE, key=token)
    if earlier is not None:
        request.session[RECEIPT_KEY] = earlier
        return redirect("interaction_public:done"), 302
    within = throttle_hit(request, "message")  # past it: held back for review
    if not throttle_hit(request, "message_hold"):  # past this one (every submission counts): refused
        form.add_error(None, TOO_MANY["message_hold"])
        return None, 429
    data = form.service_data()
    reasons = rules.hold_reasons(subject=data["subject"], body=data["body"], honeypot=form.honeypot, within_limit=within)
    try:
        outcome = services.message_submit_once(org=org, data=data, hold_reasons=reasons, address=client_address(request),
                                               key=token, scope=FORM_SCOPE)
    except FieldErrors as exc:
        form.add_service_errors(exc.errors)
        return None, 200  # nothing was written, the token is still free
    request.session[RECEIPT_KEY] = outcome.receipt
    return redirect("interaction_public:done"), 302


@never_cache  # Cache-Control: no-store — the query code must not stay in any cache
@require_safe
def done(request: HttpRequest) -> HttpResponse:
    """The number and query code, shown once: taken out of the session as they are shown."""
    receipt = request.session.pop(RECEIPT_KEY, None)
    if receipt:
        receipt = {**receipt, "received_on": dt.date.fromisoformat(receipt["received_on"]),
                   "due_on": dt.date.fromisoformat(receipt["due_on"])}
    return render(request, "interaction/public/done.html", {"receipt": receipt})


@dataclass
class PublicView:
    """What the writer sees of their message by number and code: never their name or contact."""
    number: str
    org_name: str
    channel: str
    subject: str
    body: str
    status: str
    received_on: dt.date
    due_on: dt.date | None
    replied_on: dt.date | None
    reply: str
    published_pk: int | None


def public_view(msg: Message) -> PublicView:
    replied = msg.status == S.REPLIED
    return PublicView(
        number=msg.number, org_name=msg.org.name, channel=selectors.channel_names([msg.org_id]).get(msg.channel, msg.channel),
        subject=msg.subject, body=msg.body, status=PUBLIC_STATUS[msg.status], received_on=msg.received_on,
        due_on=None if replied else msg.due_on, replied_on=msg.replied_on if replied else None,
        reply=msg.reply if replied else "", published_pk=msg.pk if selectors.is_visible_to_public(msg) else None)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """The message by number and query code (POST: the code stays out of addresses and logs); a wrong
    number and a wrong code get the same answer; guessing is limited per address (shared with /track/)."""
    if request.method != "POST":
        return render(request, "interaction/public/track.html", {"form": TrackForm()})
    form = TrackForm(request.POST)
    if not throttle_hit(request, "track"):
        return render(request, "interaction/public/track.html", {"form": form, "throttled": TOO_MANY["track"]}, status=429)
    found = None
    if form.is_valid():
        msg = selectors.message_track(form.cleaned_data["number"], form.cleaned_data["query_code"])
        if msg is None:
            form.add_error(None, NO_MATCH)
        else:
            found = public_view(msg)
    return render(request, "interaction/public/track.html", {"form": form, "found": found})


# --- published questions and answers ---------------------------------------------------------------

@dataclass
class QaHit:
    pk: int
    channel: str
    replied_on: dt.date
    title_html: SafeString
    snippet_html: SafeString


def _facets(org: Organisation | None, filters: selectors.QaFilters) -> dict:
    """The sidebar's links: (label, url, is current) by channel and by year of the answer."""
    base = {"org": org.code} if org else {}
    url = lambda **p: "?" + urlencode({**base, **{k: v for k, v in p.items() if v}})  # noqa: E731
    channel = filters.channel
    return {
        "channel_links": [("全部", url(year=filters.year), channel is None)] + [
            (c.name, url(channel=c.code, year=filters.year), c.code == channel) for c in selectors.channels_for(org or default_org())],
        "year_links": [("全部", url(channel=channel), not filters.year)] + [
            (f"{y}年", url(channel=channel, year=y), y == filters.year) for y in selectors.qa_years(filters.org_id)],
    }


@require_safe
def qa_list(request: HttpRequest) -> HttpResponse:
    """回应关切: published Q&A newest first, by channel and year, with the catalogue's search (?q=)."""
    form = QaFilterForm(request.GET)
    org = org_by_param(request.GET.get("org", ""))
    names = selectors.channel_names([org.pk] if org else None)
    channel = form.get("channel") if form.get("channel") in names else None
    filters = selectors.QaFilters(org_id=org.pk if org else None, channel=channel, year=form.get("year"))
    number, per_page = form.get("page") or 1, settings.GONGKAI_PAGE_SIZE
    query = (form.get("q") or "").strip()
    context = {
        "filters": filters, "org": org, "query": query, "names": names, "is_filtered": bool(channel or filters.year),
        # The sidebar is the template's cached fragment: its links are built only when it is missing,
        # and it goes stale with the published messages (the years) and the channels (their names).
        "facets": SimpleLazyObject(lambda: _facets(org, filters)),
        "facets_key": f"{selectors.published_version()}:{selectors.channels_version()}:{filters.key()}",
    }
    if query:
        result = selectors.qa_search(query, filters, page=number, per_page=per_page)
        context["pager"] = pager_for(number, per_page, result.count, request.GET)
        context["more"] = result.more
        context["hits"] = [QaHit(m["id"], names.get(m["channel"], m["channel"]), m["replied_on"],
                                 highlight(m["public_subject"], query), snippet(f"{m['public_body']} {m['reply']}", query))
                           for m in selectors.messages_by_ids(result.ids)]
    else:
        pager = pager_for(number, per_page, selectors.qa_count(filters), request.GET)
        context["pager"] = pager
        context["rows"] = selectors.qa_rows(filters, offset=pager.offset, limit=pager.per_page)
    return render(request, "interaction/public/qa_list.html", context)


@require_safe
def qa_detail(request: HttpRequest, pk: int) -> HttpResponse:
    msg = selectors.public_message(pk)
    if msg is None:
        raise Http404("该留言不存在或未公开")
    names = selectors.channel_names([msg.org_id])
    return render(request, "interaction/public/qa_detail.html", {"msg": msg, "channel": names.get(msg.channel, msg.channel)})
