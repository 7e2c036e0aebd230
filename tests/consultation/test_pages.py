"""The public pages (list, consultation page with its comment form, receipt, suggestions by year)
and the workbench pages, with the /apply/ protections on the comment form and query counts that do
not grow with the number of records."""
import datetime as dt

import pytest
from django.test.utils import CaptureQueriesContext
from django.db import connection
from django.utils import timezone

from gongkai.applications.forms import form_token_new
from gongkai.consultation import services
from gongkai.consultation.models import Comment, Consultation, Suggestion

from .conftest import consultation_data, period_over

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _post(client, c, **fields):
    data = {"body": "建议明确创新券的兑付时限。", "name": "", "contact": "", "token": form_token_new(), "website": ""}
    data.update(fields)
    return client.post(f"/consultations/{c.pk}/", data)


def test_a_draft_is_not_on_the_portal(client, consultation):
    assert client.get(f"/consultations/{consultation.pk}/").status_code == 404
    assert consultation.title not in client.get("/consultations/").content.decode()


def test_the_public_comments_and_sees_only_the_count(client, open_consultation):
    page = client.get(f"/consultations/{open_consultation.pk}/").content.decode()
    assert "正在征求意见" in page and "起草说明" in page and "提交意见" in page and "site-footer" in page
    response = _post(client, open_consultation, name="李四", contact="li@example.cn")
    assert response.status_code == 302 and response["Location"].endswith(f"/consultations/{open_consultation.pk}/sent/")
    assert "您的意见已提交" in client.get(response["Location"]).content.decode()
    comment = Comment.objects.get()
    assert comment.name == "李四" and comment.body == "建议明确创新券的兑付时限。"
    page = client.get(f"/consultations/{open_consultation.pk}/").content.decode()
    assert "1 条" in page and "兑付时限" not in page and "李四" not in page


