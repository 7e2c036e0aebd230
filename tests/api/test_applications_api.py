"""The public API of applications: submit with the form's validation (201 / 400 with a reason per
field), ask for the status by number and query code (200 without personal data / 404 alike for a
wrong number or code), both in the OpenAPI schema."""
from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.cache import cache

from gongkai.applications import services
from gongkai.applications.models import Application, query_code_digest
from tests.applications.conftest import person
from tests.applications.public_helpers import PERSON, beijing_now

CREATE, STATUS = "/api/v1/applications/", "/api/v1/applications/status/"
D = dt.date.fromisoformat


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def post(client, url, body, **kwargs):
    return client.post(url, json.dumps(body), content_type="application/json", **kwargs)


def applicant(**overrides) -> dict:
    mine = dict(applicant_name=PERSON["name"], id_number=PERSON["id_number"], phone=PERSON["phone"],
                email=PERSON["email"], address=PERSON["address"])
    return person(**{**mine, **overrides})


def test_an_application_is_accepted_with_its_number_code_and_due_date(client, org):
    with beijing_now("2026-09-24 10:00"):
        response = post(client, CREATE, applicant())
    assert response.status_code == 201, response.content
    body = response.json()
    app = Application.objects.get()
    # Received the day submitted (第三十一条); 20 working days over 中秋 and 国庆 (counted in
    # tests/applications/test_public_apply.py) → 2026-10-29.
    assert body == {"number": app.number, "query_code": body["query_code"], "received_on": "2026-09-24", "due_on": "2026-10-29"}
    assert app.query_code_hash == query_code_digest(body["query_code"]) != body["query_code"]  # kept only as a hash
    assert (app.org, app.channel, app.id_number) == (org, "online", PERSON["id_number"])


def test_bad_input_is_refused_with_a_reason_per_field_and_nothing_written(client, org):
    response = post(client, CREATE, applicant(id_number="110105194912310021", phone="", email="not-an-address"))
    assert response.status_code == 400
    body = response.json()
    assert "校验位" in body["errors"]["id_number"] and body["errors"]["phone"] == "请填写联系电话"
    assert "格式不正确" in body["errors"]["email"] and "校验位" in body["detail"]
    assert Application.objects.count() == 0


def test_an_empty_body_names_what_is_missing(client, org):
    response = post(client, CREATE, {})
    assert response.status_code == 400 and response.json()["errors"] == {"applicant_type": "请选择申请人类型"}


def test_an_organisation_applies_through_the_api(client, org):
    body = {"applicant_type": "business", "applicant_name": "贵州某科技有限公司", "credit_code": "91520100ma6dk8ql06",
            "contact_name": "王五", "phone": "0851-86868686", "subject": "高新技术企业认定名单", "delivery": "pickup",
            "provision_form": "paper"}
    assert post(client, CREATE, body).status_code == 201
    assert Application.objects.get().credit_code == "91520100MA6DK8QL06"


def test_an_unknown_agency_is_refused(client, org):
    response = post(client, CREATE, applicant(org="nosuch"))
    assert response.status_code == 400 and "org" in response.json()["errors"]


def test_the_status_shows_the_steps_and_no_personal_data(client, org, clerk):
    app = services.application_register(org=org, by=clerk, data=applicant(), channel="letter", received_on=D("2026-09-24"))
    services.correction_request(app_id=app.pk, by=clerk, on=D("2026-09-28"), what="请写明项目年度", term_on=D("2026-10-20"))
    response = post(client, STATUS, {"number": app.number, "query_code": app.query_code.lower()})
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["status_label"], body["received_on"]) == ("awaiting_correction", "待申请人补正", "2026-09-24")
    assert body["due_on"] is None and body["due_note"] == "补正后重新计算"
    assert [s["kind"] for s in body["steps"]] == ["received", "correction_requested"]
    assert "请写明项目年度" in body["steps"][1]["note"] and body["applicant"] == "张**"
    text = response.content.decode()
    for value in PERSON.values():
        assert value not in text and json.dumps(value)[1:-1] not in text


