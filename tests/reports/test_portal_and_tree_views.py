"""The portal's 年度报告 column (/reports/) shows finalised versions only, the newest of each year, a
correction with its reason, charts with their numbers in words; and a higher body sees the report
over its whole tree and its agencies side by side, counted by grouped queries."""
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from gongkai.orgs.models import Membership, Organisation, Role
from gongkai.oversight.models import ReviewCase
from gongkai.reports import selectors, services
from gongkai.reports.annual import annual_figures

from .helpers import complete_and_finalise
from .test_annual_figures import app, three_years  # noqa: F401 - fixture

INDEX = reverse("reports_public:index")
DETAIL = reverse("reports_public:detail", args=["gzsti", 2025])


def finalise(org, year, by, overview="总体情况。"):
    report = services.report_prepare(org=org, year=year, by=by)
    return complete_and_finalise(report, by, overview=overview)


def test_drafts_never_appear_on_the_portal(client, org, supervisor, three_years):
    services.report_prepare(org=org, year=2025, by=supervisor)
    assert "尚未发布年度报告" in client.get(INDEX).content.decode()
    assert client.get(DETAIL).status_code == 404
    assert client.get(reverse("reports_public:download", args=["gzsti", 2025, "docx"])).status_code == 404


def test_a_final_report_is_published_as_html_with_its_tables_and_charts(client, org, supervisor, three_years):
    finalise(org, 2025, supervisor, overview="2025年，本厅认真贯彻条例。")
    index = client.get(INDEX).content.decode()
    assert f'href="{DETAIL}"' in index and "贵州省科学技术厅2025年政府信息公开工作年度报告" in index
    html = client.get(DETAIL).content.decode()
    assert "<h1>贵州省科学技术厅2025年政府信息公开工作年度报告</h1>" in html and "2025年，本厅认真贯彻条例。" in html
    assert html.count("<table>") == 3  # 二、三、四 (the charts' data tables carry a class)
    # Outcomes of the 5 closed in 2025: 予以公开 1 (A), 部分公开 1 (C), 不予处理 1 (H), 其他处理 2 (I, F).
    assert "办理结果分布" in html and "予以公开1件；部分公开1件；不予公开0件；无法提供0件；不予处理1件；其他处理2件。" in html
    # New in 2025 by applicant type: 自然人 1 (C), 科研机构 2 (D, E), 社会公益组织 1 (I), 法律服务机构 1 (H).
    assert "自然人1件；商业企业0件；科研机构2件；社会公益组织1件；法律服务机构1件；其他组织0件。" in html
    assert 'role="img"' in html and "<script" not in html.split("<main")[1]


def test_year_on_year_reads_the_last_five_final_reports(client, org, supervisor, three_years):
    for year in (2020, 2023, 2024, 2025):
        finalise(org, year, supervisor)
    html = client.get(DETAIL).content.decode()
    # New applications: 2020 0, 2023 1 (F), 2024 2 (A, B), 2025 5; 2021 and 2022 have no report.
    assert "2020年0件；2023年1件；2024年2件；2025年5件。" in html
    earlier = client.get(reverse("reports_public:detail", args=["gzsti", 2023])).content.decode()
    assert "2020年0件；2023年1件。" in earlier  # never later years than the report's own


def test_a_correction_is_shown_with_its_reason_and_the_old_version_stays(client, org, supervisor, three_years):
    finalise(org, 2025, supervisor)
    app(org, "LATE", "business", "2025-08-01", "2025-08-20", "disclosed")
    correction = services.report_correct(org=org, year=2025, by=supervisor, reason="补录一件漏登的申请")
    services.report_finalise(report_id=correction.pk, by=supervisor)
    index = client.get(INDEX).content.decode()
    assert index.count("贵州省科学技术厅2025年政府信息公开工作年度报告") == 1  # the newest version only
    assert "更正</span>" in index and "补录一件漏登的申请" in index
    html = client.get(DETAIL).content.decode()
    assert "更正原因：补录一件漏登的申请" in html and "第2版" in html
    old = client.get(reverse("reports_public:version", args=["gzsti", 2025, 1])).content.decode()
    assert "这是已被更正的旧版本" in old
    assert client.get(reverse("reports_public:version", args=["gzsti", 2025, 3])).status_code == 404


