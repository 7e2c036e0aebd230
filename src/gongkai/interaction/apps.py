from django.apps import AppConfig


class InteractionConfig(AppConfig):
    name = "gongkai.interaction"
    label = "interaction"
    verbose_name = "互动交流"

    def ready(self) -> None:
        from gongkai.workdays.services import AFTER_CHANGE

        from .services import messages_recompute_touching

        if messages_recompute_touching not in AFTER_CHANGE:
            AFTER_CHANGE.append(messages_recompute_touching)
        from django.db.models.signals import post_delete, post_save

        from .models import Channel
        from .selectors import channels_changed

        post_save.connect(channels_changed, sender=Channel, dispatch_uid="interaction-channels-saved")
        post_delete.connect(channels_changed, sender=Channel, dispatch_uid="interaction-channels-deleted")
