"""保密审查 on the item page: findings highlighted in what the reviewer reads (attachments too),
the 删除 and 放行 forms for the 公开主管 only, and another agency's staff kept out."""
from __future__ import annotations

from django.urls import reverse

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Revision

from ..catalog.test_guard import BODY, ID, to_secrecy_review
from ..conftest import item_data
from ..textguard import files
from .conftest import page_text


def reviewed(org, dept, clerk, dept_head, topic) -> Revision:
    item = catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic, body=BODY))
    rev = item.revisions.get()
    catalog.attachment_add(revision_id=rev.pk, by=clerk, name="名单.pdf", content=files.pdf([f"附件中的号码{ID}"]))
    return to_secrecy_review(item, clerk, dept_head)


def test_the_reviewer_sees_the_findings_highlighted_in_the_body_and_the_attachment(org, dept, clerk, dept_head, topic, as_supervisor):
    rev = reviewed(org, dept, clerk, dept_head, topic)
    html = page_text(as_supervisor.get(reverse("workbench:item", args=[rev.item_id])))
    assert "发现 2 处不得公开的内容" in html
    assert f'<mark class="guard-mark guard-mark--block" title="身份证号码">{ID}</mark>' in html
    assert 'title="手机号码">13812345678</mark>' in html
    assert "附件“名单.pdf”（1 处）" in html
    assert "删除所选内容" in html and "写明理由并放行" in html


def test_the_clerk_sees_the_findings_but_no_redaction_forms(org, dept, clerk, dept_head, topic, as_clerk):
    rev = reviewed(org, dept, clerk, dept_head, topic)
    html = page_text(as_clerk.get(reverse("workbench:item", args=[rev.item_id])))
    assert "guard-mark--block" in html and "删除所选内容" not in html and "写明理由并放行" not in html
    refused = as_clerk.post(reverse("workbench:revision_redact", args=[rev.pk]), {"text": ID, "mode": "blocks"}, follow=True)
    assert "只有本机关的公开主管可以删除" in page_text(refused)
    assert Revision.objects.get(pk=rev.pk).redactions == []


def test_redacting_from_the_page_then_approving(org, dept, clerk, dept_head, topic, as_supervisor):
    rev = reviewed(org, dept, clerk, dept_head, topic)
    page = as_supervisor.post(reverse("workbench:revision_redact", args=[rev.pk]), {"text": ID, "mode": "blocks"}, follow=True)
    html = page_text(page)
    assert "已删除" in html and "不得公开的内容" not in html and "█" * 18 in html
    page = as_supervisor.post(reverse("workbench:revision_advance", args=[rev.pk]), {"action": "secrecy_approve"}, follow=True)
    assert "保密审查已通过" in page_text(page)


def test_an_override_from_the_page_needs_a_reason(org, dept, clerk, dept_head, topic, as_supervisor):
    rev = reviewed(org, dept, clerk, dept_head, topic)
    url = reverse("workbench:revision_guard_override", args=[rev.pk])
    assert "放行理由" in page_text(as_supervisor.post(url, {"reason": ""}, follow=True))
    page = as_supervisor.post(url, {"reason": "当事人书面同意公开"}, follow=True)
    assert "已放行" in page_text(page) and "当事人书面同意公开" in page_text(page)


def test_another_agencys_staff_cannot_redact(org, dept, clerk, dept_head, topic, as_outsider):
    rev = reviewed(org, dept, clerk, dept_head, topic)
    assert as_outsider.post(reverse("workbench:revision_redact", args=[rev.pk]), {"text": ID}).status_code == 404
    assert as_outsider.post(reverse("workbench:revision_guard_override", args=[rev.pk]), {"reason": "理由理由"}).status_code == 404


def test_the_published_version_says_what_the_public_sees_was_redacted(org, dept, clerk, dept_head, supervisor, topic, as_clerk):
    rev = reviewed(org, dept, clerk, dept_head, topic)
    catalog.revision_redact(revision_id=rev.pk, by=supervisor, text=ID)
    catalog.revision_advance(revision_id=rev.pk, action="secrecy_approve", by=supervisor)
    catalog.revision_advance(revision_id=rev.pk, action="publish", by=clerk)
    html = page_text(as_clerk.get(reverse("workbench:item", args=[rev.item_id])))
    assert "保密审查时删除了 1 项内容" in html and "下文为内部记录的原文" in html
