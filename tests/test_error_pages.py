"""Chinese error pages: 400, 403, 404, 405 and 500 in the site's layout (500 on its own), and JSON with
a Chinese `detail` under /api/; opening an action address by GET shows the Chinese 405 page."""
from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client
from django.urls import path

from gongkai import urls as project_urls


def _raise(exc):
    def view(request):
        raise exc
    return view


def _fail(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("boom/400/", _raise(SuspiciousOperation("bad"))),
    path("boom/403/", _raise(PermissionDenied())),
    path("boom/500/", _fail),
    path("api/v1/boom/403/", _raise(PermissionDenied())),
    path("api/v1/boom/500/", _fail),
    *project_urls.urlpatterns,
]
handler400, handler403 = project_urls.handler400, project_urls.handler403
handler404, handler500 = project_urls.handler404, project_urls.handler500


@pytest.fixture
def quiet_client(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(("url", "status", "text"), [
    ("/boom/400/", 400, "请求无效"),
    ("/boom/403/", 403, "您没有权限访问此页面"),
    ("/no/such/page/", 404, "您访问的页面不存在或信息未公开"),
    ("/workbench/logout/", 405, "不支持该访问方式"),
    ("/boom/500/", 500, "系统繁忙，请稍后再试"),
])
def test_it_answers_each_error_with_a_chinese_page(quiet_client, db, url, status, text):
    response = quiet_client.get(url)
    html = response.content.decode()
    assert response.status_code == status
    assert text in html and f"错误代码 {status}" in html and '<html lang="zh-CN">' in html
    assert "Not Found" not in html and "Forbidden" not in html and "Server Error" not in html


def test_a_405_keeps_its_allow_header(quiet_client, db):
    response = quiet_client.get("/workbench/logout/")
    assert response.status_code == 405 and "POST" in response["Allow"]


@pytest.mark.parametrize(("method", "url", "status", "detail"), [
    ("get", "/api/v1/no/such/", 404, "未找到"),
    ("get", "/api/v1/boom/403/", 403, "没有权限"),
    ("delete", "/api/v1/items/", 405, "不支持该请求方法"),
    ("get", "/api/v1/boom/500/", 500, "服务器内部错误，请稍后再试"),
])
def test_under_the_api_errors_are_json_with_a_chinese_detail(quiet_client, db, method, url, status, detail):
    response = getattr(quiet_client, method)(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {"detail": detail}


def test_a_refused_form_explains_the_expired_page_in_chinese(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/apply/", {})
    assert response.status_code == 403
    assert "页面已过期，请刷新后重试" in response.content.decode()
