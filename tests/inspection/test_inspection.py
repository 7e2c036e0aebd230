"""A self-inspection run over an agency's records: the CLI's JSON (cli.md), the history it keeps, early
warnings, the workbench page and its exports, and a higher body's overview."""
import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from gongkai.applications import services as applications
from gongkai.catalog.models import Item
from gongkai.inspection.models import InspectionRun, InspectionSettings, MandatoryDisclosure
from gongkai.orgs.models import Organisation
from gongkai.tasks.models import Job
from tests.applications.conftest import person

D = dt.date


def published(org, title, *, kind="notice", created_on, published_on, body=""):
    return Item.objects.create(org=org, title=title, kind=kind, created_on=created_on, published_on=published_on,
                               status=Item.Status.PUBLISHED, body=body)


def inspect(org, on: str) -> dict:
    out = io.StringIO()
    call_command("inspect", "--org", org.code, "--on", on, stdout=out)
    return json.loads(out.getvalue())


def rules_of(document) -> dict:
    return {f["rule"]: f for f in document["findings"]}


@pytest.fixture
def quiet_columns(org):
    """Only the news and notice columns, so that each test reads only the rules it is about."""
    return InspectionSettings.objects.create(org=org, columns=["news", "notice"])


def test_it_prints_one_finding_per_failing_rule_with_since_and_records(org, quiet_columns):
    published(org, "工作动态一", kind="news", created_on=D(2026, 3, 1), published_on=D(2026, 3, 6))
    published(org, "通知一", kind="notice", created_on=D(2026, 2, 12), published_on=D(2026, 3, 19))  # 21st working day
    doc = inspect(org, "2026-03-20")
    found = rules_of(doc)
    assert doc["org"] == "gzsti" and doc["on"] == "2026-03-20"
    # Home: last published 03-19, inside the 14 days. News: 03-06 is D−14 → stale since 03-20.
    assert "home_stale" not in found
    assert found["column_stale"]["records"][0]["id"] == "news"
    assert found["column_stale"]["since"] == "2026-03-20"
    late = found["publication_late"]
    assert (late["severity"], late["count"], late["records"][0]["label"]) == ("deduct", 1, "通知一")
    assert doc["score"] == 90 and doc["passed"] is True  # two deductions of 5


def test_it_vetoes_an_overdue_application_and_warns_before(org, clerk, quiet_columns):
    published(org, "通知", created_on=D(2026, 3, 10), published_on=D(2026, 3, 16))
    published(org, "动态", kind="news", created_on=D(2026, 3, 10), published_on=D(2026, 3, 16))
    # Received by letter on Thu 2026-02-12: due the 20th working day after, 2026-03-18 (春节 15–23 Feb,
    # 14 and 28 Feb 调休上班 — counted in tests/inspection/test_rules.py).
    app = applications.application_register(org=org, by=clerk, data=person(), channel="letter", received_on=D(2026, 2, 12))
    app.refresh_from_db()
    assert app.effective_due_on == D(2026, 3, 18)
    before = inspect(org, "2026-03-16")
    assert "application_overdue" not in rules_of(before)
    assert [w["rule"] for w in before["warnings"]] == ["application_overdue"]
    assert before["warnings"][0]["on"] == "2026-03-19"
    after = inspect(org, "2026-03-19")
    overdue = rules_of(after)["application_overdue"]
    assert (overdue["severity"], overdue["since"]) == ("veto", "2026-03-19")
    assert overdue["records"][0]["url"].startswith(reverse("applications_staff:case", args=[app.pk]))
    assert after["passed"] is False


def test_it_finds_a_mandatory_disclosure_not_published_by_its_due_date(org, quiet_columns):
    budget = MandatoryDisclosure.objects.create(org=org, year=2026, kind="budget", name="2026年部门预算", due_on=D(2026, 3, 31))
    published(org, "动态", kind="news", created_on=D(2026, 3, 30), published_on=D(2026, 4, 1))
    assert "mandatory_missing" not in rules_of(inspect(org, "2026-03-31"))
    assert rules_of(inspect(org, "2026-04-01"))["mandatory_missing"]["records"][0]["label"] == "2026年部门预算"
    budget.item = published(org, "2026年部门预算", kind="budget", created_on=D(2026, 3, 25), published_on=D(2026, 3, 31))
    budget.save()
    assert "mandatory_missing" not in rules_of(inspect(org, "2026-04-01"))


def test_it_finds_empty_columns_and_keeps_since_from_the_first_run(org):
    InspectionSettings.objects.create(org=org, columns=["news", "budget"])
    published(org, "动态", kind="news", created_on=D(2026, 3, 1), published_on=D(2026, 3, 2))
    first = rules_of(inspect(org, "2026-03-05"))["column_empty"]
    assert [r["id"] for r in first["records"]] == ["budget"] and first["since"] == "2026-03-05"
    again = rules_of(inspect(org, "2026-03-09"))["column_empty"]
    assert again["since"] == "2026-03-05"  # open since the first run that saw it
    assert InspectionRun.objects.filter(org=org).count() == 2


