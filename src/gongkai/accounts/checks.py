"""`gongkai check --deploy`: the installation-only superuser must not be able to sign in in production."""
from __future__ import annotations

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def superuser_login_off(app_configs, **kwargs):
    from .backends import superuser_may_sign_in

    if not settings.DEBUG and superuser_may_sign_in():
        return [Warning("GONGKAI_SUPERUSER_LOGIN 在生产环境中开启：超级管理员账号仅用于安装，应关闭",
                        hint="安装完成、三员账号建好后设置 GONGKAI_SUPERUSER_LOGIN=false（默认）", id="gongkai.W001")]
    return []


@register(Tags.security, deploy=True)
def csp_strict(app_configs, **kwargs):
    directives = getattr(settings, "CONTENT_SECURITY_POLICY", {}).get("DIRECTIVES", {})
    loose = [d for d in ("script-src", "default-src") if any("unsafe" in v for v in directives.get(d, []))]
    if not directives or loose:
        return [Warning("内容安全策略（CSP）缺失或允许内联脚本", id="gongkai.W002")]
    return []
