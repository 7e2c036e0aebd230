"""建议提案办理: registering, answering and publishing the result; the public list; the annual
report's activity.suggestions counted for records on both sides of 1 January and 31 December."""
import datetime as dt

import pytest
from django.utils import timezone

from gongkai.consultation import selectors, services
from gongkai.consultation.models import Suggestion
from gongkai.core.errors import FieldErrors, IllegalTransition, InvalidInput, NotAllowed
from gongkai.reports.annual import activity, annual_figures

D = dt.date


def _data(**overrides):
    data = dict(number="省十三届人大四次会议第123号", kind="deputy", title="关于加大科技型中小企业扶持力度的建议",
                proposer="王五", reply="", replied_on=None, summary="")
    data.update(overrides)
    return data


def test_it_registers_answers_and_publishes_a_result(org, clerk, supervisor):
    s = services.suggestion_create(org=org, by=clerk, data=_data())
    assert s.status == Suggestion.Status.REGISTERED
    with pytest.raises(IllegalTransition):
        services.suggestion_result_publish(suggestion_id=s.pk, by=supervisor)
    today = timezone.localdate()
    s = services.suggestion_update(suggestion_id=s.pk, by=clerk, data=_data(reply="答复全文……", replied_on=today))
    assert s.status == Suggestion.Status.REPLIED
    with pytest.raises(NotAllowed):
        services.suggestion_result_publish(suggestion_id=s.pk, by=clerk)
    s = services.suggestion_result_publish(suggestion_id=s.pk, by=supervisor)
    assert s.status == Suggestion.Status.PUBLISHED and s.result_published_on == today
    assert selectors.suggestion_public(s.pk) == s
    with pytest.raises(IllegalTransition):
        services.suggestion_update(suggestion_id=s.pk, by=clerk, data=_data(reply="改", replied_on=today))


def test_it_refuses_another_agencys_staff(org, outsider, clerk):
    with pytest.raises(NotAllowed):
        services.suggestion_create(org=org, by=outsider, data=_data())
    s = services.suggestion_create(org=org, by=clerk, data=_data())
    with pytest.raises(NotAllowed):
        services.suggestion_update(suggestion_id=s.pk, by=outsider, data=_data(title="改"))


def test_it_checks_numbers_kinds_and_replies(org, clerk):
    services.suggestion_create(org=org, by=clerk, data=_data())
    with pytest.raises(FieldErrors) as e:
        services.suggestion_create(org=org, by=clerk, data=_data(kind="x", replied_on=timezone.localdate()))
    assert set(e.value.errors) == {"number", "kind", "reply"}


def test_it_publishes_what_the_agencys_setting_says(org, clerk, supervisor):
    org.suggestion_result_form = "summary"
    org.save()
    s = services.suggestion_create(org=org, by=clerk, data=_data(reply="全文", replied_on=timezone.localdate()))
    with pytest.raises(InvalidInput, match="摘要"):
        services.suggestion_result_publish(suggestion_id=s.pk, by=supervisor)


def _published(org, number, kind, on):
    return Suggestion.objects.create(org=org, number=number, kind=kind, title=number, replied_on=on - dt.timedelta(days=3),
                                     result_published_on=on, status=Suggestion.Status.PUBLISHED, summary="结果")


def test_it_counts_the_results_published_in_the_year(org, other_org):
    # Worked by hand for 2025: the results published from 1 January to 31 December 2025.
    _published(org, "d-2024-12-31", "deputy", D(2024, 12, 31))  # the day before: 2024
    _published(org, "d-2025-01-01", "deputy", D(2025, 1, 1))  # counted
    _published(org, "m-2025-06-30", "member", D(2025, 6, 30))  # counted
    _published(org, "d-2025-12-31", "deputy", D(2025, 12, 31))  # counted
    _published(org, "m-2026-01-01", "member", D(2026, 1, 1))  # the day after: 2026
    Suggestion.objects.create(org=org, number="answered only", kind="member", title="t", replied_on=D(2025, 5, 1),
                              status=Suggestion.Status.REPLIED, reply="r")  # answered, result not published: not counted
    _published(other_org, "other agency", "deputy", D(2025, 3, 1))  # another agency's
    expected = {"deputy": 2, "member": 1, "total": 3}
    assert activity([org.pk], 2025)["suggestions"] == expected
    assert annual_figures(org, 2025)["activity"]["suggestions"] == expected
    assert activity([org.pk, other_org.pk], 2025)["suggestions"] == {"deputy": 3, "member": 1, "total": 4}
    assert activity([org.pk], 2024)["suggestions"] == {"deputy": 1, "member": 0, "total": 1}


def test_it_counts_in_one_query(org, django_assert_num_queries):
    for n in range(5):
        _published(org, f"n{n}", "deputy" if n % 2 else "member", D(2025, 3, 1 + n))
    with django_assert_num_queries(1):
        assert selectors.suggestion_results_by_kind([org.pk], D(2025, 1, 1), D(2025, 12, 31)) == {"deputy": 2, "member": 3, "total": 5}
