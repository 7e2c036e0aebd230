"""The 政府信息公开专栏's columns: each is in the menu, the HTML 网站地图 and sitemap.xml; 公开制度,
法定主动公开内容, 机构职能 and 专题 show what staff entered, and nothing unpublished."""
from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile

from gongkai.core.text import tidy_cjk
from gongkai.orgs.models import Department, Leader
from gongkai.portal.models import Page, Special, StatutoryCategory, chinese_number
from gongkai.portal.sections import SECTIONS

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde\x00\x00"
       b"\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")


def nav_links(html: str) -> dict[str, str]:
    nav = html[html.index('aria-label="主导航"'):]
    nav = nav[: nav.index("</nav>")]
    return {label: href for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


@pytest.mark.parametrize("section", SECTIONS, ids=lambda s: s.url_name)
def test_it_lists_each_column_in_the_menu_the_html_sitemap_and_sitemap_xml(client, org, section):
    menu = nav_links(client.get("/").content.decode())
    assert section.url in menu.values(), f"{section.name} is not in the menu: {menu}"
    assert client.get(section.url).status_code == 200
    sitemap = client.get("/sitemap/").content.decode()
    assert f'href="{section.url}"' in sitemap and section.name in sitemap
    assert f"http://testserver{section.url}</loc>" in client.get("/sitemap-pages.xml").content.decode()


def test_it_names_the_columns_of_a_complete_disclosure_section_in_the_menu(client, org):
    menu = nav_links(client.get("/").content.decode())
    for label in ("公开指南", "公开制度", "法定主动公开", "机构职能", "公开目录", "依申请公开", "政府信息公开年报", "专题"):
        assert label in menu, label


def test_the_footer_links_to_the_html_sitemap_and_the_home_page_to_applications_and_reports(client, org):
    html = client.get("/").content.decode()
    footer = html[html.index('<footer'):]
    assert 'href="/sitemap/">网站地图</a>' in footer and "sitemap.xml" not in footer
    quick = html[html.index('class="quick-links"'):]
    for href in ("/on-request/", "/statistics/applications/", "/reports/"):
        assert f'href="{href}"' in quick, href


def test_the_footer_carries_the_government_site_marks(client, org, settings):
    settings.GONGKAI_SITE = {**settings.GONGKAI_SITE, "badge_url": "https://bszs.conac.cn/sitename?method=show&id=42",
                             "jiucuo_url": "https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5200000042",
                             "police_record": "贵公网安备52011502000001号", "logo": "https://example.gov.cn/logo.png"}
    html = client.get("/guide/").content.decode()
    assert 'href="https://bszs.conac.cn/sitename?method=show&amp;id=42"' in html and 'alt="党政机关网站标识' in html
    assert ">我为政府网站找错<" in html and "jiucuo.html?site_code=5200000042" in html
    assert "贵公网安备52011502000001号" in html and "code=52011502000001" in html
    assert 'src="https://example.gov.cn/logo.png"' in html
    assert 'rel="icon"' in html
    assert client.get("/favicon.ico").status_code == 301


def test_the_catalogue_filter_calls_departments_by_their_name(client, org, published, dept):
    published(title="关于组织申报2026年度省科技计划项目的通知")
    html = client.get("/catalog/").content.decode()
    assert "责任处室" in html and "发布机构" not in html


def test_the_rule_pages_show_cleaned_html_and_hide_what_is_not_public(client, org, other_org):
    Page.objects.create(org=org, slug="secrecy", title="保密审查制度", body='<p onclick="x()">第一条 未经审查，\n不得公开。</p><script>alert(1)</script>')
    Page.objects.create(org=org, slug="draft", title="尚未公布的制度", is_public=False)
    Page.objects.create(org=other_org, slug="other", title="教育厅的制度")
    listing = client.get("/rules/").content.decode()
    assert "保密审查制度" in listing and "尚未公布的制度" not in listing and "教育厅的制度" not in listing
    page = client.get("/rules/secrecy/").content.decode()
    assert "第一条 未经审查，不得公开。" in page and "onclick" not in page and "<script>alert" not in page
    assert client.get("/rules/draft/").status_code == 404
    assert client.get("/rules/other/").status_code == 404


def test_the_statutory_content_lists_the_fifteen_items_with_the_items_of_their_kinds(client, org, published, imported, django_assert_max_num_queries):
    published(title="贵州省科技计划项目管理办法", kind="normative_document")
    imported(3, title="2026年部门预算", kind="budget")
    assert StatutoryCategory.objects.count() == 15
    with django_assert_max_num_queries(25):
        html = client.get("/statutory/").content.decode()
    for number in range(1, 16):
        assert f"（{chinese_number(number)}）" in html
    assert "贵州省科技计划项目管理办法" in html and "2026年部门预算（1）" in html
    budget = client.get("/statutory/7/").content.decode()
    assert "2026年部门预算（3）" in budget and "贵州省科技计划项目管理办法" not in budget
    assert client.get("/statutory/16/").status_code == 404


def test_the_statutory_overview_costs_the_same_queries_for_many_items(client, org, imported, django_assert_num_queries):
    imported(2, kind="budget")
    client.get("/statutory/")  # warm the cached default agency
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get("/statutory/")
    imported(30, kind="budget", title="部门决算")
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/statutory/")


def test_the_functions_page_shows_functions_leaders_and_departments_with_contacts(client, org, dept):
    org.functions = "<p>拟订全省科技发展规划和政策。</p>"
    org.address, org.phone = "贵阳市观山湖区林城西路", "0851-88888888"
    org.save()
    Leader.objects.create(org=org, name="张三", title="厅长", duties="主持全面工作。")
    Department.objects.filter(pk=dept.pk).update(duties="拟订科技创新政策法规。", phone="0851-88880001")
    html = client.get("/functions/").content.decode()
    for text in ("拟订全省科技发展规划和政策。", "厅长", "张三", "主持全面工作。", dept.name, "拟订科技创新政策法规。",
                 "0851-88880001", "贵阳市观山湖区林城西路"):
        assert text in html, text


def test_a_special_shows_its_banner_description_and_only_published_items(client, org, published, make_item):
    shown = published(title="全省科技创新大会在贵阳召开")
    hidden = make_item(title="尚在审核的会议材料")
    special = Special(org=org, slug="innovation-conference", title="全省科技创新大会", description="<p>大会专题。</p>")
    special.banner.save("banner.png", ContentFile(PNG), save=False)
    special.save()
    special.items.set([shown, hidden])
    Special.objects.create(org=org, slug="hidden", title="未上线的专题", is_public=False)
    listing = client.get("/specials/").content.decode()
    assert "全省科技创新大会" in listing and "未上线的专题" not in listing
    html = client.get("/specials/innovation-conference/").content.decode()
    assert "大会专题。" in html and "全省科技创新大会在贵阳召开" in html and "尚在审核的会议材料" not in html
    banner = client.get("/specials/innovation-conference/banner")
    assert banner.status_code == 200 and banner["Content-Type"] == "image/png"
    assert client.get("/specials/hidden/").status_code == 404


def test_the_admin_tags_items_into_a_special_by_index_number(admin_client, org, published):
    item = published(title="大众创业万众创新活动周启动")
    response = admin_client.post("/admin/portal/special/add/", {
        "org": org.pk, "title": "大众创业万众创新", "slug": "mass-entrepreneurship", "banner_alt": "",
        "description": '<p onclick="x()">双创专题</p>', "index_numbers": f"{item.index_number}\n", "order": 0, "is_public": "on",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    special = Special.objects.get(slug="mass-entrepreneurship")
    assert list(special.items.all()) == [item] and special.description == "<p>双创专题</p>"
    refused = admin_client.post("/admin/portal/special/add/", {
        "org": org.pk, "title": "另一个", "slug": "another", "index_numbers": "不存在的索引号", "order": 0,
    })
    assert "找不到索引号为 不存在的索引号 的条目" in refused.content.decode()


@pytest.mark.parametrize(("before", "after"), [
    ("编制本指南。\n申请人获取", "编制本指南。申请人获取"),
    ("公开范围\n    包括", "公开范围包括"),
    ("（《条例》第三十三条）。\r\n征求", "（《条例》第三十三条）。征求"),
    ("法定工作日 上午", "法定工作日 上午"),  # a space someone typed is theirs to keep
    ("9:00\n下午", "9:00\n下午"),  # not between two Chinese characters
])
def test_it_joins_lines_broken_inside_a_chinese_sentence(before, after):
    assert tidy_cjk(before) == after


def test_the_guide_shows_no_line_break_spaces_inside_sentences(client, org):
    org.disclosure_guide = "<p>为了更好地提供政府信息公开服务，编制本指南。\n申请人获取政府信息前，请仔细阅读本指南。</p>"
    org.save()
    assert "编制本指南。申请人获取" in client.get("/guide/").content.decode()
