"""Bad input never gives a 500: NUL and non-UTF-8 text refused with 400 and a Chinese reason, bodies
too large refused from their Content-Length before a byte is read, and a database outage answers 503
with Retry-After (decision 0026)."""
from __future__ import annotations

import json

import pytest
from django.db import OperationalError

from gongkai.applications.models import Application

from ..applications.public_helpers import form_token, person_form

API = "/api/v1/applications/"


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("url", ["/catalog/?topic=%00", "/search/?q=%E7%A7%91%00", "/catalog/?q=%FF%FE", "/items/%00/"])
def test_it_refuses_nul_and_broken_text_in_addresses_with_a_page_that_says_why(client, db, url):
    response = client.get(url)
    assert response.status_code == 400
    assert _chinese(response.content.decode()) and "<h1>" in response.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/items/?q=%00", "/api/v1/items/%00/", "/api/v1/items/?q=%C3%28"])
def test_the_api_refuses_them_in_json(client, db, url):
    response = client.get(url)
    assert response.status_code == 400 and _chinese(response.json()["detail"])


def test_a_key_of_five_thousand_digits_is_404_not_500(client, db):
    """Found by bench/fuzz.py: int() refuses strings of more than 4,300 digits."""
    assert client.get("/items/" + "1" * 5000 + "/").status_code == 404
    assert client.get("/api/v1/items/?topic=" + "1" * 5000).status_code < 500


def test_a_nul_in_a_json_field_is_refused_and_nothing_written(client, org):
    body = json.dumps({"applicant_type": "natural_person", "applicant_name": "张\u0000三", "subject": "x"})
    response = client.post(API, body, content_type="application/json")
    assert response.status_code == 400 and "空字符" in response.json()["detail"]
    assert Application.objects.count() == 0


def test_a_nul_in_a_form_field_is_refused_and_nothing_written(client, org):
    response = client.post("/apply/", {**person_form(subject="科技\x00项目"), "token": form_token(client)})
    assert response.status_code == 400 and "空字符" in response.content.decode()
    assert Application.objects.count() == 0


def test_a_nul_in_a_multipart_field_is_refused(client, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {**person_form(address="贵阳\x00市"), "token": form_token(client),
            "attachments": [SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")]}
    assert client.post("/apply/", data).status_code == 400


def test_a_multipart_body_without_its_boundary_is_refused_in_words(client, org):
    """Django's own answer was its bare 400 page, HTML under /api/ too (found by schemathesis)."""
    page = client.post("/apply/", data=b"x", content_type="multipart/form-data")
    assert page.status_code == 400 and "表单数据格式不正确" in page.content.decode()
    api = client.post(API, data=b"x", content_type="multipart/form-data")
    assert api.status_code == 400 and api.json() == {"detail": api.json()["detail"], "errors": {}}
    assert "表单数据格式不正确" in api.json()["detail"]


def test_a_fifty_megabyte_upload_is_refused_before_it_is_read(client, org):
    """The declared length is enough: the body (a stub that fails if read) is never touched."""
    response = client.post("/apply/", data=b"x" * 10, content_type="multipart/form-data; boundary=x",
                           CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == 413 and "过大" in response.content.decode()
    api = client.post(API, data=b"{}", content_type="application/json", CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert api.status_code == 413 and "过大" in api.json()["detail"]


def test_an_upload_under_the_limit_still_goes_through(client, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {**person_form(), "token": form_token(client),
            "attachments": [SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b"0" * 100_000 + b"\n%%EOF\n", content_type="application/pdf")]}
    assert client.post("/apply/", data).status_code == 302


def _outage(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def test_a_database_outage_is_a_503_page_with_retry_after(client, org, monkeypatch):
    from gongkai.applications import public_views

    monkeypatch.setattr(public_views, "_org", _outage)
    client.raise_request_exception = False
    response = client.get("/apply/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "稍后再试" in response.content.decode()


def test_a_database_outage_is_a_503_json_under_the_api(client, org, monkeypatch):
    from gongkai.api import applications

    monkeypatch.setattr(applications, "_org", _outage)
    client.raise_request_exception = False
    response = client.post(API, json.dumps({"applicant_type": "natural_person"}), content_type="application/json")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "数据库" in response.json()["detail"]


def test_a_bug_is_still_a_500_and_not_disguised(client, org, monkeypatch):
    from gongkai.api import applications

    monkeypatch.setattr(applications, "_org", lambda code: 1 / 0)
    client.raise_request_exception = False
    response = client.post(API, "{}", content_type="application/json")
    assert response.status_code == 500 and _chinese(response.json()["detail"])
