"""Headers: a strict Content-Security-Policy (no inline script anywhere), Permissions-Policy on every
answer, and pages that need nothing the policy forbids: no <script> body, no on…= handler, no
style= attribute, on the portal, the workbench and Django admin. (HSTS in production and a clean
`gongkai check --deploy`: tests/test_deploy_check.py.)"""
from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from gongkai.applications import services as applications
from tests.applications.conftest import person

from .conftest import sign_in


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, event-handler attributes, style attributes."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=…>")
            if name == "style":
                self.found.append(f"<{tag} style=…>")
            if name == "href" and (value or "").lower().startswith("javascript:"):
                self.found.append(f"<{tag} href=javascript:…>")
        self._in_script = tag == "script" and "src" not in names and names.get("type") not in ("application/json", "application/ld+json")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"<script>{data.strip()[:60]}…")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_every_answer_carries_a_strict_csp_and_the_permissions_policy(client, db):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    directives = dict((part.split(" ", 1) + [""])[:2] for part in csp.split("; "))
    assert directives["script-src"] == "'self'" and directives["default-src"] == "'self'"
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    policy = response["Permissions-Policy"]
    assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
    assert client.get("/api/v1/items").has_header("Content-Security-Policy")


def test_the_public_pages_have_no_inline_code(client, org, draft, publish):
    item = publish(draft)
    for url in ["/", "/catalog/", reverse("portal:item", args=[item.index_number]), "/search/?q=科技", "/guide/", "/apply/", "/track/",
                "/reports/", "/api/v1/docs", "/workbench/login/"]:
        response = client.get(url)
        assert response.status_code in (200, 302), url
        assert inline_code(response.content.decode()) == [], url


def test_the_workbench_and_admin_have_no_inline_code(client, org, clerk, draft, system_admin):
    app = applications.application_register(org=org, by=clerk, data=person(), channel="letter",
                                            received_on=dt.date.today() - dt.timedelta(days=2))
    client.force_login(clerk)
    case = client.get(reverse("applications_staff:case", args=[app.pk])).content.decode()
    assert "case_actions.js" in case  # the script that fills in the legal basis, now a static file
    pages = {"case": case}
    for url in ["/workbench/", "/workbench/items/", f"/workbench/items/{draft.pk}/", "/workbench/items/new/",
                "/workbench/applications/", "/workbench/account/password/", "/workbench/account/otp/enrol/"]:
        pages[url] = client.get(url).content.decode()
    client.logout()
    sign_in(client, system_admin, remote="10.11.0.1")
    for url in ["/admin/", "/admin/orgs/organisation/", f"/admin/orgs/organisation/{org.pk}/change/",
                "/admin/auth/user/add/", "/admin/workdays/calendaroverride/add/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    for url, html in pages.items():
        assert inline_code(html) == [], url
