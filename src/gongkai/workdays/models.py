"""Administrator overrides of the working-day calendar; they win over the chinese-calendar package."""
from django.conf import settings
from django.db import models


class CalendarOverride(models.Model):
    day = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否工作日", help_text="勾选：调休上班；不勾选：法定节假日")
    name = models.CharField("名称", max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "节假日调整"
        verbose_name_plural = "节假日调整"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day} {'上班' if self.is_workday else '放假'} {self.name}"
