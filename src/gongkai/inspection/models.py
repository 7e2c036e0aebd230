"""督查自查: the agency's checklist of mandatory disclosures, its inspection settings, and the history of
inspection runs (each run kept, as cli.md asks of `gongkai inspect`)."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class MandatoryDisclosure(models.Model):
    """One entry of an agency's yearly checklist of mandatory disclosures (法定主动公开内容: 部门预算,
    部门决算, "三公"经费 …) with its due date, and the catalogue item that discloses it once there is one."""

    class Kind(models.TextChoices):
        BUDGET = "budget", "部门预算"
        FINAL_ACCOUNTS = "final_accounts", "部门决算"
        THREE_PUBLIC = "three_public", "“三公”经费"
        PROJECT = "project", "重大项目信息"
        OTHER = "other", "其他"

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE, related_name="mandatory_disclosures")
    year = models.PositiveIntegerField("年度")
    kind = models.CharField("类别", max_length=20, choices=Kind.choices)
    name = models.CharField("名称", max_length=200, help_text="例如：2026年部门预算")
    due_on = models.DateField("公开期限")
    item = models.ForeignKey("catalog.Item", verbose_name="对应的公开目录条目", null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "法定公开事项清单"
        verbose_name_plural = "法定公开事项清单"
        ordering = ["org", "-year", "due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "name"], name="mandatory_unique_name")]

    def __str__(self) -> str:
        return self.name


class InspectionSettings(models.Model):
    """An agency's settings for self-inspection; an agency without a row uses the defaults."""

    org = models.OneToOneField("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE, related_name="inspection_settings")
    columns = models.JSONField("门户网站展示的栏目", default=list, blank=True,
                               help_text="公开目录类别代码的列表（如 news、notice）；留空则用默认栏目")
    points = models.JSONField("各扣分项的分值", default=dict, blank=True,
                              help_text="如 {\"column_stale\": 5}；未列出的规则每项扣 5 分")

    class Meta:
        verbose_name = "自查设置"
        verbose_name_plural = "自查设置"

    def __str__(self) -> str:
        return f"{self.org}的自查设置"


class InspectionRun(models.Model):
    """One run of every rule as of a date: its score, result and findings (the JSON of cli.md), and
    what will fail within 3 days if nothing is done (early warnings)."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE, related_name="inspection_runs")
    on = models.DateField("检查日期")
    score = models.IntegerField("得分")
    passed = models.BooleanField("合格")
    findings = models.JSONField("问题", default=list)
    warnings = models.JSONField("预警", default=list)
    ran_at = models.DateTimeField("运行时间", auto_now_add=True)
    ran_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="运行人", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "自查记录"
        verbose_name_plural = "自查记录"
        ordering = ["-ran_at", "-pk"]
        indexes = [models.Index(fields=["org", "-ran_at"], name="inspection_run_org_latest")]

    def __str__(self) -> str:
        return f"{self.org} {self.on:%Y-%m-%d}"

    @property
    def result_label(self) -> str:
        return "合格" if self.passed else "不合格"
