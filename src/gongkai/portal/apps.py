from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    label = "portal"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from gongkai.catalog.models import Item

        from .signals import item_changed

        post_save.connect(item_changed, sender=Item, dispatch_uid="portal.item_saved")
        post_delete.connect(item_changed, sender=Item, dispatch_uid="portal.item_deleted")
