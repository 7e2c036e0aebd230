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
