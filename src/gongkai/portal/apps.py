from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = "门户网站"
    label = "portal"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from gongkai.catalog.models import Item, NonPublicCategory, Topic
        from gongkai.orgs.models import Department, Organisation

        from .signals import item_changed

        # What the portal caches (counts, facet names, the default agency) comes from these.
        for model in (Item, Organisation, Department, Topic, NonPublicCategory):
            post_save.connect(item_changed, sender=model, dispatch_uid=f"portal.saved.{model.__name__}")
            post_delete.connect(item_changed, sender=model, dispatch_uid=f"portal.deleted.{model.__name__}")
