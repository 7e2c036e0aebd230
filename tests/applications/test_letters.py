"""Every step of an application produces its letter (条例第三十条、第三十二条、第三十三条、第三十六条;
国办函〔2020〕109号): 补正告知书, 征求第三方意见函, 延期答复告知书, 收费通知书 and the reply's 告知书 —
each with a 文号 from the agency's pattern, serial per agency, year and kind, the 复议机关 and court
named, the contact, the 落款 with room for the seal, 您 to a person and 贵单位 to an organisation, and a
PDF with an embedded TrueType CJK font that says exactly what the DOCX says."""
import datetime as dt
import io
import re
import threading

import pytest
from django.db import connection, connections  # noqa: F401 - connection: the skipif condition
from django.urls import reverse
from docx import Document as Docx

from gongkai.applications import services
from gongkai.applications.letters import letter_render, letter_text
from gongkai.applications.models import Letter, LetterSettings, LetterTemplate
from gongkai.core.errors import InvalidInput

from .conftest import person

D = dt.date.fromisoformat
ORGANISATION = dict(applicant_type="legal_services", applicant_name="贵州某某律师事务所", id_type="", id_number="",
                    credit_code="91520100MA6DK8QL06", legal_representative="李四", contact_name="王五")


@pytest.fixture
def conf(org):
    return LetterSettings.objects.create(org=org, number_prefix="黔科", reconsideration_body="贵州省人民政府",
                                         court="贵阳市中级人民法院", contact_person="刘敏", contact_phone="0851-85551234")


def whole_case(org, clerk, supervisor, **applicant):
    """One case through every step that writes to someone: 补正, 征求第三方意见, 延期, 收费, 答复."""
    app = services.application_register(org=org, by=clerk, data=person(**applicant), channel="letter",
                                        received_on=D("2026-09-01"))
    services.correction_request(app_id=app.pk, by=clerk, on=D("2026-09-02"), what="请说明所需立项清单的年份和项目类别。",
                                term_on=D("2026-09-16"))
    services.correction_received(app_id=app.pk, by=clerk, on=D("2026-09-07"))
    services.consultation_start(app_id=app.pk, by=clerk, on=D("2026-09-08"), party="贵州某某科技有限公司")
    services.consultation_end(app_id=app.pk, by=clerk, on=D("2026-09-15"))
    services.extension_approve(app_id=app.pk, by=supervisor, on=D("2026-09-16"), reason="需要调取多个处室的档案。")
    services.fee_notice(app_id=app.pk, by=clerk, on=D("2026-09-17"), method="count", monthly_count=12)
    services.fee_paid(app_id=app.pk, by=clerk, on=D("2026-09-18"))
    decision = services.decision_draft(app_id=app.pk, by=clerk, outcome="withheld_third_party",
                                       reply_text="经征求第三方意见，第三方不同意公开，且不公开不会对公共利益造成重大影响。")
    services.decision_approve(decision_id=decision.pk, by=supervisor, on=D("2026-09-30"))
    return app, {letter.kind: letter for letter in app.letters.all()}