def test_it_names_broken_internal_links_and_missing_attachment_files(org, quiet_columns):
    target = published(org, "已发布的通知", created_on=D(2026, 3, 1), published_on=D(2026, 3, 2))
    hidden = Item.objects.create(org=org, title="草稿", kind="notice", created_on=D(2026, 3, 1), index_number="X/2026-9")
    body = (f'<p><a href="/items/{target.pk}/">好的链接</a> <a href="/items/{hidden.index_number}/">未发布</a>'
            '<a href="/no-such-page/">断链</a> <a href="https://www.gov.cn/">外部</a></p>')
    published(org, "有链接的通知", created_on=D(2026, 3, 1), published_on=D(2026, 3, 2), body=body)
    links = rules_of(inspect(org, "2026-03-05"))["link_broken"]
    assert links["severity"] == "warn" and links["count"] == 2
    assert sorted(r["label"].split("：")[1] for r in links["records"]) == ["/items/X/2026-9/", "/no-such-page/"]


@pytest.mark.parametrize("args, message", [(["--org", "nope"], "没有代码为“nope”的机关"),
                                           (["--org", "gzsti", "--on", "2026-13-01"], "检查日期")])
def test_it_refuses_an_unknown_agency_and_a_bad_date(org, args, message):
    with pytest.raises(CommandError) as refused:
        call_command("inspect", *args)
    assert refused.value.returncode == 2 and message in str(refused.value)
    assert not InspectionRun.objects.exists()


def _login(client, user):
    client.force_login(user)


def test_it_shows_the_newest_run_to_the_agency_and_404_to_another(client, org, supervisor, outsider, quiet_columns):
    _login(client, supervisor)
    with TestCase.captureOnCommitCallbacks(execute=True):  # the commit: inline mode runs the job
        response = client.post(reverse("inspection:run"), {"org": org.code})
    assert response.status_code == 302
    page = client.get(reverse("inspection:index") + f"?org={org.code}")
    assert page.status_code == 200 and "不合格" in page.content.decode()  # nothing published: home_stale
    client.logout()
    _login(client, outsider)
    assert client.get(reverse("inspection:index") + f"?org={org.code}").status_code == 404
    run = InspectionRun.objects.get(org=org)
    assert client.get(reverse("inspection:export", args=[run.pk, "docx"]) + f"?org={org.code}").status_code == 404


def test_run_now_answers_at_once_with_the_job_page_and_the_job_runs_the_inspection(client, org, supervisor, outsider,
                                                                                     quiet_columns):
    """"立即自查" queues a job (decision 0054) and answers with its progress page; the run happens in the
    worker — here inline, once the request's writes commit — and the page then links to the result."""
    _login(client, supervisor)
    with TestCase.captureOnCommitCallbacks() as sent:
        response = client.post(reverse("inspection:run"), {"org": org.code})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("tasks:job", args=[job.pk])
    assert (job.kind, job.state, job.org, job.created_by) == ("inspection.run", "queued", org, supervisor)
    assert not InspectionRun.objects.exists(), "nothing ran inside the request"
    page = client.get(reverse("inspection:index") + f"?org={org.code}").content.decode()
    assert "自查正在后台进行" in page and f'href="/workbench/tasks/{job.pk}/"' in page
    progress = client.get(reverse("tasks:job", args=[job.pk])).content.decode()
    assert "排队等待" in progress and 'http-equiv="refresh"' in progress

    for callback in sent:  # the commit
        callback()
    job.refresh_from_db()
    run = InspectionRun.objects.get(org=org)
    assert (job.state, job.done, job.total) == ("done", 3, 3)
    assert job.result == {"inspection_run": run.pk, "score": run.score, "passed": False,
                          "page": f"/workbench/inspection/?org={org.code}"}
    assert run.ran_by == supervisor and run.on == timezone.localdate()
    progress = client.get(reverse("tasks:job", args=[job.pk])).content.decode()
    assert "已完成" in progress and f"得分 {run.score} 分，结论：不合格" in progress
    assert f'href="/workbench/inspection/?org={org.code}"' in progress and "http-equiv" not in progress
    page = client.get(reverse("inspection:index") + f"?org={org.code}").content.decode()
    assert "自查正在后台进行" not in page and "不合格" in page

    client.logout()
    _login(client, outsider)  # another agency's staff: neither the job nor its result
    assert client.get(reverse("tasks:job", args=[job.pk])).status_code == 404


