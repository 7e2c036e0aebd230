"""Staff register an application that came by letter, e-mail, in person or fax (第三十一条), with scans;
the applicant's fields are checked as on the public form, errors beside the field, input kept."""
import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from gongkai.applications.models import Application, Document, query_code_digest

from .conftest import person

NEW = reverse("applications_staff:register")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def post_data(**overrides) -> dict:
    data = {**person(), "channel": "letter", "received_on": "2026-09-24", "provision_form": "paper", "delivery": "post"}
    data.update(overrides)
    return data


def test_the_form_explains_the_receipt_date_rule_of_article_31(client, clerk):
    client.force_login(clerk)
    html = client.get(NEW).content.decode()
    for rule in ("第三十一条", "当面提交的，以提交之日", "签收之日", "与申请人确认之日", "双方确认之日"):
        assert rule in html
    assert f'value="{timezone.localdate():%Y-%m-%d}"' in html  # received today unless staff say otherwise


def test_a_letter_is_registered_with_its_scan_and_the_applicant_gets_number_and_code(client, clerk, org):
    client.force_login(clerk)
    response = client.post(NEW, {**post_data(), "scans": [SimpleUploadedFile("来信.pdf", PDF)]}, follow=True)
    app = Application.objects.get()
    assert (app.channel, app.received_on, app.registered_by, app.org) == ("letter", dt.date(2026, 9, 24), clerk, org)
    # From 09-24: 09-28..30, 10-08..10, 10-12..16, 10-19..23, 10-26..29 → 20 working days on 10-29.
    assert app.effective_due_on == dt.date(2026, 10, 29)
    assert app.documents.get().kind == Document.Kind.SCAN
    html = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("applications_staff:case", args=[app.pk])
    code = re.search(rf"登记编号 {app.number}，查询码 ([A-Z0-9]{{8}})", html).group(1)
    assert app.query_code_hash == query_code_digest(code)  # told once, kept only as a hash


@pytest.mark.parametrize("field, value, message", [
    ("id_number", "110105194912310021", "校验位不正确"),
    ("id_number", "11010519491331002X", "出生日期不存在"),
    ("received_on", "2099-01-01", "不能晚于今天"),
    ("phone", "12345", "11位手机号码"),
    ("subject", "", "请描述所需政府信息"),
])
def test_bad_input_is_explained_beside_its_field_and_nothing_is_written(client, clerk, field, value, message):
    client.force_login(clerk)
    response = client.post(NEW, post_data(**{field: value, "subject": "科技计划项目清单" if field != "subject" else ""}))
    assert response.status_code == 200 and not Application.objects.exists()
    html = response.content.decode()
    error_at = html.index(f'id="id_{field}_error"')
    assert message in html[error_at:error_at + 200]
    assert f'aria-describedby="id_{field}_error' in html and 'aria-invalid="true"' in html
    assert 'value="贵州省贵阳市云岩区中华北路1号"' in html  # what was typed stays


def test_an_organisation_needs_a_valid_credit_code_and_a_contact(client, clerk):
    client.force_login(clerk)
    response = client.post(NEW, post_data(applicant_type="business", applicant_name="某某科技有限公司",
                                          credit_code="91520100MA6DJ7XX0Y", contact_name=""))
    html = response.content.decode()
    assert "统一社会信用代码校验位不正确" in html and "请填写联系人" in html
    assert not Application.objects.exists()


def test_a_scan_that_is_not_a_pdf_or_image_is_refused_beside_the_field(client, clerk):
    client.force_login(clerk)
    response = client.post(NEW, {**post_data(), "scans": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")]})
    html = response.content.decode()
    assert "不是允许的类型" in html[html.index('id="id_scans_error"'):][:200]
    assert not Application.objects.exists()


def test_only_casework_staff_may_register(client, dept_head, outsider, org):
    client.force_login(dept_head)
    assert client.get(NEW).status_code == 403
    client.logout()
    assert client.get(NEW).status_code == 302
