"""Issue 7 (performance): the consultations' and suggestions' lists, on the portal and in the workbench,
and a consultation's page with its comments, cost the same number of queries with N rows as with
three times as many."""
from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.consultation import services
from gongkai.consultation.models import Suggestion

from .conftest import consultation_data, period_over

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def queries(client, url: str) -> int:
    """The queries of one request, after a first one has warmed the caches as on a running site."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_lists_open_and_closed_paged_cost_the_same_for_n_or_3n(client, org, clerk, supervisor, settings):
    settings.GONGKAI_PAGE_SIZE = 2

    def add(n):
        for i in range(n):
            for closed in (False, True):
                c = services.consultation_create(org=org, by=clerk, data=consultation_data(title=f"办法{closed}{i}"))
                services.consultation_publish(consultation_id=c.pk, by=supervisor)
                if closed:
                    period_over(c)
            Suggestion.objects.create(org=org, number=f"n{Suggestion.objects.count()}", kind="deputy", title="关于人才的建议",
                                      replied_on=dt.date(2025, 3, 1), result_published_on=dt.date(2025, 3, 2),
                                      status="published", summary="摘要", reply="答复")
            Suggestion.objects.create(org=org, number=f"n{Suggestion.objects.count()}", kind="member", title="未公开的提案",
                                      replied_on=dt.date(2025, 4, 1), status="replied", reply="答复")

    public = ["/consultations/", "/consultations/?page=2", "/suggestions/", "/suggestions/?year=2025"]
    staff = [f"/workbench/consultation/?org={org.code}", f"/workbench/consultation/suggestions/?org={org.code}"]

    def counts():
        client.logout()
        out = {url: queries(client, url) for url in public}
        client.force_login(supervisor)
        return out | {url: queries(client, url) for url in staff}

    add(3)
    few = counts()
    add(6)
    assert counts() == few


def test_a_consultation_page_with_its_comments_costs_the_same_for_n_or_3n(client, open_consultation, supervisor):
    def add(n):
        for i in range(n):
            services.comment_submit(consultation_id=open_consultation.pk, body=f"建议明确兑付时限{i}。", name="李四",
                                    attachment=("意见.pdf", PDF) if i % 2 else None)

    def counts():
        client.logout()
        public = queries(client, f"/consultations/{open_consultation.pk}/")
        client.force_login(supervisor)
        return public, queries(client, f"/workbench/consultation/{open_consultation.pk}/")

    add(4)
    few = counts()
    add(8)
    assert counts() == few
    assert "建议明确兑付时限7" in client.get(f"/workbench/consultation/{open_consultation.pk}/").content.decode()
