"""Django admin speaks Chinese: every app and model of Gongkai has a Chinese name, and the admin's
index shows no English section head (AUDIT, CATALOG, ORGS …)."""
from __future__ import annotations

import re

from django.apps import apps

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_app_and_model_of_gongkai_has_a_chinese_name():
    missing = []
    for config in apps.get_app_configs():
        if not config.name.startswith("gongkai."):
            continue
        if not CJK.search(str(config.verbose_name)):
            missing.append(config.name)
        for model in config.get_models():
            for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
                if not CJK.search(str(name)):
                    missing.append(f"{model._meta.label}: {name}")
    assert missing == []


def test_the_admin_index_shows_chinese_section_heads(admin_client):
    html = admin_client.get("/admin/").content.decode()
    captions = re.findall(r'<caption>\s*<a [^>]*class="section"[^>]*>([^<]+)</a>', html)
    assert captions, html[:500]
    assert all(CJK.search(c) for c in captions), captions
    for english in ("Audit", "Catalog", "Orgs", "Portal", "Search", "Core"):
        assert f">{english}<" not in html
    for chinese in ("政府信息公开目录", "机关与人员", "门户网站", "公开制度", "专题", "法定主动公开内容"):
        assert chinese in html, chinese


def test_admin_form_errors_name_their_field(admin_client, org):
    html = admin_client.post("/admin/portal/page/add/", {"org": org.pk, "title": "", "slug": "x" * 61, "order": 0}).content.decode()
    assert "请填写标题" in html and "网址名不能超过 60 个字符（现有 61 个）" in html
    assert "这个字段是必填项" not in html
