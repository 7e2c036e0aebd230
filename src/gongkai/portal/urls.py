"""The portal's addresses. Other parts of Gongkai (workbench, API, bench) rely on these names."""
from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import views
from .feeds import LatestItemsFeed
from .sitemaps import SITEMAPS

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("catalog/", views.catalog, name="catalog"),
    path("items/<path:key>/", views.item_detail, name="item"),
    path("attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("search/", views.search, name="search"),
    path("guide/", views.guide, name="guide"),
    path("non-public/", views.non_public, name="non_public"),
    path("rules/", views.rules, name="rules"),
    path("rules/<slug:slug>/", views.rule, name="rule"),
    path("statutory/", views.statutory, name="statutory"),
    path("statutory/<int:number>/", views.statutory_category, name="statutory_category"),
    path("functions/", views.functions, name="functions"),
    path("on-request/", views.on_request, name="on_request"),
    path("specials/", views.specials, name="specials"),
    path("specials/<slug:slug>/", views.special, name="special"),
    path("specials/<slug:slug>/banner", views.special_banner, name="special_banner"),
    path("sitemap/", views.sitemap_html, name="sitemap_html"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("feed/atom/", LatestItemsFeed(), name="feed"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", views.robots_txt, name="robots"),
]
