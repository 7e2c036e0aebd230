"""The case page: data with personal data masked (full view recorded), the clock, history, documents,
and only the steps the user's role and the case's status allow — each calling one service."""
import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Document, Event

D = dt.date.fromisoformat
TODAY = D("2026-10-23")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def app(register):
    return register("2026-10-20")


def page(client, app) -> str:
    return client.get(reverse("applications_staff:case", args=[app.pk])).content.decode()


def act(client, app, action, **data):
    return client.post(reverse("applications_staff:act", args=[app.pk, action]), data, follow=True)


def offered(html: str) -> set[str]:
    return set(re.findall(r'/act/([a-z_]+)/"', html))


def test_personal_data_is_masked_and_a_full_view_is_recorded_and_shown_once(client, clerk, app):
    client.force_login(clerk)
    html = page(client, app)
    assert "11010519491231002X" not in html and "13812345678" not in html
    assert "110***********002X" in html and "138****5678" in html and "查看完整信息" in html
    revealed = client.post(reverse("applications_staff:reveal", args=[app.pk]))
    assert "11010519491231002X" in revealed.content.decode() and "13812345678" in revealed.content.decode()
    assert "no-store" in revealed["Cache-Control"]
    assert Event.objects.filter(application=app, kind="personal_data_viewed", by=clerk, public=False).count() == 1
    assert "11010519491231002X" not in page(client, app)  # masked again on the next visit


def test_the_clock_box_shows_the_due_dates_and_working_days_left(client, clerk, app):
    # From 10-20: 10-21..23=3, 10-26..30=8, 11-02..06=13, 11-09..13=18, 11-16,17=20 → due 11-17;
    # extension: 11-18..20=3, 11-23..27=8, 11-30..12-04=13, 12-07..11=18, 12-14,15=20 → 12-15.
    client.force_login(clerk)
    html = page(client, app)
    assert "2026-11-17" in html and "（如延期：2026-12-15）" in html and "17 个工作日" in html


def test_a_clerk_is_offered_the_clerks_steps_and_the_supervisor_also_extension(client, clerk, supervisor, app):
    client.force_login(clerk)
    assert offered(page(client, app)) == {"correction_request", "consultation_start", "fee_notice", "decision_draft",
                                          "redacted_upload", "assign"}
    client.force_login(supervisor)
    assert "extension_approve" in offered(page(client, app))


def test_a_clerk_cannot_extend_even_by_posting_the_form(client, clerk, app):
    client.force_login(clerk)
    response = act(client, app, "extension_approve", on="2026-10-23", reason="需要检索档案")
    assert "只有本机关的公开主管可以办理此事项" in response.content.decode()
    app.refresh_from_db()
    assert not app.extended


def test_a_correction_request_after_seven_working_days_is_refused_and_what_was_typed_is_kept(client, clerk, register, today):
    # Received 10-12: 10-13..16=4, 10-19..21=7 → the notice is due by 10-21; 10-23 is too late.
    late = register("2026-10-12")
    client.force_login(clerk)
    response = act(client, late, "correction_request", on="2026-10-23", what="请写明项目的年度和名称")
    html = response.content.decode()
    assert "7个工作日内发出（最迟 2026-10-21）" in html
    assert "请写明项目的年度和名称</textarea>" in html
    late.refresh_from_db()
    assert late.status == "registered"


def test_the_correction_steps_move_the_case_and_restart_the_clock(client, clerk, app):
    client.force_login(clerk)
    act(client, app, "correction_request", on="2026-10-21", what="请写明项目的年度")
    app.refresh_from_db()
    assert app.status == "awaiting_correction" and app.effective_due_on is None
    html = page(client, app)
    assert offered(html) == {"correction_received", "correction_lapsed", "redacted_upload", "assign"}
    assert "暂停计时" in html
    act(client, app, "correction_received", on="2026-10-23")
    app.refresh_from_db()
    # From 10-23: 10-26..30=5, 11-02..06=10, 11-09..13=15, 11-16..20=20 → 11-20.
    assert app.status == "registered" and app.effective_due_on == D("2026-11-20")


def test_a_consultation_shows_the_third_partys_answer_due_date(client, clerk, app):
    client.force_login(clerk)
    act(client, app, "consultation_start", on="2026-10-22", kind="third_party", party="某某科技有限公司")
    html = page(client, app)
    # 第三十二条: 15 working days from 10-22: 10-23=1, 10-26..30=6, 11-02..06=11, 11-09..12=15 → 11-12.
    assert "某某科技有限公司" in html and "2026-11-12" in html
    assert offered(html) == {"consultation_end", "redacted_upload", "assign"}
    act(client, app, "consultation_end", on="2026-10-23", note="第三方同意公开")
    app.refresh_from_db()
    assert app.status == "registered"


def test_the_fee_notice_is_prefilled_with_the_applicants_count_this_month(client, clerk, app):
    client.force_login(clerk)
    html = page(client, app)
    assert re.search(r'name="monthly_count"[^>]*value="1"', html)
    response = act(client, app, "fee_notice", on="2026-10-23", method="count", monthly_count="1")
    assert "无需收费" in response.content.decode()  # 1st–10th of a month: free (国办函〔2020〕109号)
    act(client, app, "fee_notice", on="2026-10-23", method="pages", pages="31")
    app.refresh_from_db()
    assert app.status == "awaiting_fee" and app.pauses.get().fee_yuan == 10  # page 31 at 10 yuan


