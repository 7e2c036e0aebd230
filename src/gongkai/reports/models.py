"""Figures staff enter for the annual report (they come from other systems), and finalised reports."""
from django.conf import settings
from django.db import models
from django.utils import timezone

PROSE_KEYS = ("overview", "problems", "other_matters")  # sections 一、五、六


class YearFigures(models.Model):
    """第二十条第（五）（六）（八）项: decisions on licences, penalties and enforcement measures, and
    administrative fees, for one agency and year — entered by staff, with who entered them."""

    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="year_figures")
    year = models.PositiveIntegerField("年度")
    licensing = models.PositiveIntegerField("行政许可 本年处理决定数量", default=0)
    penalty = models.PositiveIntegerField("行政处罚 本年处理决定数量", default=0)
    enforcement = models.PositiveIntegerField("行政强制 本年处理决定数量", default=0)
    fees_10k_yuan = models.DecimalField("行政事业性收费 本年收费金额（万元）", max_digits=14, decimal_places=4, default=0)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "年度录入数据"
        verbose_name_plural = "年度录入数据"
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="year_figures_unique")]


class AnnualReport(models.Model):
    """A version of an agency's annual report. A finalised version is an immutable snapshot: later
    changes to the records do not alter it; a correction is a new version with a reason."""

    class Status(models.TextChoices):
        DRAFT = "draft", "草稿"
        FINAL = "final", "已定稿"

    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="annual_reports")
    year = models.PositiveIntegerField("年度")
    version = models.PositiveIntegerField("版本", default=1)
    status = models.CharField(max_length=6, choices=Status.choices, default=Status.DRAFT)
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    figures = models.JSONField("数据快照", default=dict, blank=True)
    correction_reason = models.TextField("更正原因", blank=True)
    finalised_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    finalised_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["org", "-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["org", "year", "version"], name="annual_report_version_unique"),
            models.UniqueConstraint(fields=["org", "year"], condition=models.Q(status="draft"), name="one_draft_report"),
        ]

    @property
    def published_on(self):
        """The day (Beijing time) this version was finalised and published, or None for a draft."""
        return timezone.localdate(self.finalised_at) if self.finalised_at else None

    @property
    def is_late(self) -> bool:
        """The first publication came after 31 January of the next year (条例第五十条) — allowed, but
        flagged. A correction (version 2 on) is not a late report: it corrects one already published."""
        from .readiness import is_late

        return self.version == 1 and self.published_on is not None and is_late(self.year, self.published_on)
