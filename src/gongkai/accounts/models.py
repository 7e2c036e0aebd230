"""Accounts: the three administrator duties (三员分立) and each user's recent passwords."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class Duty(models.TextChoices):
    """The three administrators of a 等保 level-3 system; one account holds at most one of them."""

    SYSTEM = "system", "系统管理员"
    SECURITY = "security", "安全管理员"
    AUDIT = "audit", "审计管理员"


class AdminDuty(models.Model):
    """User holds DUTY. One row per user (a unique user): no account holds two duties. A duty holder
    holds no role of the review chain (信息员, 处室负责人, 公开主管) either, and the other way round."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="账号", on_delete=models.CASCADE,
                                related_name="admin_duty")
    duty = models.CharField("管理职责", max_length=10, choices=Duty.choices)
    granted_at = models.DateTimeField("授予时间", auto_now_add=True)

    class Meta:
        verbose_name = "管理员职责（三员）"
        verbose_name_plural = "管理员职责（三员）"
        permissions = [("export_audit", "导出审计日志")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_duty_display()}"


class PasswordHistory(models.Model):
    """The hash of a password the user has had; the newest few may not be chosen again."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(max_length=128)
    set_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "历史密码"
        verbose_name_plural = "历史密码"
        ordering = ["-set_at", "-pk"]
        indexes = [models.Index(fields=["user", "-set_at"])]