def test_it_exports_the_report_as_docx_and_xlsx(client, org, supervisor, quiet_columns):
    from docx import Document
    from openpyxl import load_workbook

    run = InspectionRun.objects.create(org=org, on=D(2026, 3, 20), score=95, passed=False, findings=[
        {"rule": "home_stale", "severity": "veto", "count": 1, "since": "2026-03-20", "records": [{"type": "column", "id": "home", "label": "首页", "since": "2026-03-20", "url": ""}]},
    ])
    _login(client, supervisor)
    xlsx = client.get(reverse("inspection:export", args=[run.pk, "xlsx"]) + f"?org={org.code}")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content if xlsx.streaming else [xlsx.content]))).active
    assert sheet["A4"].value == "首页两周未更新" and sheet["C4"].value == "单项否决" and sheet["F4"].value == "首页"
    docx = client.get(reverse("inspection:export", args=[run.pk, "docx"]) + f"?org={org.code}")
    document = Document(io.BytesIO(docx.content))
    assert "结论：不合格" in document.paragraphs[1].text
    assert document.tables[0].rows[1].cells[0].text == "首页两周未更新"


def test_it_shows_a_higher_body_every_agency_under_it(client, supervisor, org):
    province = Organisation.objects.create(code="gzgov", name="贵州省人民政府")
    org.parent = province
    org.save()
    for i in range(3):
        Organisation.objects.create(code=f"sub{i}", name=f"下级{i}", parent=province)
    InspectionRun.objects.create(org=org, on=D(2026, 3, 1), score=80, passed=True, findings=[])
    InspectionRun.objects.create(org=org, on=D(2026, 3, 2), score=70, passed=False, findings=[])
    from gongkai.orgs.models import Membership, Role
    Membership.objects.create(user=supervisor, org=province, role=Role.SUPERVISOR)
    _login(client, supervisor)
    page = client.get(reverse("inspection:tree") + "?org=gzgov").content.decode()
    assert "贵州省科学技术厅" in page and "70" in page and page.count("尚未自查") == 3


def test_it_finds_a_policy_document_without_a_published_interpretation(org, quiet_columns):
    rule = published(org, "贵州省科技计划管理办法", kind="normative_document", created_on=D(2026, 3, 1), published_on=D(2026, 3, 5))
    published(org, "动态", kind="news", created_on=D(2026, 3, 10), published_on=D(2026, 3, 10))
    missing = rules_of(inspect(org, "2026-03-12"))["interpretation_missing"]
    assert [r["id"] for r in missing["records"]] == [rule.pk] and missing["since"] == "2026-03-05"
    interpretation = published(org, "《贵州省科技计划管理办法》解读", kind="interpretation", created_on=D(2026, 3, 5),
                               published_on=D(2026, 3, 13))
    interpretation.interprets = rule
    interpretation.save()
    assert "interpretation_missing" in rules_of(inspect(org, "2026-03-12"))  # not yet published on that day
    assert "interpretation_missing" not in rules_of(inspect(org, "2026-03-13"))


def test_it_finds_a_suggestion_result_published_late(org, quiet_columns):
    from gongkai.consultation.models import Suggestion

    published(org, "动态", kind="news", created_on=D(2026, 3, 10), published_on=D(2026, 3, 17))
    # Answered 2026-02-12; the result is due within 20 working days: 2026-03-18 (counted in test_rules.py).
    s = Suggestion.objects.create(org=org, number="省十四届人大四次会议第123号", kind="deputy", title="关于加强科技成果转化的建议",
                                  replied_on=D(2026, 2, 12), status="replied")
    assert "suggestion_result_late" not in rules_of(inspect(org, "2026-03-18"))
    late = rules_of(inspect(org, "2026-03-19"))["suggestion_result_late"]
    assert late["records"][0]["label"] == "省十四届人大四次会议第123号" and late["since"] == "2026-03-19"
    s.result_published_on, s.status = D(2026, 3, 18), "published"
    s.save()
    assert "suggestion_result_late" not in rules_of(inspect(org, "2026-03-19"))


def test_it_vetoes_a_running_new_media_channel_silent_for_14_days(org, quiet_columns):
    from gongkai.publicity.models import Channel, Post

    published(org, "动态", kind="news", created_on=D(2026, 3, 10), published_on=D(2026, 3, 17))
    weibo = Channel.objects.create(org=org, code="weibo", name="官方微博", kind="new_media", opened_on=D(2025, 1, 1))
    Channel.objects.create(org=org, code="oldwx", name="旧公众号", kind="new_media", opened_on=D(2020, 1, 1), closed_on=D(2025, 6, 1))
    Post.objects.create(org=org, channel=weibo, posted_on=D(2026, 3, 6), title="发布")
    assert "new_media_silent" not in rules_of(inspect(org, "2026-03-19"))  # 3-06 is D−13
    silent = rules_of(inspect(org, "2026-03-20"))["new_media_silent"]
    assert [r["id"] for r in silent["records"]] == ["weibo"]  # the closed channel does not run
    assert (silent["severity"], silent["since"]) == ("veto", "2026-03-20")
