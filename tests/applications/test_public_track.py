"""The tracking page (/track/): the case by registration number and query code — status, each public
step, the due date, the outcome and the reply letter — and never the applicant's personal data.
A wrong number and a wrong code answer alike; guessing is limited; documents only by signed link."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from gongkai.applications import public, services
from gongkai.applications.models import Document

from .conftest import person
from .public_helpers import PDF, PERSON, clear_cache

D = dt.date.fromisoformat


@pytest.fixture(autouse=True)
def _fresh_cache():
    clear_cache()


@pytest.fixture
def case(register):
    """A letter received 2026-09-24 from the tests' applicant (personal data in public_helpers.PERSON)."""
    return register("2026-09-24", applicant_name=PERSON["name"], id_number=PERSON["id_number"], phone=PERSON["phone"],
                    email=PERSON["email"], address=PERSON["address"])


def track(client, number, code):
    return client.post("/track/", {"number": number, "query_code": code})


def assert_no_personal_data(text: str) -> None:
    for value in PERSON.values():
        assert value not in text
    assert "110105" not in text and "13812" not in text  # not even a part of them


def test_the_right_code_shows_the_case_without_personal_data(client, case):
    response = track(client, case.number, case.query_code.lower())  # codes are read out; case does not matter
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert case.number in html and "已登记，办理中" in html and "2026年9月24日" in html
    # 20 working days from 2026-09-24 (see test_public_apply for the count) → 2026-10-29.
    assert "2026年10月29日" in html and "收到申请" in html
    assert "张**" in html  # the name masked
    assert_no_personal_data(html)


def test_a_wrong_code_and_a_wrong_number_get_the_same_answer(client, case):
    wrong_code = track(client, case.number, "ZZZZ2345").content.decode()
    wrong_number = track(client, "2026-99999", case.query_code).content.decode()
    for html in (wrong_code, wrong_number):
        assert "登记编号或查询码不正确" in html and "已登记，办理中" not in html

    def strip(h):  # the number typed is echoed back in its field; the rest must not differ
        return re.sub(r'value="[^"]*"', "", h).replace("csrfmiddlewaretoken", "")
    assert re.sub(r'name="csrfmiddlewaretoken"[^>]*>', "", strip(wrong_code)) == \
        re.sub(r'name="csrfmiddlewaretoken"[^>]*>', "", strip(wrong_number))


def test_empty_fields_are_explained(client, db):
    html = track(client, "", "").content.decode()
    assert "请填写登记编号" in html and "请填写查询码" in html


def test_a_correction_notice_shows_what_to_correct_and_that_the_period_restarts(client, case, clerk):
    services.correction_request(app_id=case.pk, by=clerk, on=D("2026-09-28"), what="请写明所需项目的年度和名称",
                                term_on=D("2026-10-20"))
    html = track(client, case.number, case.query_code).content.decode()
    assert "待申请人补正" in html and "补正后重新计算" in html
    assert "请写明所需项目的年度和名称" in html and "2026年10月20日" in html


def test_an_extension_shows_its_reason_and_the_new_due_date(client, case, supervisor):
    services.extension_approve(app_id=case.pk, by=supervisor, on=D("2026-10-20"), reason="需要调取多个处室的档案")
    html = track(client, case.number, case.query_code).content.decode()
    # 20 more working days after 2026-10-29: 30 (1), 11-2…6 (2–6), 9…13 (7–11), 16…20 (12–16),
    # 23, 24, 25, 26 (17–20) → 2026-11-26.
    assert "需要调取多个处室的档案" in html and "2026年11月26日" in html and "已延长" in html


def test_the_reply_letter_is_downloaded_through_a_signed_link_only(client, case, clerk, supervisor):
    services.document_add(app=case, kind=Document.Kind.REDACTED, name="立项清单（删除个人信息）.pdf", content=PDF, public=True)
    services.document_add(app=case, kind=Document.Kind.SCAN, name="来信扫描件.pdf", content=PDF)  # staff only
    decision = services.decision_draft(app_id=case.pk, by=clerk, outcome="partially_disclosed", reply_text="部分公开，见附件。")
    services.decision_approve(decision_id=decision.pk, by=supervisor, on=D("2026-10-20"))

    html = track(client, case.number, case.query_code).content.decode()
    assert "已办结" in html and "部分公开" in html and "2026年10月20日" in html
    assert "/media/" not in html and "来信扫描件" not in html
    links = dict(re.findall(r'<a href="(/track/documents/[^"]+/)" download>([^<]+)</a>', html))
    assert sorted(links.values()) == sorted([f"答复告知书-{case.number}.docx", f"答复告知书-{case.number}.pdf",
                                             "立项清单（删除个人信息）.pdf"])
    pdf_link = next(u for u, n in links.items() if n.endswith(".pdf") and "答复" in n)
    response = client.get(pdf_link)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF-")
    assert "attachment" in response["Content-Disposition"]

    token = pdf_link.split("/")[3]
    assert client.get(f"/track/documents/{token[:-2]}xx/").status_code == 404  # tampered signature
    scan = case.documents.get(kind=Document.Kind.SCAN)
    forged = public.signing.dumps({"a": case.pk, "d": scan.pk}, salt="not-our-salt")
    assert client.get(f"/track/documents/{forged}/").status_code == 404
    # Even with our own signature, a document not public stays out of reach.
    assert client.get(f"/track/documents/{public.document_token(scan)}/").status_code == 404


def test_a_download_link_expires(client, case, monkeypatch):
    doc = services.document_add(app=case, kind=Document.Kind.REDACTED, name="材料.pdf", content=PDF, public=True)
    url = f"/track/documents/{public.document_token(doc)}/"
    assert client.get(url).status_code == 200
    monkeypatch.setattr(public, "DOCUMENT_LINK_SECONDS", -1)
    assert client.get(url).status_code == 404


def test_guessing_is_limited_per_address(client, case, settings):
    settings.GONGKAI_THROTTLE = {"track": (3, 600)}
    for _ in range(3):
        assert track(client, case.number, "ZZZZ2345").status_code == 200
    response = track(client, case.number, case.query_code)  # even the right code, once over the limit
    assert response.status_code == 429 and "查询过于频繁" in response.content.decode()
    assert "已登记，办理中" not in response.content.decode()
    other = client.post("/track/", {"number": case.number, "query_code": case.query_code}, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200  # another address is not affected


def test_a_consultation_shows_no_third_party_name(client, case, clerk):
    services.consultation_start(app_id=case.pk, by=clerk, on=D("2026-09-28"), party="贵州某某科技有限公司（第三方）")
    html = track(client, case.number, case.query_code).content.decode()
    assert "征求意见" in html and "不计算在答复期限内" in html and "贵州某某科技有限公司" not in html


def test_the_person_helper_is_the_same_applicant(case):
    # The fixture's data and the personal data asserted absent are the same values.
    assert person()["id_number"] == PERSON["id_number"] == case.id_number
