"""The online application form (/apply/): a member of the public applies as a natural person or an
organisation, sees each problem in Chinese beside its field with everything typed kept, and gets a
registration number and query code once. Bad input, bots and double clicks write nothing."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from gongkai.applications.models import Application, Document, Event, query_code_digest

from .public_helpers import PDF, PERSON, beijing_now, clear_cache, form_token, organisation_form, person_form, submit

D = dt.date.fromisoformat


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()


def field_error(html: str, field: str) -> str:
    """The message shown beside FIELD (the element the input's aria-describedby points to)."""
    match = re.search(rf'<p class="ap-error" id="id_{field}_error">(.*?)</p>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).removeprefix("错误：") if match else ""


def test_it_explains_what_happens_next_above_the_form(client, org):
    response = client.get("/apply/")
    html = response.content.decode()
    assert response.status_code == 200
    for promise in ("20个工作日", "第三十三条", "原则上不收取费用", "登记编号和查询码", org.name):
        assert promise in html
    assert "no-store" in response["Cache-Control"]


def test_a_natural_person_applies_and_sees_the_number_and_code_once(client, org):
    with beijing_now("2026-09-24 10:00"):
        response = submit(client, person_form())
        assert response.status_code == 302 and response["Location"] == "/apply/done/"
        app = Application.objects.get()
        # 第三十一条: online, received the day it is submitted. 第三十三条: 20 working days, counted from
        # the next day — 9-28, 29, 30 (1–3; 9-25…27 中秋, 10-1…7 国庆), 10-8, 9, 10 (调休 Saturday),
        # 12…16 (4–11), 19…23 (12–16), 26, 27, 28, 29 (17–20) → 2026-10-29.
        assert (app.channel, app.received_on, app.effective_due_on) == ("online", D("2026-09-24"), D("2026-10-29"))
        assert (app.applicant_type, app.applicant_name, app.id_number, app.phone) == (
            "natural_person", PERSON["name"], PERSON["id_number"], PERSON["phone"])
        assert app.events.get(kind=Event.Kind.RECEIVED).public

        done = client.get("/apply/done/")
        html = done.content.decode()
        code = re.search(r'id="receipt-code">([A-Z0-9]{8})<', html).group(1)
        assert app.number in html and app.query_code_hash == query_code_digest(code) and "2026-10-29" in html
        assert "no-store" in done["Cache-Control"]
        again = client.get("/apply/done/").content.decode()
    assert code not in again and "只在提交成功后显示一次" in again


def test_an_organisation_applies_with_only_its_own_part_of_the_form_kept(client, org):
    # Without JavaScript both parts are shown; what was typed in the person's part is not taken.
    response = submit(client, organisation_form(name="不该保存", id_number="123"))
    assert response.status_code == 302
    app = Application.objects.get()
    assert (app.applicant_type, app.applicant_name, app.credit_code, app.contact_name) == (
        "legal_services", "贵州某某律师事务所", "91520100MA6DK8QL06", "王五")
    assert (app.id_number, app.provision_form, app.delivery) == ("", "paper", "post")


def test_a_malformed_id_number_is_explained_beside_the_field_input_kept_nothing_written(client, org):
    response = submit(client, person_form(id_number="110105194912310021"))  # check digit should be X
    html = response.content.decode()
    assert response.status_code == 200
    assert "校验位不正确" in field_error(html, "id_number")
    assert re.search(r'<input[^>]*name="id_number"[^>]*aria-describedby="id_id_number_error"', html) or \
        re.search(r'<input[^>]*aria-describedby="id_id_number_error"[^>]*name="id_number"', html)
    assert 'value="110105194912310021"' in html and f'value="{PERSON["name"]}"' in html
    assert "2025年度省科技计划项目立项清单</textarea>" in html
    assert Application.objects.count() == 0 and Event.objects.count() == 0


def test_every_problem_is_named_at_once(client, org):
    response = submit(client, person_form(name="", id_number="", phone="12345", email="", subject="  ", postcode="55"))
    html = response.content.decode()
    assert field_error(html, "name") == "请填写申请人姓名"
    assert field_error(html, "id_number") == "请填写证件号码"
    assert "手机号码" in field_error(html, "phone")
    assert "请填写电子邮箱" in field_error(html, "email")  # delivery by e-mail needs an address
    assert "请描述所需政府信息" in field_error(html, "subject")
    assert field_error(html, "postcode") == "邮政编码应为6位数字"
    assert "申请未能提交" in html and Application.objects.count() == 0


def test_an_organisation_must_say_what_kind_it_is_and_give_a_valid_code(client, org):
    html = submit(client, organisation_form(org_type="", credit_code="91520100MA6DK8QL07", contact_name="")).content.decode()
    assert field_error(html, "org_type") == "请选择单位类型"
    assert "校验位" in field_error(html, "credit_code")
    assert field_error(html, "contact_name") == "请填写联系人"
    assert Application.objects.count() == 0


def test_a_filled_honeypot_writes_nothing(client, org):
    response = submit(client, person_form(website="http://spam.example"))
    assert response.status_code == 200 and "提交未成功" in response.content.decode()
    assert Application.objects.count() == 0


def test_the_same_form_sent_twice_makes_one_application(client, org):
    token = form_token(client)
    first = client.post("/apply/", {**person_form(), "token": token})
    second = client.post("/apply/", {**person_form(), "token": token})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == "/apply/done/"
    assert Application.objects.count() == 1


def test_a_form_without_a_valid_token_writes_nothing_and_keeps_the_input(client, org):
    response = client.post("/apply/", {**person_form(), "token": "forged:token"})
    html = response.content.decode()
    assert response.status_code == 200 and "页面已过期" in html and f'value="{PERSON["phone"]}"' in html
    assert re.search(r'name="token" value="[^"]+:[^"]+"', html)  # a fresh token to send it again with
    assert Application.objects.count() == 0


def test_attachments_are_kept_when_pdf_or_image_and_refused_by_content_otherwise(client, org):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("身份证明.pdf", b"just text, not a PDF", content_type="application/pdf")
    html = submit(client, {**person_form(), "attachments": [fake]}).content.decode()
    assert "不是 PDF 或图片" in field_error(html, "attachments") and "需要重新选择" in html
    assert Application.objects.count() == 0

    real = SimpleUploadedFile("身份证明.pdf", PDF, content_type="application/pdf")
    assert submit(client, {**person_form(), "attachments": [real]}).status_code == 302
    doc = Document.objects.get()
    assert (doc.kind, doc.name, doc.public) == ("applicant", "身份证明.pdf", False)


def test_an_agency_of_a_multi_agency_site_is_chosen_by_its_code(client, org, other_org):
    assert other_org.name in client.get(f"/apply/?org={other_org.code}").content.decode()
    assert submit(client, person_form(), url=f"/apply/?org={other_org.code}").status_code == 302
    assert Application.objects.get().org == other_org


def test_submissions_from_one_address_are_limited(client, org, settings):
    settings.GONGKAI_THROTTLE = {"apply": (2, 3600)}
    for _ in range(2):
        assert submit(client, person_form()).status_code == 302
    response = submit(client, person_form())
    assert response.status_code == 429 and "提交过于频繁" in response.content.decode()
    assert Application.objects.count() == 2
