"""Demo of the confidentiality guard (保密审查): the agency's own sensitive word, and a notice waiting
for the 公开主管 whose body and PDF attachment hold a (fictitious) resident ID, so the blocked
review, the highlighting and the redaction can be tried at once. Idempotent: looked up by title."""
from __future__ import annotations

from django.contrib.auth.models import User
from django.utils import timezone

from gongkai.catalog import services as catalog
from gongkai.catalog.models import Item, Topic
from gongkai.catalog.sanitize import text_to_html
from gongkai.orgs.models import Department, Organisation
from gongkai.textguard.models import SensitiveWord

TITLE = "2026年度省科技特派员拟选派人选公示"
ID = "520102198001011235"  # fictitious; its check character is right, so the guard blocks it
BODY = (f"根据《贵州省科技特派员管理办法》，经单位推荐、专家评审，拟选派张某某（身份证号码{ID}，联系电话13985012345）"
        "为2026年度省科技特派员。\n公示期为5个工作日。对公示对象有异议的，请以书面形式向省科技厅反映。")


def load_guard(org: Organisation, departments: dict[str, Department], users: dict[str, User]) -> None:
    SensitiveWord.objects.get_or_create(org=org, word="项目评审底价", defaults={"note": "演示：本机关自定的敏感词"})
    if Item.objects.filter(org=org, title=TITLE).exists():
        return
    item = catalog.item_create_draft(org=org, by=users["xinxiyuan"], data={
        "title": TITLE, "body": text_to_html(BODY), "kind": "project_notice", "topic": Topic.objects.get(name="科技"),
        "department": departments["办公室"], "created_on": timezone.localdate(),
    })
    revision = item.revisions.get()
    catalog.attachment_add(revision_id=revision.pk, by=users["xinxiyuan"], name="拟选派人选名单.pdf", content=_pdf())
    for action, who in (("submit", "xinxiyuan"), ("dept_approve", "chuzhang")):
        catalog.revision_advance(revision_id=revision.pk, action=action, by=users[who])


def _pdf() -> bytes:
    import io

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    sheet = canvas.Canvas(buf)
    sheet.setFont("STSong-Light", 16)
    sheet.drawString(72, 760, "2026年度省科技特派员拟选派人选名单")
    sheet.setFont("STSong-Light", 12)
    for i, line in enumerate(["序号  姓名    身份证号码            派驻单位", f"1     张某某  {ID}  黔东南州某农业合作社",
                              "2     李某某  （另附）              遵义市某茶叶企业"]):
        sheet.drawString(72, 720 - 24 * i, line)
    sheet.showPage()
    sheet.save()
    return buf.getvalue()
