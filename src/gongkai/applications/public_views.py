"""The public side of applications (依申请公开) on the portal: apply online, see the registration
number and query code once, track the case, download the reply, read the quarterly figures.

No page here shows personal data: the tracking page is for whoever holds a number and its code, and
shows what public.public_case gives — the name masked, nothing else of the applicant's.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.downloads import file_download
from gongkai.core.errors import FieldErrors, InvalidInput
from gongkai.core.idempotency import receipt_find
from gongkai.orgs.models import Organisation
from gongkai.portal.selectors import default_org, org_by_param

from . import services
from .forms import ApplyForm, QuarterForm, TrackForm, form_token_new, form_token_valid
from .outcomes import Outcome
from .public import document_from_token, public_case
from .selectors import application_track, quarterly_figures
from .throttle import TOO_MANY, throttle_hit

RECEIPT_KEY = "applications:receipt"  # session key: the number and code shown once on the next page
NO_MATCH = "登记编号或查询码不正确，请核对后重新输入。"
FORM_SCOPE = "apply-form"
SPAM = "提交未成功，请检查填写的内容后重新提交。"


def _org(request: HttpRequest) -> Organisation:
    """The agency applied to: ?org=CODE on a multi-agency installation, else the portal's own."""
    org = org_by_param(request.GET.get("org", "")) or default_org()
    if org is None:
        raise Http404("本网站尚未设置受理机关")
    return org


@never_cache  # the page may hold what someone typed about themselves
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    org = _org(request)
    if request.method != "POST":
        form = ApplyForm(initial={"token": form_token_new()})
        return render(request, "applications/public/apply.html", {"form": form, "org": org})
    form = ApplyForm(request.POST, request.FILES)
    response = _submit(request, form, org)
    if response is not None:
        return response
    # Shown again with every message beside its field and everything typed kept; a fresh token.
    form.data = form.data.copy()
    form.data["token"] = form_token_new()
    files_dropped = bool(request.FILES)
    status = 429 if getattr(form, "throttled", False) else 200
    return render(request, "applications/public/apply.html",
                  {"form": form, "org": org, "files_dropped": files_dropped}, status=status)


def _submit(request: HttpRequest, form: ApplyForm, org: Organisation) -> HttpResponse | None:
    """Submits the application; a redirect on success (POST-redirect-GET), else None with the
    reasons on the form."""
    if form.is_spam:
        form.is_valid()
        form.add_error(None, SPAM)  # said plainly, as to a person whose browser filled the hidden field
        return None
    token = form.data.get("token", "")
    if not form_token_valid(token):
        form.is_valid()
        form.add_error(None, "页面已过期，请确认填写的内容后再次提交。")
        return None
    if not form.is_valid():
        return None
    # One token, one application (decision 0023): the token is a unique key in the database, taken in
    # the submission's transaction; a second click or a resent POST — on any worker — gets the first
    # one's receipt, so an applicant whose answer was lost sees it by submitting again.
    earlier = receipt_find(scope=FORM_SCOPE, key=token)
    if earlier is not None:
        request.session[RECEIPT_KEY] = earlier
        return redirect("applications_public:done")
    if not throttle_hit(request, "apply"):
        form.add_error(None, TOO_MANY["apply"])
        form.throttled = True
        return None
    try:
        outcome = services.application_submit_public(org=org, data=form.service_data(), key=token, scope=FORM_SCOPE,
                                                     files=form.cleaned_data["attachments"])
    except FieldErrors as exc:
        form.add_service_errors(exc.errors)
    except InvalidInput as exc:  # an attachment refused by its content
        form.add_error("attachments" if "文件" in exc.message else None, exc.message)
    except ValidationError as exc:
        form.add_service_errors({k: "；".join(v) for k, v in exc.message_dict.items()})
    else:
        request.session[RECEIPT_KEY] = outcome.receipt
        return redirect("applications_public:done")
    return None  # nothing was written, the token is still free: the person may try again


def _date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


@never_cache  # Cache-Control: no-store — the query code must not stay in any cache
@require_safe
def apply_done(request: HttpRequest) -> HttpResponse:
    """The registration number and query code, shown once: taken out of the session as they are shown."""
    receipt = request.session.pop(RECEIPT_KEY, None)
    if receipt:
        receipt = {**receipt, "received_on": _date(receipt["received_on"]), "due_on": _date(receipt["due_on"])}
    return render(request, "applications/public/apply_done.html", {"receipt": receipt})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """The case by number and query code. POST keeps the code out of addresses and server logs;
    a wrong number and a wrong code get the same answer, and guessing is limited per address."""
    if request.method != "POST":
        return render(request, "applications/public/track.html", {"form": TrackForm()})
    form = TrackForm(request.POST)
    if not throttle_hit(request, "track"):
        return render(request, "applications/public/track.html", {"form": form, "throttled": TOO_MANY["track"]}, status=429)
    case = None
    if form.is_valid():
        app = application_track(form.cleaned_data["number"], form.cleaned_data["query_code"])
        if app is None:
            form.add_error(None, NO_MATCH)
        else:
            case = public_case(app)
    return render(request, "applications/public/track.html", {"form": form, "case": case})


@never_cache
@require_safe
def document_download(request: HttpRequest, token: str) -> FileResponse:
    """A public document of a case (the reply letter, redacted material), through the signed link the
    tracking page made after checking the number and code. Media is never served directly."""
    doc = document_from_token(token)
    if doc is None:
        raise Http404("下载链接无效或已过期，请重新查询")
    return file_download(doc.file, filename=doc.name, content_type=doc.content_type, missing="该文件已不存在")


ORGANISATION_ROWS = [("business", "商业企业"), ("research", "科研机构"),
                 ("social_welfare", "社会公益组织"), ("legal_services", "法律服务机构"), ("other_org", "其他")]


@require_safe
def quarterly(request: HttpRequest) -> HttpResponse:
    """依申请公开情况季度统计 of the portal's agency (or ?org=CODE)."""
    org = _org(request)
    form = QuarterForm(request.GET)
    year, quarter, fell_back = form.chosen()
    figures = quarterly_figures(org, year, quarter)
    received = figures["received"]
    return render(request, "applications/public/quarterly.html", {
        "org": org, "form": form, "year": year, "quarter": quarter, "fell_back": fell_back, "figures": figures,
        "organisation_rows": [(label, received[code]) for code, label in ORGANISATION_ROWS],
        "organisations_total": sum(received[code] for code, _ in ORGANISATION_ROWS),
        "closed_rows": [(o.label, figures["closed"][o.value]) for o in Outcome],
    })
