"""The register of reconsideration and litigation cases (/workbench/oversight/cases/): the agency's
信息员 and 公开主管 add and correct cases, with an audit entry each time; a concluded case needs a
result and a date not before filing; section 四 of the annual report counts from the register."""
import datetime as dt

import pytest
from django.urls import reverse

from gongkai.audit.models import AuditEntry
from gongkai.oversight.models import ReviewCase
from gongkai.reports.annual import annual_figures
from tests.reports.test_annual_figures import app

LIST = reverse("oversight:cases")
NEW = reverse("oversight:case_new")


def case_data(**overrides) -> dict:
    data = {"org": "gzsti", "case_number": "黔府复〔2025〕12号", "application_number": "", "kind": "reconsideration",
            "result": "pending", "filed_on": "2025-03-02", "concluded_on": "", "note": ""}
    data.update(overrides)
    return data


def test_it_registers_a_case_linked_to_an_application_with_an_audit_entry(client, clerk, org):
    app(org, "GK-2025-0007", "natural_person", "2025-01-10", "2025-02-01", "withheld_third_party")
    client.force_login(clerk)
    response = client.post(NEW, case_data(application_number="GK-2025-0007", result="corrected", concluded_on="2025-06-30"))
    assert response.status_code == 302
    case = ReviewCase.objects.get()
    assert (case.application.number, case.result, case.concluded_on) == ("GK-2025-0007", "corrected", dt.date(2025, 6, 30))
    entry = AuditEntry.objects.get(action="review_case.created")
    assert entry.data["case_number"] == "黔府复〔2025〕12号" and entry.actor_id == clerk.pk
    assert "黔府复〔2025〕12号" in client.get(LIST).content.decode()
    assert annual_figures(org, 2025)["reviews"]["reconsideration"]["corrected"] == 1


@pytest.mark.parametrize("overrides, field, message", [
    ({"result": "upheld"}, "concluded_on", "已审结的案件请填写审结日期"),
    ({"concluded_on": "2025-05-01"}, "result", "请选择审结结果"),
    ({"result": "other", "concluded_on": "2025-03-01"}, "concluded_on", "审结日期不能早于受理/立案日期"),
    ({"application_number": "NOPE-1"}, "application_number", "本机关没有登记编号为“NOPE-1”的申请"),
    ({"case_number": " "}, "case_number", "请填写案号"),
    ({"filed_on": "2025-02-30"}, "filed_on", "日期格式应为 年-月-日"),
])
def test_a_bad_case_is_refused_next_to_its_field_with_the_input_kept(client, supervisor, overrides, field, message):
    client.force_login(supervisor)
    response = client.post(NEW, case_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert f'id="id_{field}_error"' in html and 'aria-invalid="true"' in html
    assert "黔府复〔2025〕12号" in html or field == "case_number"  # what was typed is still there
    assert not ReviewCase.objects.exists()


def test_a_case_number_is_registered_once_per_agency(client, clerk):
    client.force_login(clerk)
    client.post(NEW, case_data())
    response = client.post(NEW, case_data())
    assert response.status_code == 400 and "已登记过" in response.content.decode()


def test_editing_records_what_changed(client, clerk, org):
    client.force_login(clerk)
    client.post(NEW, case_data())
    case = ReviewCase.objects.get()
    response = client.post(reverse("oversight:case_edit", args=[case.pk]), case_data(result="upheld", concluded_on="2025-07-01"))
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.result, case.concluded_on) == ("upheld", dt.date(2025, 7, 1))
    changed = AuditEntry.objects.get(action="review_case.updated").data["changed"]
    assert changed["result"] == ["pending", "upheld"] and changed["concluded_on"] == [None, "2025-07-01"]


def test_a_department_head_sees_the_register_but_may_not_add(client, clerk, dept_head):
    client.force_login(clerk)
    client.post(NEW, case_data())
    client.force_login(dept_head)
    assert "黔府复〔2025〕12号" in client.get(LIST).content.decode()
    response = client.post(NEW, case_data(case_number="另一案"))
    assert response.status_code == 403 and ReviewCase.objects.count() == 1


def test_another_agencys_staff_get_404(client, clerk, outsider):
    client.force_login(clerk)
    client.post(NEW, case_data())
    case = ReviewCase.objects.get()
    client.force_login(outsider)
    assert client.get(f"{LIST}?org=gzsti").status_code == 404
    assert client.get(reverse("oversight:case_edit", args=[case.pk])).status_code == 404  # their own agency: not theirs
    assert client.post(reverse("oversight:case_edit", args=[case.pk]), case_data(org="gzsti", result="upheld",
                                                                                 concluded_on="2025-07-01")).status_code == 404
    assert "共 0 件" in client.get(LIST).content.decode()  # their own register is empty
