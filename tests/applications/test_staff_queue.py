"""The staff queue of applications (/workbench/applications/): open cases ordered by working days left,
marked 即将到期 / 已超期 in words, personal data masked, only our agency's cases, constant query count.

Dates are worked out by hand from the 2026 schedule (中秋 09-25, 国庆 10-01..07; 09-20 Sun and 10-10 Sat
worked), with "today" fixed at 2026-10-23 (Friday)."""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services
from gongkai.applications.models import Application

from .conftest import person

D = dt.date.fromisoformat
TODAY = D("2026-10-23")
QUEUE = reverse("applications_staff:queue")


def resident_id(birth: str, seq: int) -> str:
    """A valid 18-digit resident ID (GB 11643 check digit) born on BIRTH (YYYYMMDD)."""
    body = f"520102{birth}{seq:03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, weights)) % 11]


@pytest.fixture
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    return TODAY


@pytest.fixture
def cases(org, clerk, today):
    """Three open cases of three people: overdue, due soon, plenty of time."""
    def reg(received, n, subject):
        return services.application_register(org=org, by=clerk, channel="letter", received_on=D(received),
                                             data=person(id_number=resident_id("19800101", n), subject=subject,
                                                         applicant_name=f"申请人{n}", phone=f"1381234{n:04d}"))
    return {
        # From 09-10: 09-11=1, 09-14..18=2..6, 09-20(Sun, worked)=7, 09-21..24=8..11, 09-28..30=12..14,
        # 10-08..10=15..17 (10-10 Sat worked), 10-12..14=18..20 → due 10-14; 10-15,16,19..23 = 7 days past.
        "overdue": reg("2026-09-10", 1, "省级重点实验室年度考核结果"),
        # From 09-24: due 10-29 (see test_clock_in_cases); left after 10-23: 10-26..29 = 4 → 即将到期.
        "soon": reg("2026-09-24", 2, "2025年度科技计划项目经费使用情况"),
        # From 10-20: 10-21..23=3, 10-26..30=8, 11-02..06=13, 11-09..13=18, 11-16,17=20 → due 11-17;
        # left after 10-23: 5+5+5+2 = 17.
        "later": reg("2026-10-20", 3, "科技特派员选派名单"),
    }


def test_it_orders_open_cases_by_working_days_left_and_marks_them_in_words(client, clerk, cases):
    client.force_login(clerk)
    html = client.get(QUEUE).content.decode()
    numbers = [cases[k].number for k in ("overdue", "soon", "later")]
    assert [html.index(n) for n in numbers] == sorted(html.index(n) for n in numbers)
    rows = html.split("<tr")[2:]
    assert "已超期" in rows[0] and "7 个工作日" in rows[0] and "2026-10-14" in rows[0]
    assert "即将到期" in rows[1] and ">4 <" in rows[1].replace("\n", "") or "4 <span" in rows[1]
    assert "已超期" not in rows[2] and "即将到期" not in rows[2] and "17" in rows[2] and "2026-11-17" in rows[2]


def test_it_masks_id_numbers_and_phones(client, clerk, cases):
    client.force_login(clerk)
    html = client.get(QUEUE).content.decode()
    app = cases["soon"]
    assert app.id_number not in html and app.phone not in html
    assert f"{app.id_number[:3]}***********{app.id_number[-4:]}" in html
    assert f"{app.phone[:3]}****{app.phone[-4:]}" in html


def test_another_agencys_staff_and_a_department_head_see_none_of_our_cases(client, outsider, dept_head, cases):
    client.force_login(outsider)
    html = client.get(QUEUE).content.decode()
    assert all(app.number not in html for app in cases.values())
    client.force_login(dept_head)
    response = client.get(QUEUE)
    assert response.status_code == 403 and "信息员和公开主管" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(QUEUE)
    assert response.status_code == 302 and reverse("workbench:login") in response["Location"]