def test_the_status_of_a_closed_case_gives_the_outcome(client, org, clerk, supervisor):
    app = services.application_register(org=org, by=clerk, data=applicant(), channel="letter", received_on=D("2026-09-24"))
    decision = services.decision_draft(app_id=app.pk, by=clerk, outcome="unavailable_not_held", reply_text="经检索未找到。")
    services.decision_approve(decision_id=decision.pk, by=supervisor, on=D("2026-10-12"))
    body = post(client, STATUS, {"number": app.number, "query_code": app.query_code}).json()
    assert (body["status"], body["outcome"], body["closed_on"]) == ("closed", "unavailable_not_held", "2026-10-12")
    assert body["outcome_label"] == "无法提供：本机关不掌握相关政府信息"
    assert {d["name"].rsplit(".", 1)[1] for d in body["documents"]} == {"docx", "pdf"}
    assert all(d["url"].startswith("http://testserver/track/documents/") for d in body["documents"])


def test_a_wrong_number_or_code_is_404_alike(client, org, clerk):
    app = services.application_register(org=org, by=clerk, data=applicant(), channel="letter", received_on=D("2026-09-24"))
    answers = [post(client, STATUS, body) for body in (
        {"number": app.number, "query_code": "ZZZZ2345"}, {"number": "2026-99999", "query_code": app.query_code},
        {"number": " ", "query_code": " "})]
    assert {r.status_code for r in answers} == {404}
    assert len({r.content for r in answers}) == 1 and answers[0].json() == {"detail": "登记编号或查询码不正确"}


def test_a_status_query_without_its_number_or_code_is_refused_with_the_field_named(client, org):
    """Both are required in the schema: a query lacking one could never find anything."""
    response = post(client, STATUS, {"query_code": "QST5S88C"})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"number"}
    assert set(post(client, STATUS, {}).json()["errors"]) == {"number", "query_code"}


def test_status_guessing_is_limited_per_address(client, org, settings):
    settings.GONGKAI_THROTTLE = {"track": (2, 600)}
    codes = [post(client, STATUS, {"number": "2026-00001", "query_code": "ZZZZ2345"}).status_code for _ in range(3)]
    assert codes == [404, 404, 429]


def test_both_endpoints_are_in_the_openapi_schema(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "post" in paths["/api/v1/applications/"] and "post" in paths["/api/v1/applications/status/"]
    assert set(paths["/api/v1/applications/"]["post"]["responses"]) >= {"201", "400"}


def test_a_body_that_is_not_json_gets_a_chinese_reason(client, db):
    response = client.post("/api/v1/applications/", data="{not json", content_type="application/json")
    assert response.status_code == 400 and response.json()["detail"] == "请求正文不是有效的 JSON"


def test_a_field_of_the_wrong_type_is_named_in_errors(client, db):
    response = client.post("/api/v1/applications/", data={"applicant_type": ["x"]}, content_type="application/json")
    assert response.status_code == 400
    assert "applicant_type" in response.json()["errors"]


@pytest.mark.parametrize("url, body", [
    (CREATE, '{"applicant_name": "\\ud800", "subject": "\\udfff"}'),
    (STATUS, '{"number": "\\ud800", "query_code": "x"}'),
])
def test_a_lone_surrogate_in_json_is_a_400_and_the_next_request_still_works(client, org, url, body):
    # "\ud800" is valid JSON and valid UTF-8 on the wire, but no text a database can store (psycopg
    # and sqlite3 cannot encode it): refused by field, in Chinese, before any query, and the
    # connection stays good for the next request (found probing PostgreSQL-only failures).
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "格式不正确" in response.json()["detail"]
    assert not Application.objects.exists()
    assert client.get("/api/v1/items/").status_code == 200
