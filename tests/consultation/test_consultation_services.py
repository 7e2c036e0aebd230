"""征求意见: drafting, publishing, comments from the public, closing, the adoption summary — each step by
the persona allowed to take it, and refused to everyone else (another agency's staff included)."""
import datetime as dt

import pytest
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.consultation import services
from gongkai.consultation.models import Comment, Consultation
from gongkai.core.errors import FieldErrors, IllegalTransition, InvalidInput, NotAllowed

from .conftest import consultation_data, period_over

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
C = Consultation.Status


def test_it_lets_a_clerk_draft_and_only_a_supervisor_publish(org, clerk, supervisor, dept_head, consultation):
    assert consultation.status == C.DRAFT
    for persona in (clerk, dept_head):
        with pytest.raises(NotAllowed):
            services.consultation_publish(consultation_id=consultation.pk, by=persona)
    services.consultation_publish(consultation_id=consultation.pk, by=supervisor)
    consultation.refresh_from_db()
    assert consultation.status == C.OPEN and consultation.published_at is not None
    assert AuditEntry.objects.filter(action="consultation.published", object_id=str(consultation.pk)).exists()


def test_it_refuses_another_agencys_staff_every_step(org, outsider, consultation, supervisor):
    with pytest.raises(NotAllowed):
        services.consultation_create(org=org, by=outsider, data=consultation_data())
    with pytest.raises(NotAllowed):
        services.consultation_update(consultation_id=consultation.pk, by=outsider, data=consultation_data())
    with pytest.raises(NotAllowed):
        services.consultation_publish(consultation_id=consultation.pk, by=outsider)
    services.consultation_publish(consultation_id=consultation.pk, by=supervisor)
    period_over(consultation)
    with pytest.raises(NotAllowed):
        services.consultation_close(consultation_id=consultation.pk, by=outsider)


def test_it_refuses_a_period_the_rules_do_not_allow(org, clerk):
    today = timezone.localdate()
    with pytest.raises(FieldErrors) as e:
        services.consultation_create(org=org, by=clerk, data=consultation_data(closes_on=today + dt.timedelta(days=20)))
    assert "30日" in e.value.errors["short_reason"]
    short = services.consultation_create(org=org, by=clerk, data=consultation_data(
        closes_on=today + dt.timedelta(days=20), short_reason="省政府要求限期出台"))
    assert short.short_reason == "省政府要求限期出台"
    with pytest.raises(FieldErrors) as e:
        services.consultation_create(org=org, by=clerk, data=consultation_data(
            kind=Consultation.Kind.NORMATIVE_DOCUMENT, closes_on=today + dt.timedelta(days=3), short_reason="紧急"))
    assert "7个工作日" in e.value.errors["closes_on"]


def test_it_names_every_missing_field_at_once(org, clerk):
    with pytest.raises(FieldErrors) as e:
        services.consultation_create(org=org, by=clerk, data=consultation_data(title="", draft_text=" ", explanation="",
                                                                                opens_on=None))
    assert set(e.value.errors) == {"title", "draft_text", "explanation", "opens_on"}


def test_it_refuses_to_publish_a_period_already_begun(consultation, supervisor):
    Consultation.objects.filter(pk=consultation.pk).update(opens_on=timezone.localdate() - dt.timedelta(days=1))
    with pytest.raises(InvalidInput, match="已过"):
        services.consultation_publish(consultation_id=consultation.pk, by=supervisor)


def test_it_freezes_a_published_consultation(open_consultation, clerk):
    with pytest.raises(IllegalTransition):
        services.consultation_update(consultation_id=open_consultation.pk, by=clerk, data=consultation_data())


def test_it_keeps_every_comment_with_its_attachment_and_counts_them(open_consultation):
    services.comment_submit(consultation_id=open_consultation.pk, body="建议将申领门槛降低。")
    comment = services.comment_submit(consultation_id=open_consultation.pk, body="附件为具体修改意见。", name="张三",
                                      contact="13800000000", attachment=("意见.pdf", PDF))
    open_consultation.refresh_from_db()
    assert open_consultation.comment_count == 2 and Comment.objects.filter(consultation=open_consultation).count() == 2
    assert comment.attachment_type == "application/pdf" and comment.attachment_size == len(PDF)
    assert comment.attachment.read() == PDF


def test_it_checks_a_comments_attachment_by_its_content(open_consultation, settings):
    with pytest.raises(FieldErrors) as e:
        services.comment_submit(consultation_id=open_consultation.pk, body="见附件", attachment=("意见.pdf", b"MZ\x90\x00 not a pdf"))
    assert "不是允许的文件类型" in e.value.errors["attachment"]
    settings.GONGKAI_MAX_ATTACHMENT_BYTES = 10
    with pytest.raises(FieldErrors) as e:
        services.comment_submit(consultation_id=open_consultation.pk, body="见附件", attachment=("意见.pdf", PDF))
    assert "超过大小上限" in e.value.errors["attachment"]
    assert not Comment.objects.exists()


def test_it_accepts_comments_only_within_the_period(consultation, supervisor, clerk):
    with pytest.raises(InvalidInput):  # a draft
        services.comment_submit(consultation_id=consultation.pk, body="意见")
    services.consultation_publish(consultation_id=consultation.pk, by=supervisor)
    period_over(consultation)
    with pytest.raises(InvalidInput, match="不在征求意见期限内"):
        services.comment_submit(consultation_id=consultation.pk, body="意见")


def test_it_closes_only_after_the_period_and_then_publishes_the_result(open_consultation, clerk, supervisor):
    with pytest.raises(InvalidInput, match="届满"):
        services.consultation_close(consultation_id=open_consultation.pk, by=clerk)
    services.comment_submit(consultation_id=open_consultation.pk, body="建议增加对高校的适用。")
    period_over(open_consultation)
    with pytest.raises(IllegalTransition):
        services.consultation_result_publish(consultation_id=open_consultation.pk, by=supervisor, result_text="采纳")
    services.consultation_close(consultation_id=open_consultation.pk, by=clerk)
    with pytest.raises(NotAllowed):
        services.consultation_result_publish(consultation_id=open_consultation.pk, by=clerk, result_text="采纳")
    with pytest.raises(FieldErrors):
        services.consultation_result_publish(consultation_id=open_consultation.pk, by=supervisor, result_text=" ")
    done = services.consultation_result_publish(consultation_id=open_consultation.pk, by=supervisor,
                                                result_text="共收到意见1条，采纳1条。")
    assert done.status == C.CONCLUDED and done.result_published_on == timezone.localdate()
    with pytest.raises(IllegalTransition):
        services.consultation_result_publish(consultation_id=open_consultation.pk, by=supervisor, result_text="再次")
