"""sitemap.xml for search engines: the portal's own pages and every published item.

/sitemap.xml is a sitemap index: a catalogue of 100,000 items exceeds the 50,000 addresses one
sitemap file may hold, so the items are split over pages (/sitemap-items.xml?p=2 …)."""
from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.catalog.models import Item
from gongkai.catalog.selectors import items_public


class PagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self) -> list[str]:
        from .sections import SECTIONS

        names = []
        for section in SECTIONS:
            names.append(section.url_name)
            names.extend(url_name for _, url_name in section.children if url_name != "portal:feed")
        return names + ["portal:sitemap_html"]

    def location(self, name: str) -> str:
        return reverse(name)


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8
    limit = 10_000  # smaller files are quicker to build and fetch than the 50,000 maximum

    def items(self):
        return items_public().order_by("id").only("id", "index_number", "published_at")

    def location(self, item: Item) -> str:
        return reverse("portal:item", kwargs={"key": item.index_number or str(item.pk)})

    def lastmod(self, item: Item):
        return item.published_at


SITEMAPS = {"pages": PagesSitemap, "items": ItemSitemap}
