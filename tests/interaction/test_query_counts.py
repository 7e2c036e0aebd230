"""Issue 7 (performance): every list of messages costs the same number of queries with N rows as with
three times as many — the public Q&A list (filtered, paged, searched), the workbench queue in each of
its views, and the department assessment's scoreboard that counts the replies."""
from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.interaction.models import Message
from gongkai.orgs.models import Department

from .conftest import submit

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    """The queries of one request, after a first one has warmed the caches as on a running site."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


PUBLIC = ["/messages/", "/messages/?page=2", "/messages/?channel=mailbox&year={year}", "/messages/?org=gzsti",
          "/messages/?q=申报", "/messages/?q=申报&page=2"]


def test_the_public_list_filtered_paged_and_searched_costs_the_same_for_n_or_3n(client, org, answer, settings):
    settings.GONGKAI_PAGE_SIZE = 2  # page 2 exists with N rows too
    year = dt.date.today().year

    def add(n):
        for i in range(n):
            answer(submit(org, subject=f"关于申报时间的咨询{i}"))

    def counts():
        return {url: queries(client, url.format(year=year)) for url in PUBLIC}

    add(5)
    few = counts()
    add(10)
    assert counts() == few
    assert "关于申报时间的咨询9" in client.get("/messages/").content.decode()


@pytest.mark.parametrize("show", ["open", "mine", "replied", "held", "discarded"])
def test_the_workbench_queue_costs_the_same_for_n_or_3n(client, org, dept, clerk, supervisor, answer, show):
    def add(n):
        for i in range(n):
            submit(org, subject=f"来信{i}")
            answer(submit(org, subject=f"已答复{i}"))
            held = submit(org, subject=f"待甄别{i}")
            Message.objects.filter(pk=held.pk).update(status=Message.Status.HELD, department=dept)
            Message.objects.filter(pk=submit(org).pk).update(status=Message.Status.DISCARDED)

    client.force_login(supervisor)
    url = f"/workbench/messages/?show={show}"
    add(3)
    few = queries(client, url)
    add(6)
    assert queries(client, url) == few


def test_the_scoreboard_costs_the_same_for_n_or_3n_departments_and_replies(client, org, dept, supervisor, answer):
    def add(n):
        for i in range(n):
            Department.objects.create(org=org, name=f"处室{Department.objects.count()}")
            answer(submit(org))

    client.force_login(supervisor)
    url = f"/workbench/oversight/assessment/?org={org.code}"
    add(2)
    few = queries(client, url)
    add(4)
    assert queries(client, url) == few
