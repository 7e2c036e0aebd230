"""Chinese error pages for 400, 403, 404, 405 and 500 (and CSRF failures): an HTML page in the site's
layout, or, under /api/, JSON whose `detail` says the same in Chinese. Django's own pages are English,
and a bare 405 (an action address opened by GET) shows the browser's empty page."""
from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader

API_PREFIX = "/api/"

# status → (page heading, what to do about it); the heading is also the API's `detail`.
ERRORS = {
    400: ("请求无效", "服务器无法理解这次请求，可能是网址或提交的内容有误。请检查后重试。"),
    403: ("您没有权限访问此页面", "此页面仅对有相应权限的用户开放。工作人员请先登录工作台。"),
    404: ("您访问的页面不存在或信息未公开", "可能是网址有误，或该信息已撤回。"),
    405: ("不支持该访问方式", "此地址用于提交表单，不能直接打开。请返回上一页，通过页面上的按钮操作。"),
    500: ("系统繁忙，请稍后再试", "服务器暂时无法处理您的请求。请稍后刷新页面。"),
}
# What the API says (JSON `detail`): shorter, like the API's own errors ("未找到").
API_DETAILS = {400: "请求无效", 403: "没有权限", 404: "未找到", 405: "不支持该请求方法", 500: "服务器内部错误，请稍后再试"}
CSRF_FAILED = ("页面已过期，请刷新后重试", "为保护您的信息安全，表单需要在打开后的有效期内提交，且浏览器须允许本网站的 Cookie。请返回上一页，刷新后重新提交。")


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(request: HttpRequest, status: int, *, heading: str | None = None, advice: str | None = None,
                   template: str | None = None) -> HttpResponse:
    default_heading, default_advice = ERRORS.get(status, ERRORS[400])
    heading, advice = heading or default_heading, advice or default_advice
    if is_api(request):
        detail = API_DETAILS.get(status, heading) if heading == default_heading else heading
        return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})
    html = loader.render_to_string(template or f"{status}.html", {"status": status, "heading": heading, "advice": advice},
                                   request=request)
    return HttpResponse(html, status=status)


def bad_request(request, exception=None):
    return error_response(request, 400)


def permission_denied(request, exception=None):
    return error_response(request, 403)


def page_not_found(request, exception=None):
    return error_response(request, 404)


def server_error(request):
    # The layout needs the database (the agency's name) and may be what failed: 500.html stands alone.
    if is_api(request):
        return error_response(request, 500)
    return HttpResponse(loader.render_to_string("500.html"), status=500)


def csrf_failure(request, reason=""):
    heading, advice = CSRF_FAILED
    return error_response(request, 403, heading=heading, advice=advice, template="403.html")


class ChineseErrorsMiddleware:
    """Turns an empty (or ninja's English) 405 answer into the Chinese page, or JSON under /api/,
    keeping its Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith("application/json"):
            allow = response.get("Allow", "")
            response = error_response(request, 405)
            if allow:
                response["Allow"] = allow
        return response
