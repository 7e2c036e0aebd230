"""The public, read-only REST API (/api/v1/): published catalogue items, listed, searched and read.

It is public-only on purpose: whoever asks, signed in or not, of whichever agency, sees exactly what
the portal shows the public. Staff work goes through the workbench, never through this API.
"""
from __future__ import annotations

import math

from django.conf import settings
from django.http import Http404, HttpRequest
from django.urls import reverse
from ninja import NinjaAPI, Query, Status
from ninja.errors import HttpError, ValidationError

from gongkai.catalog.models import Attachment, Item, Kind, Topic
from gongkai.catalog.selectors import items_public, public_item_by_key
from gongkai.orgs.models import Organisation
from gongkai.search.backends import SearchFilters
from gongkai.search.selectors import search_items

from .schemas import Error, ItemDetailOut, ItemPage

api = NinjaAPI(
    title="Gongkai 公开 API",
    version="1",
    description="政府信息公开目录的只读接口：只提供已发布的信息。检索与门户网站 /search/ 相同。",
    urls_namespace="api",
)

MAX_PAGE_SIZE = 100
# Bounds keep absurd numbers out of SQL (SQLite integers are 64-bit; dates stop at year 9999).
MAX_ID = 2**63 - 1
NOT_FOUND = "未找到"


# ---------------------------------------------------------------- errors, always {"detail": "<中文>"}

_REASONS = {
    "int_parsing": lambda ctx: "须为整数",
    "int_from_float": lambda ctx: "须为整数",
    "greater_than_equal": lambda ctx: f"不能小于 {ctx.get('ge')}",
    "less_than_equal": lambda ctx: f"不能大于 {ctx.get('le')}",
    "string_too_long": lambda ctx: f"不能超过 {ctx.get('max_length')} 个字符",
    "enum": lambda ctx: f"须为以下之一：{ctx.get('expected')}",
    "missing": lambda ctx: "不能为空",
}


def _reason(error: dict) -> str:
    name = str(error.get("loc", ["", "?"])[-1])
    explain = _REASONS.get(error.get("type", ""), lambda ctx: "格式不正确")
    return f"参数 {name} {explain(error.get('ctx') or {})}"


@api.exception_handler(ValidationError)
def _bad_parameters(request: HttpRequest, exc: ValidationError):
    # A malformed query string is the caller's mistake: 400 with a reason a person can read.
    detail = "；".join(_reason(e) for e in exc.errors) or "参数不正确"
    errors = {str(e.get("loc", ["", "?"])[-1]): _reason(e) for e in exc.errors}
    return api.create_response(request, {"detail": detail, "errors": errors}, status=400)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError):
    # Our own HttpErrors carry Chinese reasons; ninja's one for a body that is not JSON does not.
    detail = "请求正文不是有效的 JSON" if str(exc).startswith("Cannot parse request body") else str(exc)
    body = {"detail": detail}
    if exc.status_code == 400:
        body["errors"] = {}  # the shape of every 400 in the schema (FieldError): no field to name here
    return api.create_response(request, body, status=exc.status_code)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404):
    return api.create_response(request, {"detail": NOT_FOUND}, status=404)


# ---------------------------------------------------------------- shaping

def item_url(request: HttpRequest, item: Item) -> str:
    """The item's page on the portal (URL contract: /items/<index number>/)."""
    return request.build_absolute_uri(reverse("portal:item", args=[item.index_number or str(item.pk)]))


def item_summary(request: HttpRequest, item: Item) -> dict:
    """An item as listed; needs org, topic and department already joined (no query per row)."""
    return {
        "id": item.pk,
        "index_number": item.index_number or "",
        "title": item.title,
        "publisher": item.publisher or item.org.name,
        "org": item.org.code,
        "department": item.department.name if item.department_id else None,
        "topic": item.topic.name if item.topic_id else None,
        "kind": item.kind,
        "kind_label": item.get_kind_display(),
        "validity": item.validity,
        "validity_label": item.get_validity_display(),
        "created_on": item.created_on,
        "published_on": item.published_on,
        "document_number": item.document_number,
        "keywords": item.keyword_list(),
        "summary": item.summary,
        "url": item_url(request, item),
    }


def item_detail_dict(request: HttpRequest, item: Item) -> dict:
    # Public attachments are those of the revision the public sees, never of one under review.
    attachments = Attachment.objects.filter(revision_id=item.published_revision_id) if item.published_revision_id else []
    return {
        **item_summary(request, item),
        "body": item.body,
        "body_text": item.body_text,
        "attachments": [
            {"name": a.name, "size": a.size, "content_type": a.content_type,
             "url": request.build_absolute_uri(reverse("portal:attachment", args=[a.pk]))}
            for a in attachments
        ],
    }