def test_the_outcome_select_is_grouped_by_the_official_table_with_its_legal_basis(client, clerk, app):
    client.force_login(clerk)
    html = page(client, app)
    assert '<optgroup label="（三）不予公开">' in html
    assert 'data-basis="《中华人民共和国政府信息公开条例》第三十五条"' in html
    assert 'value="other_no_correction"' not in html  # only the clock ends a case so


def test_a_reply_is_drafted_approved_and_its_letters_downloaded_by_staff_only(client, clerk, supervisor, outsider, app):
    client.force_login(clerk)
    act(client, app, "decision_draft", outcome="disclosed", legal_basis="", reply_text="现将名单提供给您。")
    html = page(client, app)
    assert "decision_review" not in offered(html)  # approval is the 公开主管's
    client.force_login(supervisor)
    html = page(client, app)
    assert "decision_review" in offered(html) and "现将名单提供给您。" in html
    decision = app.decisions.get()
    response = act(client, app, "decision_review", decision=decision.pk, verdict="approve", comment="")
    assert "答复已批准" in response.content.decode()
    app.refresh_from_db()
    assert (app.status, app.outcome) == ("closed", "disclosed")
    pdf = app.documents.get(kind=Document.Kind.LETTER, name__endswith=".pdf")
    url = reverse("applications_staff:document", args=[app.pk, pdf.pk])
    client.force_login(clerk)
    download = client.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content)[:5] == b"%PDF-"
    assert url in page(client, app)
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_a_supervisor_returns_a_draft_with_a_comment(client, clerk, supervisor, app):
    client.force_login(clerk)
    act(client, app, "decision_draft", outcome="unavailable_not_held", reply_text="经检索，本机关未制作该信息。")
    client.force_login(supervisor)
    response = act(client, app, "decision_review", decision=app.decisions.get().pk, verdict="return", comment="")
    assert "退回时请写明修改意见" in response.content.decode()
    act(client, app, "decision_review", decision=app.decisions.get().pk, verdict="return", comment="请写明检索范围")
    app.refresh_from_db()
    assert app.status == "registered" and "请写明检索范围" in page(client, app)


def test_a_partial_disclosure_needs_the_redacted_material_uploaded_first(client, clerk, supervisor, app):
    client.force_login(clerk)
    act(client, app, "decision_draft", outcome="partially_disclosed", reply_text="部分公开，见附件。")
    client.force_login(supervisor)
    decision = app.decisions.get()
    assert "区分处理" in act(client, app, "decision_review", decision=decision.pk, verdict="approve").content.decode()
    client.post(reverse("applications_staff:act", args=[app.pk, "redacted_upload"]),
                {"file": SimpleUploadedFile("名单（删除个人信息）.pdf", PDF)})
    assert app.documents.get(kind=Document.Kind.REDACTED).public
    act(client, app, "decision_review", decision=decision.pk, verdict="approve")
    app.refresh_from_db()
    assert app.outcome == "partially_disclosed"


def test_the_history_shows_every_event_with_who_and_when(client, clerk, app):
    client.force_login(clerk)
    act(client, app, "correction_request", on="2026-10-21", what="请写明项目的年度")
    html = page(client, app)
    history = html[html.index('id="history-h"'):]
    assert "收到申请" in history and "告知补正" in history and "请写明项目的年度" in history
    assert "补正期限：" in history and ">clerk<" in history


def test_another_agencys_staff_get_404_for_our_case_its_steps_and_documents(client, outsider, app):
    services.document_add(app=app, kind=Document.Kind.SCAN, name="来信.pdf", content=PDF)
    doc = app.documents.get()
    client.force_login(outsider)
    assert client.get(reverse("applications_staff:case", args=[app.pk])).status_code == 404
    assert client.post(reverse("applications_staff:reveal", args=[app.pk])).status_code == 404
    assert client.post(reverse("applications_staff:act", args=[app.pk, "correction_request"]),
                       {"on": "2026-10-21", "what": "x"}).status_code == 404
    assert client.get(reverse("applications_staff:document", args=[app.pk, doc.pk])).status_code == 404
    assert not Event.objects.filter(kind="personal_data_viewed").exists()


def test_anonymous_visitors_are_sent_to_log_in(client, app):
    response = client.get(reverse("applications_staff:case", args=[app.pk]))
    assert response.status_code == 302 and "/workbench/login/" in response["Location"]


def test_a_clerk_names_the_handler_who_then_finds_the_case_under_mine(client, register, clerk, supervisor, outsider):
    import datetime as dt

    from gongkai.applications import selectors

    app = register("2026-09-24")
    client.force_login(supervisor)
    response = client.post(f"/workbench/applications/{app.pk}/act/assign/", {"handler": outsider.pk})
    app.refresh_from_db()
    assert app.handler_id is None  # another agency's user cannot be named
    client.post(f"/workbench/applications/{app.pk}/act/assign/", {"handler": clerk.pk})
    app.refresh_from_db()
    assert app.handler_id == clerk.pk and app.events.filter(kind="assigned").exists()
    mine = selectors.queue(clerk, today=dt.date(2026, 10, 1), handler_only=True)
    assert [row.app.pk for row in mine] == [app.pk]
