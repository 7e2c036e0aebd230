"""The demo agency `gongkai demo` loads: deterministic, idempotent, one login per role, work in every
queue, and the parts of the portal a newcomer looks at (guide, non-public catalogue, search)."""
from django.contrib.auth import authenticate
from django.contrib.auth.models import User

from gongkai.audit.models import AuditEntry
from gongkai.catalog.models import Attachment, Item, NonPublicCategory, Revision
from gongkai.demo import data
from gongkai.demo.content import demo_items
from gongkai.demo.loader import demo_load
from gongkai.orgs.models import Department, Membership, Organisation
from gongkai.orgs.selectors import has_role
from gongkai.search.selectors import search_items


def _counts() -> dict:
    models = (Organisation, Department, User, Membership, Item, Revision, Attachment, NonPublicCategory, AuditEntry)
    return {model.__name__: model.objects.count() for model in models}


def test_it_generates_the_same_few_hundred_varied_items_every_time():
    first, second = demo_items(), demo_items()
    assert [(i.title, i.published_on, i.document_number) for i in first] == \
           [(i.title, i.published_on, i.document_number) for i in second]
    assert 250 <= len(first) <= 400
    assert {i.published_on.year for i in first} == {2023, 2024, 2025, 2026}
    kinds = {i.kind for i in first}
    assert {"notice", "news", "normative_document", "regulation", "budget", "project_notice", "interpretation",
            "statistics", "plan"} <= kinds
    assert any("三公" in i.title for i in first) and any("部门决算" in i.title for i in first)
    assert {i.validity for i in first} == {"valid", "expired", "repealed"}
    assert len({i.title for i in first}) == len(first)


def test_it_loads_the_demo_agency_once_and_a_second_run_changes_nothing(db):
    summary = demo_load()
    counts = _counts()
    again = demo_load()
    assert _counts() == counts
    assert again["items"] == summary["items"] and again["loaded_items"] is False

    org = Organisation.objects.get(code="gzsti")
    assert org.parent.code == "gz" and org.credit_code == "11520000009390012X"
    assert {"办公室", "政策法规与创新体系建设处", "贵州省科技信息中心"} <= set(org.departments.values_list("name", flat=True))
    published = Item.objects.filter(org=org, status=Item.Status.PUBLISHED)
    assert published.count() >= 250
    assert not published.filter(index_number__isnull=True).exists()
    assert search_items("专利").count > 10 and search_items("贵阳").count > 10
    assert Item.objects.filter(status=Item.Status.WITHDRAWN).count() == 1
    assert "依申请公开" in org.disclosure_guide and "收费" in org.disclosure_guide
    bases = dict(NonPublicCategory.objects.filter(org=org).values_list("name", "basis"))
    assert "第十四条" in bases["国家秘密"] and "第十五条" in bases["商业秘密"]
    assert "第十六条第一款" in bases["内部事务信息"] and "第十六条第二款" in bases["过程性信息"]
    assert Attachment.objects.filter(revision__item__status=Item.Status.PUBLISHED).count() > 20


def test_it_gives_one_working_login_per_role_with_work_waiting_in_each_queue(db):
    summary = demo_load()
    logins = {login.username: login.password for login in summary["logins"]}
    users = {name: authenticate(username=name, password=password) for name, password in logins.items()}
    assert all(users.values()), "every printed demo password logs in"
    org = Organisation.objects.get(code="gzsti")
    office, policy = (Department.objects.get(org=org, name=n) for n in ("办公室", "政策法规与创新体系建设处"))
    assert has_role(users["xinxiyuan"], org, "clerk", office)
    assert has_role(users["chuzhang"], org, "dept_head", policy) and has_role(users["chuzhang"], org, "dept_head", office)
    assert has_role(users["zhuguan"], org, "supervisor")
    # 三员分立: three administrators, one duty each, none a superuser, none with a review-chain post.
    from gongkai.accounts.backends import duty_of

    assert {name: duty_of(users[name]) for name in ("admin", "anquan", "shenji")} == \
        {"admin": "system", "anquan": "security", "shenji": "audit"}
    assert all(users[n].is_staff and not users[n].is_superuser and not has_role(users[n], org, "clerk")
               for n in ("admin", "anquan", "shenji"))
    assert not User.objects.filter(is_superuser=True).exists()
    assert not any(users[name].is_staff for name, *_ in data.USERS)
    statuses = set(Revision.objects.filter(item__org=org).values_list("status", flat=True))
    assert {"draft", "dept_review", "secrecy_review", "returned", "approved"} <= statuses
    # Nothing still under review reaches the public.
    under_review = Revision.objects.filter(item__org=org, status__in=["draft", "dept_review", "secrecy_review", "returned", "approved"],
                                           item__published_revision__isnull=True).select_related("item")
    assert under_review.count() >= 5
    for revision in under_review:
        assert revision.item.status == Item.Status.UNPUBLISHED
        assert revision.item.pk not in search_items(revision.title).ids


def test_the_portal_shows_last_years_finalised_report_and_it_adds_up(db, client):
    from django.utils import timezone

    from gongkai.reports.annual import consistency
    from gongkai.reports.models import AnnualReport

    demo_load()
    year = timezone.localdate().year - 1
    report = AnnualReport.objects.get(org__code="gzsti", year=year)
    assert report.status == "final" and consistency(report.figures) == []
    assert report.figures["applications"]["rows"]["new"]["total"] > 0
    assert f"{year}年政府信息公开工作年度报告" in client.get("/reports/").content.decode()
    demo_load()
    assert AnnualReport.objects.filter(org__code="gzsti", year=year).count() == 1
