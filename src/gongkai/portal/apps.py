from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = "门户网站"
    label = "portal"
    # What the portal caches (counts, facet names, the default agency, whole pages) is keyed by the
    # page generation, which commits raise themselves (core/pagecache.py): no signals here.
