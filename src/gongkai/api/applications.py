"""Applications for disclosure (依申请公开) through the public API: submit an application, ask for its
status by registration number and query code.

These are the API's only writes. They need no account, as the portal's form needs none, and so no
CSRF token (no cookie is read: ninja checks CSRF only for cookie authentication). They call the very
services the portal calls, with the same validation, the same per-address limits (throttle.py), and
the status answer carries no personal data: the applicant's name masked, nothing else of theirs.
"""
from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from gongkai.applications import services
from gongkai.applications.public import public_case
from gongkai.applications.selectors import application_track
from gongkai.applications.throttle import TOO_MANY, throttle_hit
from gongkai.core.errors import FieldErrors, InvalidInput
from gongkai.core.idempotency import KEY_REUSED, payload_fingerprint, receipt_find
from gongkai.orgs.models import Organisation
from gongkai.portal.selectors import default_org

from .schemas import Error

router = Router(tags=["依申请公开"])

NO_MATCH = "登记编号或查询码不正确"
API_SCOPE = "api-application"


class ApplicationIn(Schema):
    """The fields of the portal's application form; which are required depends on applicant_type
    and delivery, and is checked as on the form (errors name the field)."""

    # A complete application in the schema: what a client copies, and the first body API test
    # tools send (schemathesis' examples phase), which then reaches the status query by the link.
    model_config = {"json_schema_extra": {"examples": [{
        "applicant_type": "natural_person", "applicant_name": "张三", "id_type": "resident_id",
        "id_number": "11010519491231002X", "phone": "13812345678", "email": "zhangsan@example.com",
        "address": "贵州省贵阳市云岩区中华北路1号", "subject": "2025年度省科技计划项目立项清单",
        "provision_form": "email", "delivery": "email"}]}}

    org: str = Field("", max_length=40, description="受理机关代码；为空时为本网站的机关")
    applicant_type: str = Field("", max_length=20, description="natural_person 自然人；business 商业企业；research 科研机构；"
                                "social_welfare 社会公益组织；legal_services 法律服务机构；other_org 其他")
    applicant_name: str = Field("", max_length=120, description="自然人姓名或单位名称")
    id_type: str = Field("", max_length=20, description="证件类型（自然人）：resident_id 居民身份证，passport，hk_macao，taiwan，foreign_residence，other")
    id_number: str = Field("", max_length=40, description="证件号码（自然人）；居民身份证校验出生日期与校验位")
    credit_code: str = Field("", max_length=18, description="统一社会信用代码（法人或其他组织）")
    legal_representative: str = Field("", max_length=60, description="法定代表人")
    contact_name: str = Field("", max_length=60, description="联系人（法人或其他组织）")
    phone: str = Field("", max_length=30, description="联系电话")
    email: str = Field("", max_length=254, description="电子邮箱；以电子邮件获取时必填")
    address: str = Field("", max_length=200, description="通信地址；邮寄时必填")
    postcode: str = Field("", max_length=10, description="邮政编码")
    subject: str = Field("", max_length=5000, description="所需政府信息的内容描述")
    purpose: str = Field("", max_length=2000, description="用途（选填）")
    provision_form: str = Field("email", max_length=10, description="提供形式：paper 纸质，email 电子邮件，disk 光盘/磁盘，on_site 当场阅读、抄录")
    delivery: str = Field("email", max_length=10, description="获取方式：post 邮寄，email 电子邮件，pickup 自行领取，fax 传真")


class ApplicationCreated(Schema):
    number: str = Field(description="登记编号")
    query_code: str = Field(description="查询码（只返回这一次）")
    received_on: dt.date = Field(description="收到申请日期（条例第三十一条：网上申请为提交当日）")
    due_on: dt.date | None = Field(description="答复期限（自收到申请之日起20个工作日，条例第三十三条）")


class FieldError(Schema):
    detail: str
    errors: dict[str, str] = Field(description="字段 → 中文原因")


class StatusQuery(Schema):
    # Both required: without either nothing can be found (a body lacking one was a schema-valid query
    # that could never succeed — schemathesis' stateful phase took its 404 for a lost application).
    number: str = Field(..., min_length=1, max_length=40, description="登记编号")
    query_code: str = Field(..., min_length=1, max_length=16, description="查询码（不区分大小写）")


class StepOut(Schema):
    kind: str
    label: str
    on: dt.date
    note: str