@pytest.mark.parametrize("applicant, you, not_you, salutation", [
    ({}, "您", "贵单位", "张三："),
    (ORGANISATION, "贵单位", "您", "贵州某某律师事务所："),
])
def test_each_step_writes_its_letter_addressed_as_fits_the_applicant(org, clerk, supervisor, conf, applicant, you,
                                                                      not_you, salutation):
    app, letters = whole_case(org, clerk, supervisor, **applicant)
    assert set(letters) == {"correction", "consultation", "extension", "fee", "reply"}
    titles = {k: v.title for k, v in letters.items()}
    assert titles == {"correction": "政府信息公开申请补正告知书", "consultation": "政府信息公开征求第三方意见函",
                      "extension": "政府信息公开申请延期答复告知书", "fee": "政府信息公开信息处理费收费通知书",
                      "reply": "政府信息不予公开告知书"}
    assert {k: v.number for k, v in letters.items()} == {
        "correction": "黔科依申补〔2026〕1号", "consultation": "黔科依申征〔2026〕1号", "extension": "黔科依申延〔2026〕1号",
        "fee": "黔科依申费〔2026〕1号", "reply": "黔科依申复〔2026〕1号"}
    for kind, letter in letters.items():
        text = "\n".join(letter_text(letter))
        assert "您（单位）" not in text and "。。" not in text, kind
        assert text.endswith(f"联系人：刘敏　联系电话：0851-85551234\n{org.name}\n{letter.issued_on.year}年"
                             f"{letter.issued_on.month}月{letter.issued_on.day}日"), kind
        if kind == "consultation":  # to the third party, who is 贵方; never shown to the applicant
            assert letter.lines[0] == ["recipient", "贵州某某科技有限公司："] and "贵方" in text and not letter.public
            continue
        assert letter.lines[0] == ["recipient", salutation] and letter.public, kind
        assert you in text and not_you not in text, kind
    correction = "\n".join(t for _, t in letters["correction"].lines[1:3])
    assert correction == (
        f"本机关于2026年9月1日收到{you}提出的政府信息公开申请（登记编号：{app.number}）。经审查，{you}的申请内容不够明确，"
        f"根据《中华人民共和国政府信息公开条例》第三十条的规定，请{you}对以下内容作出补正：\n请说明所需立项清单的年份和项目类别。")
    assert "请于2026年9月16日前将补正后的申请提交本机关" in letter_text(letters["correction"])[5]
    extension = "\n".join(letter_text(letters["extension"]))
    assert "因需要调取多个处室的档案，本机关不能在规定期限内作出答复" in extension and "二十个工作日" in extension
    fee = "\n".join(letter_text(letters["fee"]))
    assert f"{you}的申请需缴纳信息处理费100元（按件计收：同一申请人一个自然月内第11至30件，每件100元）" in fee
    reply = "\n".join(letter_text(letters["reply"]))
    assert (f"{you}如对本答复不服，可以自收到本告知书之日起六十日内向贵州省人民政府申请行政复议，"
            "或者自收到本告知书之日起六个月内向贵阳市中级人民法院提起行政诉讼。") in reply
    assert "第十五条" in reply and "第三方不同意公开" in reply


def test_without_settings_the_rights_say_依法_and_the_prefix_is_the_short_name(org, clerk, supervisor):
    org.short_name = "省科技厅"
    org.save()
    app = services.application_register(org=org, by=clerk, data=person(), channel="letter", received_on=D("2026-09-01"))
    decision = services.decision_draft(app_id=app.pk, by=clerk, outcome="unavailable_not_held", reply_text="经检索，本机关未制作该信息。")
    services.decision_approve(decision_id=decision.pk, by=supervisor, on=D("2026-09-10"))
    letter = app.letters.get()
    assert letter.number == "省科技厅依申复〔2026〕1号" and letter.title == "政府信息不存在告知书"
    text = "\n".join(letter_text(letter))
    assert "六十日内依法申请行政复议" in text and "依法向人民法院提起行政诉讼" in text and "联系人" not in text


def test_numbers_are_serial_per_agency_year_and_kind_and_never_reused(org, other_org, clerk, supervisor, conf):
    from tests.conftest import _user
    from gongkai.orgs.models import Role

    apps = [services.application_register(org=org, by=clerk, data=person(subject=f"信息{n}"), channel="letter",
                                          received_on=D("2026-09-01")) for n in range(3)]
    for app in apps[:2]:
        services.correction_request(app_id=app.pk, by=clerk, on=D("2026-09-02"), what="请说明年份")
    assert [l.number for l in Letter.objects.filter(kind="correction").order_by("pk")] == [
        "黔科依申补〔2026〕1号", "黔科依申补〔2026〕2号"]
    Letter.objects.filter(number="黔科依申补〔2026〕2号").delete()  # even a letter removed by hand
    services.correction_request(app_id=apps[2].pk, by=clerk, on=D("2026-09-02"), what="请说明年份")
    assert apps[2].letters.get().number == "黔科依申补〔2026〕3号"  # … does not free its number
    other_clerk = _user("other_clerk", (other_org, None, Role.CLERK))
    theirs = services.application_register(org=other_org, by=other_clerk, data=person(), channel="letter",
                                           received_on=D("2026-09-01"))
    services.correction_request(app_id=theirs.pk, by=other_clerk, on=D("2026-09-02"), what="请说明年份")
    assert theirs.letters.get().serial == 1  # another agency counts its own


def test_a_bad_pattern_is_refused_next_to_its_field(org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="必须包含"):
        LetterSettings(org=org, number_pattern="{prefix}依申{series}〔{year}〕").full_clean()
    with pytest.raises(ValidationError, match="文号格式无效"):
        LetterSettings(org=org, number_pattern="{prefix}{seria}{serial}").full_clean()


