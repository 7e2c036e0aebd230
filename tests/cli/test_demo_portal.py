"""The newcomer's first run: `gongkai demo` says what it is doing and where to look, the server's access
log stays quiet, and the demo fills the 专栏 (公开制度, 机构职能, 专题), the footer, and plausible dates."""
from __future__ import annotations

import datetime as dt
import io

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from gongkai.core.serving import gunicorn_argv
from gongkai.demo.loader import demo_load
from gongkai.orgs.models import Leader, Organisation
from gongkai.portal.models import Page, Special
from gongkai.reports.models import AnnualReport


def test_the_demo_fills_the_disclosure_column_and_dates_last_years_report_in_january(db, client):
    demo_load()
    org = Organisation.objects.get(code="gzsti")
    assert org.functions and Leader.objects.filter(org=org).count() >= 3
    assert org.departments.exclude(duties="").exclude(phone="").count() >= 10
    assert Page.objects.filter(org=org).count() >= 3
    specials = {s.slug: s for s in Special.objects.all()}
    assert {"innovation-conference", "mass-entrepreneurship"} <= set(specials)
    assert all(s.banner and s.items.exists() for s in specials.values())
    report = AnnualReport.objects.get(org=org, year=timezone.localdate().year - 1)
    published = timezone.localtime(report.finalised_at).date()
    assert published.year == timezone.localdate().year and published.month == 1 and published <= dt.date.today()
    assert "\n" not in org.disclosure_guide.replace(">\n<", "><")  # no line break inside a sentence
    for key in ("police_record", "badge_image", "badge_url", "jiucuo_url", "icp", "site_code"):
        assert settings.GONGKAI_SITE[key], key
    settings.GONGKAI_SITE = {**settings.GONGKAI_SITE, "default_org": "gzsti"}
    html = client.get("/specials/innovation-conference/").content.decode()
    assert "全省科技创新大会" in html and "/items/" in html


def test_the_demo_says_what_it_does_and_how_to_stop_it(db):
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    text = out.getvalue()
    for step in ("正在建立或更新数据库", "正在载入演示机关", "门户网站：http://127.0.0.1:8000/", "演示账号"):
        assert step in text, step


def test_the_demo_server_keeps_no_access_log_and_production_does():
    assert "--access-logfile" not in gunicorn_argv(bind="127.0.0.1:18701", workers=1, access_log=False)
    assert "--access-logfile" in gunicorn_argv(bind="127.0.0.1:18701", workers=1)


def test_the_server_takes_a_request_line_up_to_gunicorns_maximum(tmp_path):
    """A request line of 6 KB (a search of many words) reaches Django, not gunicorn's own HTML 414;
    past gunicorn's maximum (8190 bytes) gunicorn still refuses — the reverse proxy's to answer."""
    import http.client
    import os
    import socket
    import subprocess
    import time

    from gongkai.core.serving import MAX_REQUEST_LINE

    port = next(p for p in range(19850, 19860) if socket.socket().connect_ex(("127.0.0.1", p)) != 0)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DATABASE_", "REDIS_URL", "DJANGO_"))}
    env.update(GONGKAI_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="gongkai.settings", GONGKAI_MANIFEST_STATIC="false")
    server = subprocess.Popen(gunicorn_argv(bind=f"127.0.0.1:{port}", workers=1, access_log=False), env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def get(path):
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", path)
            return conn.getresponse().status
        finally:
            conn.close()

    try:
        for _ in range(300):
            try:
                get("/healthz")
                break
            except OSError:
                time.sleep(0.1)
        assert get("/healthz?q=" + "a" * 6000) == 200  # "GET /healthz?q=aaa… HTTP/1.1": about 6 KB
        assert get("/healthz?q=" + "a" * (MAX_REQUEST_LINE + 10)) == 414
    finally:
        server.terminate()
        server.wait(15)
