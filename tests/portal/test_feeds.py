"""The Atom feed and sitemap.xml: what readers and search engines get."""
import datetime as dt
import re
import xml.etree.ElementTree as ET

from gongkai.catalog.models import Topic

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def entries(response) -> list[ET.Element]:
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def test_the_atom_feed_gives_the_latest_published_items_with_links(client, published):
    item = published(title="关于组织申报2026年度省科技计划项目的通知")
    response = client.get("/feed/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    [entry] = entries(response)
    assert entry.findtext(f"{ATOM}title") == item.title
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver/items/{item.index_number}/"
    assert "专利权人须提交证明材料" in entry.findtext(f"{ATOM}summary")
    assert entry.find(f"{ATOM}category").get("term") == "科技"


def test_the_feed_holds_the_newest_fifty(client, imported):
    items = imported(55)
    titles = [e.findtext(f"{ATOM}title") for e in entries(client.get("/feed/atom/"))]
    assert titles == [i.title for i in reversed(items[5:])]


def test_the_feed_can_be_one_topic_and_an_unknown_topic_is_a_404(client, imported, topic):
    finance = Topic.objects.get(name="财政")
    imported(2, title="科技", topic=topic)
    imported(1, title="预算", topic=finance, start=dt.date(2026, 1, 1))
    titles = [e.findtext(f"{ATOM}title") for e in entries(client.get(f"/feed/atom/?topic={finance.code}"))]
    assert titles == ["预算（1）"]
    assert client.get("/feed/atom/?topic=nonsense").status_code == 404


def test_the_sitemap_lists_the_portal_pages_and_every_published_item(client, imported):
    items = imported(3)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.iter(f"{SM}loc")]
    assert sections == ["http://testserver/sitemap-pages.xml", "http://testserver/sitemap-items.xml"]
    urls = [loc.text for loc in ET.fromstring(client.get("/sitemap-items.xml").content).iter(f"{SM}loc")]
    assert urls == [f"http://testserver/items/{i.index_number}/" for i in items]
    pages = client.get("/sitemap-pages.xml").content.decode()
    for path in ("/catalog/", "/guide/", "/non-public/"):
        assert f"http://testserver{path}</loc>" in pages


def test_a_large_catalogue_is_split_over_several_sitemap_files(client, imported, monkeypatch):
    from gongkai.portal.sitemaps import ItemSitemap

    monkeypatch.setattr(ItemSitemap, "limit", 2)
    imported(5)
    index = client.get("/sitemap.xml").content.decode()
    assert len(re.findall(r"sitemap-items\.xml", index)) == 3
    assert client.get("/sitemap-items.xml?p=3").status_code == 200