def test_flags_are_shown_with_a_link_to_the_earlier_case(client, org, clerk, today):
    first = services.application_register(org=org, by=clerk, channel="letter", received_on=D("2026-10-12"), data=person())
    again = services.application_register(org=org, by=clerk, channel="letter", received_on=D("2026-10-20"),
                                          data=person(subject="2025年度省科技计划项目立项清单（全部）"))
    assert again.flag_possible_repeat_id == first.pk
    client.force_login(clerk)
    html = client.get(QUEUE).content.decode()
    assert f'href="{QUEUE}{first.pk}/">疑似重复' in html


def test_closed_cases_are_listed_apart_and_paginated(client, org, clerk, supervisor, cases, settings):
    settings.GONGKAI_PAGE_SIZE = 1
    for key in ("later", "soon"):
        decision = services.decision_draft(app_id=cases[key].pk, by=clerk, outcome="disclosed", reply_text="见附件。")
        services.decision_approve(decision_id=decision.pk, by=supervisor)
    client.force_login(clerk)
    open_html = client.get(QUEUE).content.decode()
    assert cases["later"].number not in open_html and cases["overdue"].number in open_html
    closed = client.get(QUEUE, {"show": "closed"}).content.decode()
    assert "共 2 件已办结" in closed and "（一）予以公开" in closed and "第 1 / 2 页" in closed
    assert cases["overdue"].number not in closed


def test_the_calendar_warning_is_shown_when_a_year_is_not_in_the_calendar(client, clerk, cases):
    Application.objects.filter(pk=cases["later"].pk).update(
        calendar_warning="2027年的法定节假日安排尚未录入，期限暂按周末计算")
    client.force_login(clerk)
    html = client.get(QUEUE).content.decode()
    assert "2027年的法定节假日安排尚未录入，期限暂按周末计算" in html and 'role="alert"' in html


def _bulk_open_cases(org, n: int, start: int = 0):
    """N open cases written straight to the table (the queue only reads stored due dates)."""
    apps = [Application(org=org, number=f"2026-{start + i:05d}", query_code="ABCDEFGH", channel="letter",
                        received_on=D("2026-10-12"), applicant_type="natural_person", applicant_name=f"申请人{i}",
                        id_type="resident_id", id_number=resident_id("19800101", i % 1000), phone="13812345678",
                        subject="科技计划项目立项清单" * 5, due_on=TODAY + dt.timedelta(days=i % 60 - 20),
                        effective_due_on=TODAY + dt.timedelta(days=i % 60 - 20),
                        flag_possible_repeat=None) for i in range(n)]
    Application.objects.bulk_create(apps)


def test_the_query_count_does_not_grow_with_the_number_of_cases(client, org, clerk, today, django_assert_max_num_queries):
    client.force_login(clerk)
    _bulk_open_cases(org, 3)
    client.get(QUEUE)  # session and the like warmed up
    with django_assert_max_num_queries(8) as few:
        client.get(QUEUE)
    _bulk_open_cases(org, 300, start=100)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(QUEUE).status_code == 200


def test_a_thousand_open_cases_are_listed_in_full(client, org, clerk, today):
    # How fast is bench/'s to measure (bench/applications_bench.py, RESULTS-applications.md): a timed
    # assertion here would only break on a busy machine.
    _bulk_open_cases(org, 1000)
    client.force_login(clerk)
    html = client.get(QUEUE).content.decode()
    assert html.count("<tr") == 1001


def test_the_workbench_home_sums_up_the_queue_for_casework_staff_only(client, clerk, dept_head, cases):
    client.force_login(clerk)
    html = client.get(reverse("workbench:home")).content.decode()
    box = html[html.index('data-queue="applications"'):]
    assert "办理中 3 件" in box and "已超期 1 件" in box and "即将到期 1 件" in box
    client.force_login(dept_head)
    assert 'data-queue="applications"' not in client.get(reverse("workbench:home")).content.decode()
