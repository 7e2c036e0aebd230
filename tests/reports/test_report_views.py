"""The annual report in the workbench (/workbench/reports/): the 公开主管 prepares, writes, enters the
figures from other systems, finalises and corrects; other staff of the agency look; another agency's
staff get 404. Figures are those of test_annual_figures.three_years (2025: 5 new, 2 carried in,
5 closed, 2 carried out)."""
import io
import json

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from gongkai.audit.models import AuditEntry
from gongkai.catalog import services as catalog
from gongkai.reports.annual import ROWS, COLUMNS, annual_figures
from gongkai.reports.models import AnnualReport
from gongkai.reports.layout import report_grids

from tests.conftest import item_data

from .helpers import READY
from .test_annual_figures import app, three_years  # noqa: F401 - fixture

YEAR_URL = reverse("reports_staff:year", args=[2025])
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def url(name, *args, **params):
    query = "&".join(f"{k}={v}" for k, v in {"org": "gzsti", **params}.items())
    return f"{reverse(f'reports_staff:{name}', args=args)}?{query}"


def post(client, name, data=None, year=2025):
    if name == "finalise":
        data = {"confirm": "1", **(data or {})}  # the button of the confirmation page
    return client.post(reverse(f"reports_staff:{name}", args=[year]), {"org": "gzsti", **(data or {})})


@pytest.fixture
def prepared(client, supervisor, three_years):
    client.force_login(supervisor)
    assert post(client, "prepare").status_code == 302
    assert post(client, "prose", READY).status_code == 302
    return AnnualReport.objects.get(org__code="gzsti", year=2025)


def test_it_opens_last_years_report_by_default(client, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("reports_staff:index"))
    assert response.status_code == 302 and response["Location"] == url("year", 2025)  # today is 2026 in this suite


def test_the_supervisor_prepares_writes_enters_figures_and_finalises(client, supervisor, prepared):
    response = post(client, "prose", {"overview": "2025年，本厅认真贯彻条例。", "problems": "渠道单一。", "other_matters": ""})
    assert response.status_code == 302
    response = post(client, "figures", {"licensing": "120", "penalty": "3", "enforcement": "0", "fees_10k_yuan": "1.5"})
    assert response.status_code == 302
    page = client.get(YEAR_URL).content.decode()
    assert "最近由 <strong>supervisor</strong>" in page  # who entered the figures
    assert "各列勾稽关系相符" in page and "定稿并发布…</a>" in page
    confirm = client.get(url("finalise", 2025))  # the confirmation page: figures and text as they will go out
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "确认定稿并发布</button>" in html and "2025年，本厅认真贯彻条例。" in html
    assert "三、收到和处理政府信息公开申请情况" in html and "逾期发布" in html  # 2026-12: after 31 January
    assert AnnualReport.objects.get(pk=prepared.pk).status == "draft"  # looking publishes nothing
    assert post(client, "finalise", {"confirm": ""}).status_code == 200  # nor does a POST without the confirmation
    assert AnnualReport.objects.get(pk=prepared.pk).status == "draft"
    assert post(client, "finalise").status_code == 302
    report = AnnualReport.objects.get(pk=prepared.pk)
    assert report.status == "final" and report.overview == "2025年，本厅认真贯彻条例。"
    assert report.figures["proactive"]["licensing"] == 120 and report.figures["applications"]["rows"]["new"]["total"] == 5
    entry = AuditEntry.objects.get(action="report.finalised", object_id=str(report.pk))
    assert entry.data["late"] is True and report.finalised_by == supervisor and report.is_late
    assert "逾期发布" in client.get(YEAR_URL).content.decode()