class DocumentOut(Schema):
    name: str
    size: int
    content_type: str
    url: str = Field(description="下载地址，1小时内有效")


class StatusOut(Schema):
    number: str
    org: str
    applicant: str = Field(description="申请人（已脱敏）")
    status: str
    status_label: str
    received_on: dt.date
    due_on: dt.date | None = Field(description="当前答复期限；补正、征求意见、待缴费期间可能为空")
    due_note: str
    outcome: str
    outcome_label: str
    closed_on: dt.date | None
    steps: list[StepOut]
    documents: list[DocumentOut]


def _org(code: str) -> Organisation | None:
    return Organisation.objects.filter(code=code).first() if code else default_org()


IDEMPOTENCY_HELP = ("可选请求头 Idempotency-Key（1–200 个字符，每份申请一个新值）：以同一个键重复提交同一内容时不再新建申请，"
                    "返回第一次的登记编号和查询码（响应头 Idempotent-Replayed: true）；同一个键用于不同内容时返回 422。")


@router.post("/", response={201: ApplicationCreated, 400: FieldError, 413: Error, 422: Error, 429: Error, 503: Error}, url_name="application_create",
             summary="提交政府信息公开申请", description=IDEMPOTENCY_HELP,
             # An OpenAPI link: the receipt's number and query code are what the status query asks for.
             openapi_extra={"responses": {201: {"links": {"status": {
                 "operationId": "gongkai_api_applications_application_status",
                 "requestBody": {"number": "$response.body#/number", "query_code": "$response.body#/query_code"},
                 "description": "以登记编号和查询码查询这份申请的办理进度"}}}}})
def application_create(request: HttpRequest, response: HttpResponse, payload: ApplicationIn):
    org = _org(payload.org.strip())
    if org is None:
        return Status(400, {"detail": "未知的受理机关", "errors": {"org": "未知的受理机关代码"}})
    data = payload.model_dump(exclude={"org"})
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 200:
        return Status(400, {"detail": "Idempotency-Key 不能超过200个字符", "errors": {}})
    fingerprint = payload_fingerprint({"org": org.code, **data})
    try:
        earlier = receipt_find(scope=API_SCOPE, key=key, fingerprint=fingerprint) if key else None
    except InvalidInput as exc:
        return Status(422, {"detail": exc.message})
    if earlier is None and not throttle_hit(request, "apply"):
        return Status(429, {"detail": TOO_MANY["apply"]})
    try:
        if earlier is not None:
            receipt, replayed = earlier, True
        elif key:
            outcome = services.application_submit_public(org=org, data=data, key=key, scope=API_SCOPE, fingerprint=fingerprint)
            receipt, replayed = outcome.receipt, outcome.replayed
        else:
            receipt, replayed = services.application_receipt(services.application_submit_online(org=org, data=data)), False
    except FieldErrors as exc:
        return Status(400, {"detail": exc.message, "errors": exc.errors})
    except InvalidInput as exc:
        return Status(422 if exc.message == KEY_REUSED else 400, {"detail": exc.message, "errors": {}})
    except ValidationError as exc:  # a model limit that validation.py does not name
        errors = {k: "；".join(v) for k, v in exc.message_dict.items()}
        return Status(400, {"detail": "；".join(errors.values()), "errors": errors})
    if replayed:
        response["Idempotent-Replayed"] = "true"
    return Status(201, {"number": receipt["number"], "query_code": receipt["query_code"],
                        "received_on": receipt["received_on"], "due_on": receipt["due_on"] or None})


@router.post("/status/", response={200: StatusOut, 400: FieldError, 404: Error, 413: Error, 429: Error, 503: Error}, url_name="application_status",
             summary="按登记编号和查询码查询办理进度")
def application_status(request: HttpRequest, payload: StatusQuery):
    # A wrong number and a wrong code answer alike, and guesses are limited per address.
    if not throttle_hit(request, "track"):
        return Status(429, {"detail": TOO_MANY["track"]})
    app = application_track(payload.number, payload.query_code)
    if app is None:
        return Status(404, {"detail": NO_MATCH})
    case = public_case(app)
    return Status(200, {
        **{k: getattr(case, k) for k in ("number", "applicant", "status", "status_label", "received_on", "due_on",
                                         "due_note", "outcome", "outcome_label", "closed_on")},
        "org": case.org_name,
        "steps": [vars(s) for s in case.steps],
        "documents": [{**vars(d), "url": request.build_absolute_uri(d.url)} for d in case.documents],
    })
