"""The door every staff page shares (gongkai.workbench.access), checked on one page of each app that
uses it: anonymous visitors go to the login page; a signed-in user with no role anywhere is told so
(403); a page about one agency (?org=) answers 404 for an agency that is not the user's, exactly as for
one that does not exist, and without ?org= it is about the user's own agency."""
from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from .conftest import client_for, page_text


def _staff_pages() -> list[str]:
    return [reverse("workbench:home"), reverse("applications_staff:queue"), reverse("oversight:cases"),
            reverse("reports_staff:index")]


def _agency_pages() -> list[str]:
    return [reverse("oversight:cases"), reverse("reports_staff:index")]


def test_anonymous_visitors_are_sent_to_the_login_page(db):
    for url in _staff_pages():
        response = Client().get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("workbench:login")), url


def test_a_user_without_any_role_is_told_so_on_every_staff_page(db):
    client = client_for(User.objects.create_user("nobody", password="Gongkai-test-2026"))
    for url in _staff_pages():
        response = client.get(url)
        assert response.status_code == 403 and "尚未分配岗位" in page_text(response), url


def test_another_agency_or_a_missing_one_is_404_alike(clerk, other_org):
    client = client_for(clerk)  # clerk of gzsti; gzedu exists but is not theirs
    for url in _agency_pages():
        assert client.get(f"{url}?org=gzedu").status_code == 404, url
        assert client.get(f"{url}?org=nosuch").status_code == 404, url
        assert client.get(f"{url}?org=gzsti").status_code in (200, 302), url


def test_without_org_the_page_is_about_the_users_own_agency(clerk, org):
    client = client_for(clerk)
    cases = client.get(reverse("oversight:cases"))
    assert cases.status_code == 200 and org.name in page_text(cases)
    report = client.get(reverse("reports_staff:index"))  # redirects to last year's report of that agency
    assert report.status_code == 302 and "org=gzsti" in report.url
