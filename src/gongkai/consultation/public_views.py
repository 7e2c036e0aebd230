"""The public side on the portal: consultations open and closed, a consultation's page where anyone
may comment while it is open, the results of suggestions and proposals by year.

Nothing a person submits is shown here: a comment is kept for the agency's staff; the page shows only
how many were received and, after the period, how they were taken up. A draft answers 404 like a
consultation that does not exist.
"""
from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.applications.forms import form_token_new, form_token_valid
from gongkai.applications.public_views import SPAM
from gongkai.applications.throttle import TOO_MANY, throttle_hit
from gongkai.core.errors import FieldErrors, InvalidInput
from gongkai.core.idempotency import receipt_find
from gongkai.portal.paging import pager_for
from gongkai.portal.selectors import default_org, org_by_param

from . import selectors, services
from .forms import CommentForm, YearForm, put_errors

EXPIRED = "页面已过期，请确认填写的内容后再次提交。"
FORM_SCOPE = "consultation-comment"


def _org(request: HttpRequest):
    return org_by_param(request.GET.get("org", "")) or default_org()


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    """意见征集: what is open now (closing soonest first), then what has closed (newest first, paged)."""
    org = _org(request)
    today = timezone.localdate()
    closed = selectors.consultations_closed(org, today)
    number = request.GET.get("page", "1")
    pager = pager_for(int(number) if number.isdigit() else 1, settings.GONGKAI_PAGE_SIZE, closed.count(), request.GET)
    return render(request, "consultation/public/list.html", {
        "org": org, "open": selectors.consultations_open(org, today), "today": today,
        "closed": list(closed[pager.offset:pager.offset + pager.per_page]), "pager": pager,
    })


def _page(request, consultation, form: CommentForm | None, status=200) -> HttpResponse:
    """FORM: the refused form, shown with its messages; None: a blank one, whose fields come from the
    template's cache (built only when that fragment is missing)."""
    phase = selectors.consultation_phase(consultation)
    return render(request, "consultation/public/detail.html", {
        "c": consultation, "phase": phase, "phase_label": selectors.PHASE_LABELS[phase],
        "bound": form is not None, "form": form if form is not None else SimpleLazyObject(CommentForm),
        "token": form.data["token"] if form is not None else form_token_new(),
    }, status=status)


@never_cache  # the page may hold what someone typed
@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_public(pk)
    if consultation is None:
        raise Http404("该征求意见事项不存在或未发布")
    if request.method != "POST":
        return _page(request, consultation, None)
    form = CommentForm(request.POST, request.FILES)
    response = _submit(request, form, consultation)
    if response is not None:
        return response
    form.data = form.data.copy()
    form.data["token"] = form_token_new()  # shown again with what was typed and a fresh token
    return _page(request, consultation, form, status=429 if getattr(form, "throttled", False) else 200)


def _submit(request: HttpRequest, form: CommentForm, consultation) -> HttpResponse | None:
    """Submits the comment; a redirect on success, else None with the reasons on the form. The
    protections of /apply/: the hidden field, the one-time token, the per-address limit."""
    if form.is_spam:
        form.is_valid()
        form.add_error(None, SPAM)
        return None
    token = form.data.get("token", "")
    if not form_token_valid(token):
        form.is_valid()
        form.add_error(None, EXPIRED)
        return None
    if not form.is_valid():
        return None
    # One token, one comment (decision 0023, as /apply/): a second click or a resent POST sees the receipt.
    if receipt_find(scope=FORM_SCOPE, key=token) is not None:
        return redirect("consultation_public:sent", pk=consultation.pk)
    if not throttle_hit(request, "comment"):
        form.add_error(None, TOO_MANY["comment"])
        form.throttled = True
        return None
    try:
        services.comment_submit_once(consultation_id=consultation.pk, key=token, scope=FORM_SCOPE,
                                     body=form.cleaned_data["body"], name=form.cleaned_data["name"],
                                     contact=form.cleaned_data["contact"], attachment=form.upload())
    except FieldErrors as e:
        put_errors(form, e.errors)
    except InvalidInput as e:
        form.add_error(None, e.message)
    else:
        return redirect("consultation_public:sent", pk=consultation.pk)
    return None  # nothing was written, the token is still free: the person may try again


@require_safe
def comment_sent(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = selectors.consultation_public(pk)
    if consultation is None:
        raise Http404("该征求意见事项不存在或未发布")
    return render(request, "consultation/public/sent.html", {"c": consultation})


@require_safe
def suggestion_list(request: HttpRequest) -> HttpResponse:
    """建议提案办理结果, by year of publication (the newest year by default)."""
    org = _org(request)
    years = selectors.suggestion_years(org)
    form = YearForm(request.GET)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    year = year if year in years else (years[0] if years else None)
    rows = selectors.suggestions_public(org, year) if year else selectors.suggestions_public(org, None).none()
    number = request.GET.get("page", "1")
    pager = pager_for(int(number) if number.isdigit() else 1, settings.GONGKAI_PAGE_SIZE, rows.count(), request.GET)
    return render(request, "consultation/public/suggestions.html", {
        "org": org, "years": years, "year": year, "pager": pager,
        "rows": list(rows.only("id", "number", "kind", "title", "proposer", "replied_on", "result_published_on")
                     [pager.offset:pager.offset + pager.per_page]),
    })


@require_safe
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = selectors.suggestion_public(pk)
    if suggestion is None:
        raise Http404("该建议提案办理结果不存在或未公开")
    full = suggestion.org.suggestion_result_form == "full" and suggestion.reply
    return render(request, "consultation/public/suggestion.html", {"s": suggestion, "full": full})
