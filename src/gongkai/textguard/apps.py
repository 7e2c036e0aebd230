from django.apps import AppConfig


class TextguardConfig(AppConfig):
    name = "gongkai.textguard"
    verbose_name = "保密审查"
    default_auto_field = "django.db.models.BigAutoField"
