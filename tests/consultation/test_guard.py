"""The confidentiality guard before a consultation text, its result and a suggestion's result go
on the portal: a secret mark or an ID number stops the step unless a written reason is given."""
import pytest
from django.utils import timezone

from gongkai.audit.models import AuditEntry
from gongkai.consultation import services
from gongkai.consultation.models import Consultation
from gongkai.core.errors import InvalidInput

from .conftest import consultation_data, period_over


def test_a_draft_carrying_a_classification_mark_is_not_published(org, clerk, supervisor):
    draft = services.consultation_create(org=org, by=clerk, data=consultation_data(draft_text="机密★1年\n第一条 为发挥科技创新券作用，制定本办法。"))
    with pytest.raises(InvalidInput, match="征求意见稿全文中的密级标志“机密★1年”"):
        services.consultation_publish(consultation_id=draft.pk, by=supervisor)
    assert Consultation.objects.get(pk=draft.pk).status == Consultation.Status.DRAFT
    services.consultation_publish(consultation_id=draft.pk, by=supervisor, guard_reason="经定密责任人审核，该标志为已解密文件的原样标注")
    assert AuditEntry.objects.filter(action="consultation.guard_override").exists()


def test_national_secret_in_running_text_does_not_stop_it(org, clerk, supervisor):
    draft = services.consultation_create(org=org, by=clerk, data=consultation_data(draft_text="第五条 属于国家秘密的，不予公开。"))
    assert services.consultation_publish(consultation_id=draft.pk, by=supervisor).status == Consultation.Status.OPEN


def test_a_result_holding_an_id_number_is_refused(open_consultation, clerk, supervisor):
    period_over(open_consultation)
    services.consultation_close(consultation_id=open_consultation.pk, by=clerk)
    with pytest.raises(InvalidInput, match="身份证号码"):
        services.consultation_result_publish(consultation_id=open_consultation.pk, by=supervisor,
                                             result_text="采纳了张三（11010519491231002X）的意见。")


def test_a_suggestion_result_holding_a_bank_card_is_refused(org, clerk, supervisor):
    s = services.suggestion_create(org=org, by=clerk, data=dict(
        number="第8号", kind="deputy", title="关于补贴发放的建议", proposer="王五", replied_on=timezone.localdate(), summary="",
        reply="补贴已发放至账户6222021234567890128。"))
    with pytest.raises(InvalidInput, match="银行卡号"):
        services.suggestion_result_publish(suggestion_id=s.pk, by=supervisor)