def _page_url(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


def page_dict(request: HttpRequest, *, items: list[Item], count: int, page: int, size: int) -> dict:
    last = max(1, math.ceil(count / size))
    return {
        "count": count,
        "next": _page_url(request, page + 1) if page < last else None,
        "previous": _page_url(request, page - 1) if page > 1 else None,
        "results": [item_summary(request, item) for item in items],
    }


# ---------------------------------------------------------------- filters

def _topic(value: str) -> Topic:
    """A topic by its code (e.g. 22) or, failing that, by its id."""
    topic = Topic.objects.filter(code=value).first()
    if topic is None and value.isascii() and value.isdigit() and len(value) <= 19 and int(value) <= MAX_ID:
        topic = Topic.objects.filter(pk=int(value)).first()
    if topic is None:
        raise HttpError(400, f"未知的主题分类：{value}")
    return topic


def _org(code: str) -> Organisation:
    org = Organisation.objects.filter(code=code).first()
    if org is None:
        raise HttpError(400, f"未知的机关代码：{code}")
    return org


def _check_page(page: int, count: int, size: int) -> None:
    last = max(1, math.ceil(count / size))
    if page > last:
        raise HttpError(404, f"页码超出范围：共 {last} 页")


# ---------------------------------------------------------------- endpoints

@api.get(
    "/items/", response={200: ItemPage, 400: Error, 404: Error, 503: Error}, url_name="item_list",
    summary="列出或检索已发布的信息",
    # An OpenAPI link: a listed item is read by its id (clients and stateful test tools follow it).
    # The status is an int, as ninja keys its responses: a "200" would replace the response whole.
    openapi_extra={"responses": {200: {"links": {"item": {
        "operationId": "gongkai_api_views_item_detail", "parameters": {"key": "$response.body#/results/0/id"},
        "description": "读取列表中的第一条信息"}}}}},
)
def item_list(
    request: HttpRequest,
    q: str = Query("", max_length=100, description="检索词（与门户网站检索相同）；为空时按发布日期倒序列出"),
    topic: str | None = Query(None, max_length=40, description="主题分类代码（如 22）或编号"),
    year: int | None = Query(None, ge=1, le=9999, description="发布年份"),
    org: str | None = Query(None, max_length=40, description="机关代码"),
    dept: int | None = Query(None, ge=1, le=MAX_ID, description="处室/直属单位编号"),
    kind: Kind | None = Query(None, description="类别代码"),
    page: int = Query(1, ge=1, le=10**9, description="页码，从 1 开始"),
    page_size: int | None = Query(None, ge=1, le=MAX_PAGE_SIZE, description="每页条数，最多 100"),
):
    size = page_size or settings.GONGKAI_PAGE_SIZE
    topic_obj = _topic(topic) if topic else None
    org_obj = _org(org) if org else None
    kind_code = kind.value if kind else None
    if q.strip():
        # The portal's own search: same matching, same filters, same ranking.
        filters = SearchFilters(
            org_ids=[org_obj.pk] if org_obj else None, topic_id=topic_obj.pk if topic_obj else None,
            year=year, department_id=dept, kind=kind_code,
        )
        found = search_items(q, filters=filters, page=page, per_page=size)
        _check_page(page, found.count, size)
        by_id = items_public().select_related("org", "topic", "department").in_bulk(found.ids)
        return page_dict(request, items=[by_id[i] for i in found.ids if i in by_id], count=found.count, page=page, size=size)
    qs = items_public()
    if topic_obj:
        qs = qs.filter(topic=topic_obj)
    if org_obj:
        qs = qs.filter(org=org_obj)
    if year:
        qs = qs.filter(published_on__year=year)
    if dept:
        qs = qs.filter(department_id=dept)
    if kind_code:
        qs = qs.filter(kind=kind_code)
    count = qs.count()
    _check_page(page, count, size)
    rows = qs.select_related("org", "topic", "department").order_by("-published_on", "-id")[(page - 1) * size: page * size]
    return page_dict(request, items=list(rows), count=count, page=page, size=size)


@api.get(
    "/items/{path:key}/", response={200: ItemDetailOut, 400: Error, 404: Error, 503: Error}, url_name="item_detail",
    summary="读取一条已发布的信息（按索引号或编号）",
)
def item_detail(request: HttpRequest, key: str):
    # Missing, unpublished and withdrawn answer alike, so the API never reveals that a draft exists.
    item = public_item_by_key(key)
    if item is None:
        return Status(404, {"detail": NOT_FOUND})
    return item_detail_dict(request, item)
