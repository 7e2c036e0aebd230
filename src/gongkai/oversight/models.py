"""The register of reconsideration (行政复议) and litigation (行政诉讼) cases about disclosure, kept by
staff; section 四 of the annual report is counted from it."""
from django.conf import settings
from django.db import models


class ReviewCase(models.Model):
    class Kind(models.TextChoices):
        RECONSIDERATION = "reconsideration", "行政复议"
        LITIGATION_DIRECT = "litigation_direct", "行政诉讼（未经复议直接起诉）"
        LITIGATION_AFTER_RECONSIDERATION = "litigation_after_reconsideration", "行政诉讼（复议后起诉）"

    class Result(models.TextChoices):
        UPHELD = "upheld", "结果维持"
        CORRECTED = "corrected", "结果纠正"
        OTHER = "other", "其他结果"
        PENDING = "pending", "尚未审结"

    org = models.ForeignKey("orgs.Organisation", verbose_name="被申请/被告机关", on_delete=models.PROTECT, related_name="review_cases")
    case_number = models.CharField("案号", max_length=80)
    application = models.ForeignKey("applications.Application", verbose_name="相关申请", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="review_cases")
    kind = models.CharField("类型", max_length=34, choices=Kind.choices)
    result = models.CharField("结果", max_length=10, choices=Result.choices, default=Result.PENDING)
    filed_on = models.DateField("受理/立案日期")
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)

    class Meta:
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"
        ordering = ["-filed_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["org", "case_number"], name="review_case_number_unique"),
            models.CheckConstraint(
                condition=(models.Q(result="pending", concluded_on__isnull=True)
                           | (~models.Q(result="pending") & models.Q(concluded_on__isnull=False))),
                name="review_case_concluded_has_result",
            ),
        ]
        indexes = [models.Index(fields=["org", "filed_on"], name="review_case_org_filed")]

    def __str__(self) -> str:
        return f"{self.case_number}（{self.get_kind_display()}）"


class Metric(models.TextChoices):
    """What a rule of the department assessment measures (over the registers and the catalogue)."""
    SUBMISSIONS_SENT = "submissions_sent", "信息报送数量"
    SUBMISSIONS_ADOPTED = "submissions_adopted", "信息被采用数量"
    PUBLICATION_TIMELY = "publication_timely", "主动公开及时率"
    REPLIES_TIMELY = "replies_timely", "留言按时答复率"
    PLAN_TASKS_DONE = "plan_tasks_done", "工作要点任务按期完成率"


COUNT_METRICS = frozenset({Metric.SUBMISSIONS_SENT, Metric.SUBMISSIONS_ADOPTED})


class AssessmentScheme(models.Model):
    """An agency's department assessment for a year: disclosure work as WEIGHT_PERCENT of each
    department's year-end score (default 5 %), scored by its rules."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE,
                            related_name="assessment_schemes")
    year = models.PositiveIntegerField("年度")
    weight_percent = models.DecimalField("占年终考核的比重（%）", max_digits=5, decimal_places=2, default=5)

    class Meta:
        verbose_name = "处室政务公开考核方案"
        verbose_name_plural = "处室政务公开考核方案"
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="assessment_scheme_unique_year"),
                       models.CheckConstraint(condition=models.Q(weight_percent__gte=0, weight_percent__lte=100),
                                              name="assessment_weight_percent_range")]

    def __str__(self) -> str:
        return f"{self.org} {self.year}年"


class AssessmentRule(models.Model):
    """One rule: POINTS of the 100 for METRIC; count metrics earn them in full at TARGET pieces."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="rules")
    metric = models.CharField("考核指标", max_length=24, choices=Metric.choices)
    points = models.DecimalField("分值", max_digits=5, decimal_places=2)
    target = models.PositiveIntegerField("满分所需数量", default=0, help_text="仅用于数量类指标（报送、采用）：达到此数量得满分")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "考核规则"
        verbose_name_plural = "考核规则"
        ordering = ["scheme", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scheme", "metric"], name="assessment_rule_unique_metric"),
                       models.CheckConstraint(condition=models.Q(points__gte=0), name="assessment_rule_points_positive")]


class PlanTask(models.Model):
    """A task of the year's work plan (政务公开工作要点), assigned to a department with a due date."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE, related_name="plan_tasks")
    year = models.PositiveIntegerField("年度")
    title = models.CharField("任务", max_length=300)
    department = models.ForeignKey("orgs.Department", verbose_name="责任处室", on_delete=models.PROTECT,
                                   related_name="plan_tasks")
    due_on = models.DateField("完成时限")
    completed_on = models.DateField("完成日期", null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        verbose_name = "政务公开工作要点任务"
        verbose_name_plural = "政务公开工作要点任务"
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["org", "year", "due_on"], name="plan_task_org_year_due")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_on_time(self) -> bool:
        return self.completed_on is not None and self.completed_on <= self.due_on
