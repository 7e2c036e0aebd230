"""The quarterly figures page (/statistics/applications/): what the agency publishes each quarter,
the same numbers as selectors.quarterly_figures, in an accessible table."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from gongkai.applications import services
from gongkai.applications.forms import last_complete_quarter
from gongkai.applications.outcomes import Outcome
from gongkai.applications.selectors import quarterly_figures

from .conftest import person

D = dt.date.fromisoformat


def row(html: str, label: str) -> int:
    """The number in the table row whose header is LABEL."""
    match = re.search(rf'<th scope="row"[^>]*>{re.escape(label)}</th><td class="num">(\d+)</td>', html)
    assert match, label
    return int(match.group(1))


@pytest.fixture
def third_quarter_2026(org, clerk, supervisor, register):
    """Q3 2026: three from people (one closed as disclosed), one from a research institute (closed as
    not held), one received in June and closed in July; one received in October (next quarter)."""
    a = register("2026-07-06")
    register("2026-08-10", id_number="520102198001011235")
    register("2026-09-30", id_number="520102198001011235", subject="另一项信息")
    research = services.application_register(
        org=org, by=clerk, channel="letter", received_on=D("2026-08-03"),
        data=person(applicant_type="research", applicant_name="贵州某研究院", id_type="", id_number="",
                    credit_code="91520100MA6DK8QL06", contact_name="王五"))
    june = register("2026-06-15", subject="六月的申请")
    register("2026-10-09", subject="十月的申请")
    for app, outcome, on in ((a, "disclosed", "2026-07-20"), (research, "unavailable_not_held", "2026-08-20"),
                             (june, "disclosed", "2026-07-03")):
        decision = services.decision_draft(app_id=app.pk, by=clerk, outcome=outcome, reply_text="答复。")
        services.decision_approve(decision_id=decision.pk, by=supervisor, on=D(on))


def test_the_page_shows_the_figures_of_the_chosen_quarter(client, org, third_quarter_2026):
    response = client.get("/statistics/applications/?year=2026&quarter=3")
    html = response.content.decode()
    figures = quarterly_figures(org, 2026, 3)
    assert response.status_code == 200 and "2026-07-01 至 2026-09-30" in html
    # Received 7-1…9-30: three people and one research institute; June's and October's are not.
    assert (row(html, "自然人"), row(html, "其中：科研机构"), row(html, "法人或其他组织（小计）")) == (3, 1, 1)
    assert row(html, "收到申请总数") == figures["received"]["total"] == 4
    # Closed in the quarter: July's and June's applications disclosed, the institute's not held.
    assert row(html, Outcome.DISCLOSED.label) == figures["closed"]["disclosed"] == 2
    assert row(html, Outcome.UNAVAILABLE_NOT_HELD.label) == figures["closed"]["unavailable_not_held"] == 1
    assert row(html, "办结总数") == figures["closed"]["total"] == 3
    # Open at 9-30: the two people's applications of August and September.
    assert row(html, "季度末尚未办结（结转下季度办理）") == figures["open_at_end"] == 2
    for code in Outcome.values:
        assert row(html, Outcome(code).label) == figures["closed"][code]


def test_the_default_is_the_last_complete_quarter_and_a_quarter_not_over_falls_back(client, org):
    year, quarter = last_complete_quarter()
    assert f"{year}年第{quarter}季度" in client.get("/statistics/applications/").content.decode()
    today = dt.date.today()
    html = client.get(f"/statistics/applications/?year={today.year + 1}&quarter=1").content.decode()
    assert "尚未结束" in html and f"{year}年第{quarter}季度" in html
    assert client.get("/statistics/applications/?year=abc&quarter=9").status_code == 200


@pytest.mark.parametrize("today, expected", [
    ("2026-11-26", (2026, 3)), ("2026-01-01", (2025, 4)), ("2026-03-31", (2025, 4)), ("2026-04-01", (2026, 1)),
])
def test_the_last_complete_quarter(today, expected):
    assert last_complete_quarter(D(today)) == expected


def test_the_table_is_marked_up_for_screen_readers(client, org):
    html = client.get("/statistics/applications/?year=2026&quarter=3").content.decode()
    assert html.count("<caption>") == 3 and '<th scope="col">' in html and '<label for="id_year">' in html
