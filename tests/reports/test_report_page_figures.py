"""Issue 11, pages: the annual report's pages show exact figures and cost a fixed number of queries.

A draft (shown only to staff: the confirmation page previews it as it will be published) is counted
from the records on every request, so a new record shows at once; a finalised report is its frozen
snapshot (decision 0007), so the portal shows the same figures whatever happens to the records after.
The portal's rendering is kept under the page generation (decision 0070), raised by commits: the
tests that change what a kept page shows commit (transaction=True), as production does.
Figures are those of test_annual_figures.three_years (2025: 5 new, 2 carried in, 5 closed, 2 carried out)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.reports import services
from gongkai.reports.annual import annual_figures
from gongkai.reports.exports import html_table
from gongkai.reports.layout import report_grids

from .helpers import READY, complete_and_finalise
from .test_annual_figures import app, three_years  # noqa: F401 - fixture

DETAIL = reverse("reports_public:detail", args=["gzsti", 2025])
CONFIRM = reverse("reports_staff:finalise", args=[2025]) + "?org=gzsti"


def table_rows(figures: dict) -> list[str]:
    """Every row of tables 二、三、四 as the report's HTML writes it (its cells, figures included)."""
    return [row for grid in report_grids(figures).values() for part in ("head", "body") for row in html_table(grid)[part]]


def shows(html: str, figures: dict) -> bool:
    return all(f"<tr>{row}</tr>" in html for row in table_rows(figures))


COMMITS = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def no_page_cache(settings):
    """Every request renders the page (the page cache would answer a repeat without the view)."""
    settings.GONGKAI_PAGECACHE = False


def test_a_draft_shows_new_figures_as_soon_as_a_record_changes(client, org, supervisor, three_years):
    services.report_update(report_id=services.report_prepare(org=org, year=2025, by=supervisor).pk, by=supervisor, **READY)
    client.force_login(supervisor)
    before = annual_figures(org, 2025)
    assert before["applications"]["rows"]["new"]["total"] == 5
    assert shows(client.get(CONFIRM).content.decode(), before)
    app(org, "NEW", "business", "2025-08-01")  # received in 2025, still open
    after = annual_figures(org, 2025)
    assert after["applications"]["rows"]["new"]["business"] == 1 and after["applications"]["rows"]["carried_out"]["total"] == 3
    page = client.get(CONFIRM).content.decode()
    assert shows(page, after) and not shows(page, before)
    client.logout()
    assert client.get(DETAIL).status_code == 404  # a draft is never on the portal


@COMMITS
@pytest.mark.parametrize("cached", [False, True], ids=["page-cache-off", "page-cache-on"])
def test_a_finalised_report_shows_the_same_figures_after_the_records_change(client, settings, org, supervisor, three_years,
                                                                           cached):
    settings.GONGKAI_PAGECACHE = cached
    report = complete_and_finalise(services.report_prepare(org=org, year=2025, by=supervisor), supervisor)
    frozen = report.figures
    first = client.get(DETAIL).content.decode()
    assert shows(first, frozen) and "本年新收政府信息公开申请共5件" in first
    app(org, "LATE", "business", "2025-08-01")  # a record of 2025 entered after finalising
    services.year_figures_set(org=org, year=2025, by=supervisor, licensing=9, penalty=9, enforcement=9, fees_10k_yuan=9)
    assert annual_figures(org, 2025)["applications"]["rows"]["new"]["total"] == 6  # the records did change
    again = client.get(DETAIL).content.decode()
    assert shows(again, frozen) and "本年新收政府信息公开申请共5件" in again
    assert not shows(again, annual_figures(org, 2025))


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as q:
        assert client.get(DETAIL).status_code == 200
    return len(q)


@COMMITS
def test_the_report_page_costs_the_same_queries_however_many_reports_versions_and_records(
        client, no_page_cache, org, supervisor, three_years):
    complete_and_finalise(services.report_prepare(org=org, year=2025, by=supervisor), supervisor)
    few = _queries(client)
    assert few <= 4
    assert _queries(client) == 0  # rendered once per generation, then read from the page store
    for year in (2020, 2021, 2022, 2023, 2024):
        complete_and_finalise(services.report_prepare(org=org, year=year, by=supervisor), supervisor)
    for n in range(2):  # two corrections: versions 2 and 3 of 2025
        correction = services.report_correct(org=org, year=2025, by=supervisor, reason=f"更正第{n + 1}次")
        complete_and_finalise(correction, supervisor)
    for n in range(30):
        app(org, f"MORE{n}", "natural_person", "2025-04-01", "2025-04-20", "disclosed")
    assert _queries(client) == few
    page = client.get(DETAIL).content.decode()
    assert "第3版（当前查看）" in page and "更正第2次" in page and "2021年0件；2022年0件；2023年1件；2024年2件；2025年5件。" in page


@COMMITS
def test_a_kept_report_page_is_renewed_by_any_change_it_shows(client, no_page_cache, org, supervisor,
                                                               three_years):
    """The agency's name, a correction, another year's report (the year-on-year chart): each is a
    committed write to a table of the portal, so the page is rendered again, never served stale."""
    complete_and_finalise(services.report_prepare(org=org, year=2025, by=supervisor), supervisor)
    assert "贵州省科学技术厅2025年" in client.get(DETAIL).content.decode()
    org.name = "贵州省科技厅"
    org.save()
    assert "<h1>贵州省科技厅2025年政府信息公开工作年度报告</h1>" in client.get(DETAIL).content.decode()
    complete_and_finalise(services.report_prepare(org=org, year=2024, by=supervisor), supervisor)
    assert "2024年2件；2025年5件。" in client.get(DETAIL).content.decode()
    complete_and_finalise(services.report_correct(org=org, year=2025, by=supervisor, reason="数字有误"), supervisor)
    page = client.get(DETAIL).content.decode()
    assert "第2版" in page and "数字有误" in page