def test_an_admins_template_is_used_and_a_broken_one_falls_back(org, clerk, conf):
    LetterTemplate.objects.create(letter_type="correction", title="补正通知", body="{you}好，请补正：{what}。期限：{term_on}。")
    app = services.application_register(org=org, by=clerk, data=person(), channel="letter", received_on=D("2026-09-01"))
    services.correction_request(app_id=app.pk, by=clerk, on=D("2026-09-02"), what="请说明年份。", term_on=D("2026-09-20"))
    letter = app.letters.get()
    assert letter.title == "补正通知" and letter.lines[1] == ["body", "您好，请补正：请说明年份。期限：2026年9月20日。"]
    LetterTemplate.objects.filter(letter_type="correction").update(body="{nonsense} {what}")
    other = services.application_register(org=org, by=clerk, data=person(subject="另一"), channel="letter",
                                          received_on=D("2026-09-01"))
    services.correction_request(app_id=other.pk, by=clerk, on=D("2026-09-02"), what="请说明年份")
    assert other.letters.get().title == "政府信息公开申请补正告知书"  # a broken template never blocks the step


def pdf_text_and_fonts(data: bytes) -> tuple[str, list]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    text = "".join(page.extract_text() for page in reader.pages)
    fonts = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            fonts.append((str(font.get("/BaseFont")), any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))))
    return text, fonts


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"— \d+ —", "", text))


@pytest.mark.parametrize("applicant", [{}, ORGANISATION])
def test_the_pdf_says_what_the_docx_says_with_its_font_embedded(org, clerk, supervisor, conf, applicant):
    _, letters = whole_case(org, clerk, supervisor, **applicant)
    for kind, letter in letters.items():
        docx = Docx(io.BytesIO(letter_render(letter, "docx")))
        paragraphs = [p.text for p in docx.paragraphs if p.text.strip()]
        assert paragraphs == letter_text(letter), kind
        text, fonts = pdf_text_and_fonts(letter_render(letter, "pdf"))
        assert squeeze(text) == squeeze("".join(paragraphs)), kind
        assert fonts and all(embedded for _, embedded in fonts), fonts
        assert "STSong" not in "".join(name for name, _ in fonts)
        assert "PAGE" in docx.sections[0].footer._element.xml


def test_staff_download_the_letters_from_the_case_page(client, org, clerk, supervisor, outsider, conf):
    app, letters = whole_case(org, clerk, supervisor)
    client.force_login(clerk)
    page = client.get(reverse("applications_staff:case", args=[app.pk])).content.decode()
    for letter in letters.values():
        assert letter.number in page and reverse("applications_staff:letter", args=[app.pk, letter.pk, "pdf"]) in page
    reply = letters["reply"]
    pdf = client.get(reverse("applications_staff:letter", args=[app.pk, reply.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    docx = client.get(reverse("applications_staff:letter", args=[app.pk, reply.pk, "docx"]))
    assert Docx(io.BytesIO(docx.content)).paragraphs[1].text == "黔科依申复〔2026〕1号"
    assert client.get(reverse("applications_staff:letter", args=[app.pk, reply.pk, "txt"])).status_code == 404
    client.force_login(outsider)
    assert client.get(reverse("applications_staff:letter", args=[app.pk, reply.pk, "pdf"])).status_code == 404


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="real row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the seeded rows for later tests
def test_concurrent_steps_never_share_a_number(org, clerk, conf):
    apps = [services.application_register(org=org, by=clerk, data=person(subject=f"并发{n}"), channel="letter",
                                          received_on=D("2026-09-01")) for n in range(6)]
    barrier, errors = threading.Barrier(len(apps)), []

    def ask(pk):
        try:
            barrier.wait()
            services.correction_request(app_id=pk, by=clerk, on=D("2026-09-02"), what="请说明年份")
        except Exception as e:  # noqa: BLE001 - collected and asserted below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=ask, args=(a.pk,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(Letter.objects.values_list("serial", flat=True)) == [1, 2, 3, 4, 5, 6]


def test_a_refused_step_writes_no_letter(org, clerk, conf):
    app = services.application_register(org=org, by=clerk, data=person(), channel="letter", received_on=D("2026-09-01"))
    with pytest.raises(InvalidInput):
        services.correction_request(app_id=app.pk, by=clerk, on=D("2026-09-02"), what=" ")
    assert not Letter.objects.exists()