def test_a_clerk_may_look_but_not_prepare_edit_or_finalise(client, clerk, supervisor, prepared):
    client.force_login(clerk)
    page = client.get(YEAR_URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "三、收到和处理政府信息公开申请情况" in html and "定稿并发布" not in html and "<textarea" not in html
    assert post(client, "finalise").status_code == 403
    assert client.get(url("finalise", 2025)).status_code == 403
    assert post(client, "prose", {"overview": "改", "problems": "", "other_matters": ""}).status_code == 403
    assert post(client, "figures", {"licensing": "1", "penalty": "0", "enforcement": "0", "fees_10k_yuan": "0"}).status_code == 403
    assert AnnualReport.objects.get(pk=prepared.pk).status == "draft"


def test_another_agencys_staff_get_404(client, outsider, prepared):
    client.force_login(outsider)
    assert client.get(YEAR_URL + "?org=gzsti").status_code == 404
    assert client.get(url("trace", 2025, row="new", col="total")).status_code == 404
    assert client.get(url("download", 2025, "json")).status_code == 404
    assert post(client, "finalise").status_code == 404
    assert AnnualReport.objects.get(pk=prepared.pk).status == "draft"


def test_a_table_that_does_not_add_up_shows_the_column_and_cannot_be_finalised(client, supervisor, three_years):
    client.force_login(supervisor)
    app(supervisor.memberships.first().org, "BAD", "business", "2025-05-01", "2024-12-01", "disclosed")  # closed before received
    # 商业企业 in 2025: new 1 (BAD) + carried in 0 = 1, but closed 0 (BAD closed in 2024) + carried out 0 (it is
    # closed) = 0; so too in 总计: 6 new + 2 carried in = 8 ≠ 5 closed + 2 carried out = 7.
    post(client, "prepare")
    post(client, "prose", READY)
    html = client.get(YEAR_URL).content.decode()
    assert "数据勾稽关系不符，报告不能定稿" in html and "“商业企业”列" in html
    assert 'id="finalise-blockers"' in html
    confirm = client.get(url("finalise", 2025)).content.decode()
    assert "暂不能定稿" in confirm and "确认定稿并发布</button>" not in confirm
    assert html.count("勾稽不符</span>") == 2  # the 商业企业 and 总计 column headers
    response = post(client, "finalise")
    assert response.status_code == 400 and "勾稽关系不符" in response.content.decode()
    assert not AnnualReport.objects.filter(status="final").exists()


def test_the_snapshot_does_not_change_after_new_records(client, supervisor, org, prepared):
    post(client, "finalise")
    app(org, "LATE", "business", "2025-08-01")  # entered after the report was finalised
    snapshot = json.loads(client.get(url("download", 2025, "json", version=1)).content)
    assert snapshot["applications"]["rows"]["new"]["total"] == 5
    live = json.loads(client.get(url("download", 2025, "json")).content)
    assert live["applications"]["rows"]["new"]["total"] == 6
    assert "定稿后记录有变化" in client.get(YEAR_URL).content.decode()


def test_a_correction_needs_a_reason_and_becomes_a_new_version(client, supervisor, org, prepared):
    post(client, "finalise")
    app(org, "LATE", "business", "2025-08-01", "2025-08-20", "disclosed")
    response = post(client, "correct", {"reason": "  "})
    assert response.status_code == 400 and "请写明更正原因" in response.content.decode()
    assert post(client, "correct", {"reason": "补录一件漏登的申请"}).status_code == 302
    draft = AnnualReport.objects.get(org=org, year=2025, status="draft")
    assert (draft.version, draft.correction_reason) == (2, "补录一件漏登的申请")
    assert post(client, "finalise").status_code == 302
    assert AnnualReport.objects.get(pk=draft.pk).figures["applications"]["rows"]["new"]["total"] == 6


def test_figures_are_checked_next_to_their_field_and_what_was_typed_is_kept(client, supervisor, prepared):
    response = post(client, "figures", {"licensing": "-3", "penalty": "两", "enforcement": "", "fees_10k_yuan": "1.23456"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "数量不能为负数" in html and "请填写数量（没有填 0）" in html and "金额最多保留 4 位小数" in html
    assert 'value="-3"' in html and 'aria-invalid="true"' in html and 'id="id_licensing_error"' in html


def test_every_count_of_section_three_links_to_as_many_records(client, supervisor, org, prepared):
    rows = annual_figures(org, 2025)["applications"]["rows"]
    html = client.get(YEAR_URL).content.decode()
    for row in ROWS:
        for col in COLUMNS:
            link = url("trace", 2025, table="applications", row=row, col=col).replace("&", "&amp;")
            assert link in html
            response = client.get(url("trace", 2025, table="applications", row=row, col=col))
            assert response.context["page"].paginator.count == rows[row][col], (row, col)
    carried_in = client.get(url("trace", 2025, row="carried_in", col="total")).content.decode()
    assert "上年结转" in carried_in and ">A<" in carried_in and ">F<" in carried_in  # 2024-12-31 and 2023-05-01
    assert client.get(url("trace", 2025, row="nonsense", col="total")).status_code == 404


def test_catalogue_counts_trace_to_the_items(client, supervisor, org, clerk, dept, topic, prepared, publish):
    item = publish(catalog.item_create_draft(org=org, by=clerk, data=item_data(dept=dept, topic=topic, kind="regulation",
                                                                               title="贵州省科学技术奖励办法")))
    year = item.published_on.year
    response = client.get(url("trace", year, table="proactive", row="regulation", col="issued"))
    assert response.context["page"].paginator.count == annual_figures(org, year)["proactive"]["regulation"]["issued"] == 1
    assert "贵州省科学技术奖励办法" in response.content.decode()


def test_the_downloads_open_and_hold_the_same_figures(client, supervisor, org, prepared):
    grid = report_grids(annual_figures(org, 2025))["applications"]
    docx = client.get(url("download", 2025, "docx"))
    assert docx["Content-Type"] == DOCX and "attachment" in docx["Content-Disposition"]
    table = Document(io.BytesIO(docx.content)).tables[1]
    assert [[c.text for c in r.cells] for r in table.rows] == grid.matrix()
    xlsx = client.get(url("download", 2025, "xlsx"))
    assert xlsx["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(xlsx.content))["三、收到和处理政府信息公开申请情况"]
    anchors = {(c.row + 2, c.col + 1): (c.value if c.value is not None else c.text) for c in grid.cells}
    assert {k: sheet.cell(*k).value for k in anchors} == anchors
    data = json.loads(client.get(url("download", 2025, "json")).content)
    assert list(data)[:3] == ["org", "year", "prose"] and data["prose"]["problems"] == READY["problems"]
    html = client.get(url("download", 2025, "html"))
    assert html["Content-Type"].startswith("text/html") and html.content.decode().count("<table>") == 3
    assert client.get(url("download", 2025, "pdf")).status_code == 404
    assert client.get(url("download", 2025, "json", version=9)).status_code == 404