def test_it_keeps_what_was_typed_when_the_attachment_is_refused(client, open_consultation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = _post(client, open_consultation, attachment=SimpleUploadedFile("a.pdf", b"MZ not a pdf"))
    page = response.content.decode()
    assert response.status_code == 200 and "不是允许的文件类型" in page and "兑付时限" in page
    ok = _post(client, open_consultation, attachment=SimpleUploadedFile("意见.pdf", PDF))
    assert ok.status_code == 302 and Comment.objects.get().attachment_name == "意见.pdf"


def test_the_apply_protections_guard_the_form(client, open_consultation, settings):
    assert "请检查填写的内容" in _post(client, open_consultation, website="http://spam").content.decode()
    assert "页面已过期" in _post(client, open_consultation, token="forged").content.decode()
    token = form_token_new()
    assert _post(client, open_consultation, token=token).status_code == 302
    assert _post(client, open_consultation, token=token).status_code == 302  # the same token again: the receipt
    assert Comment.objects.count() == 1
    settings.GONGKAI_THROTTLE = {"comment": (2, 3600)}  # the address has used one already
    assert _post(client, open_consultation).status_code == 302
    refused = _post(client, open_consultation)
    assert refused.status_code == 429 and "提交过于频繁" in refused.content.decode()


def test_after_the_period_the_form_is_gone_and_the_result_shows(client, open_consultation, clerk, supervisor):
    period_over(open_consultation)
    page = client.get(f"/consultations/{open_consultation.pk}/").content.decode()
    assert "已截止" in page and 'name="body"' not in page
    assert _post(client, open_consultation).status_code == 200 and not Comment.objects.exists()
    services.consultation_close(consultation_id=open_consultation.pk, by=clerk)
    services.consultation_result_publish(consultation_id=open_consultation.pk, by=supervisor, result_text="共收到意见0条。")
    page = client.get(f"/consultations/{open_consultation.pk}/").content.decode()
    assert "意见采纳情况" in page and "共收到意见0条。" in page
    assert "已公布" in client.get("/consultations/").content.decode()


def test_the_lists_read_a_constant_number_of_rows(client, org, clerk, supervisor):
    def add(n):
        for i in range(n):
            c = services.consultation_create(org=org, by=clerk, data=consultation_data(title=f"办法{i}"))
            services.consultation_publish(consultation_id=c.pk, by=supervisor)
            Suggestion.objects.create(org=org, number=f"n{i}-{n}", kind="deputy", title="t", replied_on=dt.date(2025, 3, 1),
                                      result_published_on=dt.date(2025, 3, 2), status="published", summary="s")
    counts = []
    for n in (1, 5):
        add(n)
        client.get("/consultations/")
        with CaptureQueriesContext(connection) as q1:
            client.get("/consultations/")
        with CaptureQueriesContext(connection) as q2:
            client.get("/suggestions/?year=2025")
        counts.append((len(q1.captured_queries), len(q2.captured_queries)))
    assert counts[0] == counts[1]


def test_suggestions_are_listed_by_year_and_shown_as_the_setting_says(client, org):
    s = Suggestion.objects.create(org=org, number="第1号", kind="member", title="关于人才的提案", replied_on=dt.date(2024, 5, 1),
                                  result_published_on=dt.date(2024, 5, 9), status="published", reply="答复全文内容", summary="摘要内容")
    Suggestion.objects.create(org=org, number="第2号", kind="deputy", title="未公开的建议", status="replied", reply="r",
                              replied_on=dt.date(2024, 6, 1))
    page = client.get("/suggestions/").content.decode()
    assert "关于人才的提案" in page and "未公开的建议" not in page and "2024年" in page
    assert "答复全文内容" in client.get(f"/suggestions/{s.pk}/").content.decode()
    org.suggestion_result_form = "summary"
    org.save()
    page = client.get(f"/suggestions/{s.pk}/").content.decode()
    assert "摘要内容" in page and "答复全文内容" not in page
    assert client.get(f"/suggestions/{s.pk + 1}/").status_code == 404


def test_staff_work_through_the_workbench(client, org, clerk, supervisor, outsider):
    client.force_login(clerk)
    today = timezone.localdate()
    response = client.post(f"/workbench/consultation/new/?org={org.code}", {
        "org": org.code, "title": "征求意见稿", "kind": "general", "opens_on": today, "closes_on": today + dt.timedelta(days=5),
        "explanation": "说明", "draft_text": "正文"})
    assert response.status_code == 400 and "30日" in response.content.decode()
    response = client.post(f"/workbench/consultation/new/?org={org.code}", {
        "org": org.code, "title": "征求意见稿", "kind": "general", "opens_on": today, "closes_on": today + dt.timedelta(days=29),
        "explanation": "说明", "draft_text": "正文"})
    c = Consultation.objects.get()
    assert response.status_code == 302 and c.status == "draft"
    assert "发布征求意见" not in client.get(f"/workbench/consultation/{c.pk}/").content.decode()
    client.force_login(supervisor)
    client.post(f"/workbench/consultation/{c.pk}/publish/")
    c.refresh_from_db()
    assert c.status == "open"
    services.comment_submit(consultation_id=c.pk, body="一条意见", name="王五", attachment=("意见.pdf", PDF))
    page = client.get(f"/workbench/consultation/{c.pk}/").content.decode()
    assert "一条意见" in page and "王五" in page
    comment = Comment.objects.get()
    assert client.get(f"/workbench/consultation/comments/{comment.pk}/attachment/").status_code == 200
    client.force_login(outsider)
    assert client.get(f"/workbench/consultation/{c.pk}/").status_code == 404
    assert client.get(f"/workbench/consultation/comments/{comment.pk}/attachment/").status_code == 404
    assert client.get(f"/workbench/consultation/?org={org.code}").status_code == 404


def test_staff_register_and_publish_a_suggestion(client, org, clerk, supervisor, outsider):
    client.force_login(clerk)
    response = client.post(f"/workbench/consultation/suggestions/new/?org={org.code}", {
        "org": org.code, "number": "人大第5号", "kind": "deputy", "title": "关于科技特派员的建议",
        "replied_on": timezone.localdate(), "reply": "答复全文"})
    s = Suggestion.objects.get()
    assert response.status_code == 302 and s.status == "replied"
    assert "公开期限" in client.get(f"/workbench/consultation/suggestions/?org={org.code}").content.decode()
    client.force_login(supervisor)
    client.post(f"/workbench/consultation/suggestions/{s.pk}/publish/")
    s.refresh_from_db()
    assert s.status == "published"
    client.force_login(outsider)
    assert client.get(f"/workbench/consultation/suggestions/{s.pk}/").status_code == 404


def test_a_blocked_text_is_published_from_the_workbench_only_with_a_written_reason(client, org, clerk, supervisor):
    c = services.consultation_create(org=org, by=clerk, data=consultation_data(draft_text="第一条　本文件密级：机密★1年。"))
    client.force_login(supervisor)
    page = client.post(f"/workbench/consultation/{c.pk}/publish/", follow=True).content.decode()
    assert "保密审查" in page and "放行理由" in page
    c.refresh_from_db()
    assert c.status == "draft"
    client.post(f"/workbench/consultation/{c.pk}/publish/", {"guard_reason": "该标志为示例文字，经核实不属于国家秘密"})
    c.refresh_from_db()
    assert c.status == "open"
