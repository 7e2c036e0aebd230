from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    label = "accounts"
    verbose_name = "账号与安全"

    def ready(self):
        from . import checks, receivers  # noqa: F401  (system checks; auth, admin and role events → audit log)
