from django.apps import AppConfig


class PublicityConfig(AppConfig):
    name = "gongkai.publicity"
    label = "publicity"
    verbose_name = "政务公开宣传"