def test_the_portal_downloads_are_the_snapshot(client, org, supervisor, three_years):
    finalise(org, 2025, supervisor)
    app(org, "LATE", "business", "2025-08-01")  # after finalising: not in the published files
    docx = client.get(reverse("reports_public:download", args=["gzsti", 2025, "docx"]))
    assert docx["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert Document(io.BytesIO(docx.content)).tables[1].cell(3, 9).text == "5"
    xlsx = client.get(reverse("reports_public:download", args=["gzsti", 2025, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content))["三、收到和处理政府信息公开申请情况"]
    assert sheet.cell(row=5, column=10).value == 5
    assert client.get(reverse("reports_public:download", args=["gzsti", 2025, "json"])).status_code == 404


# --- a higher body ----------------------------------------------------------------------------------

@pytest.fixture
def province(db):
    """贵州省人民政府办公厅 over two departments, one of which has an agency under it."""
    top = Organisation.objects.create(code="gzgov", name="贵州省人民政府办公厅")
    sti = Organisation.objects.create(code="sti", name="省科技厅", parent=top)
    edu = Organisation.objects.create(code="edu", name="省教育厅", parent=top)
    ipo = Organisation.objects.create(code="ipo", name="省知识产权局", parent=sti)
    app(sti, "S1", "natural_person", "2025-02-01", "2025-02-20", "disclosed")
    app(sti, "S2", "business", "2025-03-01", "2025-03-25", "partially_disclosed")
    app(edu, "E1", "natural_person", "2025-04-01", "2025-04-20", "disclosed")
    app(edu, "E2", "research", "2025-12-20")                                   # carried out
    app(ipo, "P1", "legal_services", "2024-12-30", "2025-01-10", "disclosed")  # carried in
    ReviewCase.objects.create(org=edu, case_number="复1", kind="reconsideration", result="corrected",
                              filed_on="2025-05-01", concluded_on="2025-07-01")
    return {"top": top, "sti": sti, "edu": edu, "ipo": ipo}


def test_a_higher_body_sees_the_report_over_its_whole_tree(client, province, django_user_model):
    head = django_user_model.objects.create_user("province")
    Membership.objects.create(user=head, org=province["top"], role=Role.SUPERVISOR)
    client.force_login(head)
    response = client.get(reverse("reports_staff:aggregate", args=[2025]) + "?org=gzgov")
    assert response.status_code == 200
    rows = response.context["figures"]["applications"]["rows"]
    # new: S1 S2 E1 E2 = 4; carried in: P1; closed: S1 S2 E1 P1 = 4 (3 disclosed); carried out: E2.
    assert (rows["new"]["total"], rows["carried_in"]["total"], rows["total"]["total"], rows["carried_out"]["total"]) == (4, 1, 4, 1)
    assert rows["disclosed"]["total"] == 3 and response.context["figures"]["reviews"]["reconsideration"]["corrected"] == 1
    compare = {r["org"].code: (r["new"], r["closed"], r["carried_out"], r["disclosed_percent"], r["corrected"])
               for r in response.context["comparison"]}
    assert compare == {"gzgov": (0, 0, 0, "—", 0), "sti": (2, 2, 0, "50.0%", 0), "edu": (2, 1, 1, "100.0%", 1),
                       "ipo": (0, 1, 0, "100.0%", 0)}
    trace = client.get(reverse("reports_staff:trace", args=[2025]) + "?org=gzgov&scope=tree&row=disclosed&col=total")
    assert trace.context["page"].paginator.count == 3
    # An agency without children has no aggregate.
    Membership.objects.create(user=head, org=province["edu"], role=Role.SUPERVISOR)
    assert client.get(reverse("reports_staff:aggregate", args=[2025]) + "?org=edu").status_code == 404


def test_the_comparison_costs_the_same_queries_for_any_number_of_agencies(province):
    def queries(org_ids):
        with CaptureQueriesContext(connection) as ctx:
            selectors.comparison(org_ids, 2025)
        return len(ctx.captured_queries)
    few = queries([province["top"].pk, province["sti"].pk])
    for n in range(10):
        Organisation.objects.create(code=f"county{n}", name=f"县{n}", parent=province["top"])
    assert queries(province["top"].descendant_ids()) == few == 3  # applications, review cases, names


def test_the_aggregate_is_the_sum_of_the_agencies(province):
    ids = province["top"].descendant_ids()
    whole = annual_figures(province["top"], 2025, org_ids=ids)["applications"]["rows"]
    parts = [annual_figures(Organisation.objects.get(pk=i), 2025)["applications"]["rows"] for i in ids]
    assert all(whole[row][col] == sum(p[row][col] for p in parts) for row in whole for col in whole[row])
