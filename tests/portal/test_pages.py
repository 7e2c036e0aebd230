"""The home page, the guide, the non-public catalogue and the footer every page carries."""
import datetime as dt

import pytest
from django.test import override_settings

from gongkai.catalog import services as catalog
from gongkai.catalog.models import NonPublicCategory
from gongkai.orgs.models import Organisation

from ..conftest import item_data

PAGES = ["/", "/catalog/", "/search/", "/search/?q=专利", "/guide/", "/non-public/"]


def test_it_shows_the_agency_search_box_latest_items_and_topic_links(client, org, published, topic):
    item = published(title="关于组织申报2026年度省科技计划项目的通知")
    html = client.get("/").content.decode()
    assert "贵州省科学技术厅" in html
    assert 'action="/search/"' in html and 'name="q"' in html
    assert item.title in html and f'href="/items/{item.index_number}/"' in html
    assert f'href="/catalog/?topic={topic.code}"' in html
    for url in ("/guide/", "/catalog/", "/non-public/"):
        assert f'href="{url}"' in html


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_the_government_site_footer(client, org, url):
    site = {
        "name": "测试平台", "sponsor": "贵州省科学技术厅", "organizer": "贵州省科技信息中心", "address": "贵阳市观山湖区",
        "phone": "0851-12345678", "email": "gk@example.gov.cn", "site_code": "5200000042", "icp": "黔ICP备12345678号",
        "police_record": "贵公网安备52011502000001号", "default_org": "",
    }
    with override_settings(GONGKAI_SITE=site):
        html = client.get(url).content.decode()
    for text in ("主办单位", "贵州省科学技术厅", "承办单位", "贵州省科技信息中心", "贵阳市观山湖区", "0851-12345678",
                 "gk@example.gov.cn", "网站标识码", "5200000042", "黔ICP备12345678号", "贵公网安备52011502000001号"):
        assert text in html, text
    assert 'href="https://beian.miit.gov.cn/"' in html
    assert '<html lang="zh-CN">' in html and 'name="viewport"' in html
    assert 'type="application/atom+xml"' in html and 'href="/feed/atom/"' in html


@pytest.mark.parametrize("url", PAGES + ["/feed/atom/", "/sitemap.xml", "/sitemap-items.xml", "/robots.txt"])
def test_a_fresh_installation_without_any_agency_still_answers(client, db, url):
    assert client.get(url).status_code == 200


def test_the_guide_is_the_default_agencys_and_is_cleaned_again_when_shown(client, org, other_org, settings):
    org.disclosure_guide = '<h2>一、主动公开</h2><p onclick="steal()">本机关主动公开的信息</p><script>alert(1)</script>'
    org.office_hours = "工作日 9:00-17:00"
    org.save()
    other_org.disclosure_guide = "<p>教育厅的指南</p>"
    other_org.save()
    html = client.get("/guide/").content.decode()
    assert "一、主动公开" in html and "本机关主动公开的信息" in html and "工作日 9:00-17:00" in html
    assert "<script>alert" not in html and "steal()" not in html and "教育厅的指南" not in html
    settings.GONGKAI_SITE = {**settings.GONGKAI_SITE, "default_org": other_org.code}
    assert "教育厅的指南" in client.get("/guide/").content.decode()


def test_the_non_public_catalogue_lists_each_category_with_its_basis(client, org):
    NonPublicCategory.objects.create(org=org, name="国家秘密", description="依法确定为国家秘密的政府信息", basis="《政府信息公开条例》第十四条")
    NonPublicCategory.objects.create(org=org, name="过程性信息", description="讨论记录、过程稿", basis="《政府信息公开条例》第十六条第二款", order=2)
    html = client.get("/non-public/").content.decode()
    for text in ("国家秘密", "依法确定为国家秘密的政府信息", "第十四条", "过程性信息", "第十六条第二款"):
        assert text in html
    assert html.index("国家秘密") < html.index("过程性信息")


def test_the_default_agency_is_the_first_at_the_top_of_the_tree_unless_settings_name_one(client, org, other_org, settings):
    Organisation.objects.create(code="sub", name="贵州省科技信息中心", parent=org)
    assert "贵州省科学技术厅" in client.get("/").content.decode()
    settings.GONGKAI_SITE = {**settings.GONGKAI_SITE, "default_org": other_org.code}
    assert "贵州省教育厅" in client.get("/").content.decode()


def test_a_missing_page_is_a_404_with_the_portals_look(client, org):
    response = client.get("/items/does-not-exist/")
    assert response.status_code == 404
    assert "不存在" in response.content.decode() and "主办单位" in response.content.decode()


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_back_office(client, db):
    text = client.get("/robots.txt").content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /workbench/" in text and "Disallow: /admin/" in text


def test_portal_pages_refuse_to_be_posted_to(client, db):
    assert client.post("/catalog/").status_code == 405


def test_without_a_setting_the_default_agency_is_the_first_that_publishes(client, org):
    # org (created first, no parent) publishes nothing; a province's agency does.
    province = Organisation.objects.create(code="gz", name="贵州省人民政府")
    agency = Organisation.objects.create(code="gzdrc", name="贵州省发展和改革委员会", parent=province)
    catalog.item_import(org=agency, row=catalog.ImportedItem(data=item_data(), index_number=None, published_on=dt.date(2026, 1, 5)))
    assert "贵州省发展和改革委员会政府信息公开指南" in client.get("/guide/").content.decode()



@pytest.mark.parametrize("url", PAGES)
def test_no_template_comment_or_tag_leaks_into_a_page(client, org, url):
    html = client.get(url).content.decode()
    assert "{#" not in html and "#}" not in html and "{%" not in html and "{{" not in html
