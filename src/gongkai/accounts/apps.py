from django.apps import AppConfig, apps

# django-axes and django-otp come without Chinese: their pages in admin are named here.
CHINESE_NAMES = {
    "axes": ("登录锁定", {"accessattempt": "登录失败与锁定记录", "accessfailurelog": "登录失败日志", "accesslog": "登录日志"}),
    "otp_totp": ("二次验证", {"totpdevice": "验证器设备"}),
}


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    label = "accounts"
    verbose_name = "账号与安全"

    def ready(self):
        from . import checks, receivers  # noqa: F401  (system checks; auth, admin and role events → audit log)

        for label, (app_name, models) in CHINESE_NAMES.items():
            config = apps.get_app_config(label)
            config.verbose_name = app_name
            for model_name, name in models.items():
                opts = config.get_model(model_name)._meta
                opts.verbose_name = opts.verbose_name_plural = name
