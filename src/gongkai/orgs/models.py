"""Organisations (a tree: 省 → 厅局 → 下级机关), their 处室/直属单位, and who holds which role."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Organisation(models.Model):
    """An agency (机关) that discloses information in its own name; may sit under a higher body."""

    code = models.SlugField("机构代码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=120)
    short_name = models.CharField("简称", max_length=60, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name="上级机关", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    # 索引号 pattern: {credit_code} {code} {year} {serial} with Python format specs, e.g. {serial:05d}.
    index_pattern = models.CharField(
        "索引号格式", max_length=80, default="{credit_code}/{year}-{serial:05d}",
        help_text="可用 {credit_code}、{code}、{year}、{serial:05d}",
    )
    address = models.CharField("地址", max_length=200, blank=True)
    phone = models.CharField("电话", max_length=40, blank=True)
    office_hours = models.CharField("办公时间", max_length=120, blank=True)
    disclosure_guide = models.TextField("政府信息公开指南", blank=True, help_text="HTML，发布前会净化")
    # 机构职能 (第二十条第（二）项): shown on the portal's 机构职能 page with the leaders and departments.
    functions = models.TextField("主要职责", blank=True, help_text="HTML，显示时会净化")
    # "谁起草、谁解读" (regulations.md): publishing a 规章 or 行政规范性文件 without its interpretation
    # is a warning by default, a refusal where the agency enforces it (decision 0014).
    interpretation_rule = models.CharField(
        "政策解读要求", max_length=10, default="warning",
        choices=[("warning", "提醒：无解读时发布给出提醒"), ("refusal", "强制：无解读不得发布")],
        help_text="发布规章、行政规范性文件时，如没有已发布或同步发布的政策解读",
    )
    # 建议提案办理结果 (regulations.md): published within a term after the reply, in full or as a summary.
    suggestion_result_working_days = models.PositiveSmallIntegerField(
        "建议提案办理结果公开期限（工作日）", default=20, help_text="自答复之日起，办理结果应在此期限内公开",
    )
    suggestion_result_form = models.CharField(
        "建议提案办理结果公开方式", max_length=10, default="full",
        choices=[("full", "公开答复全文"), ("summary", "公开办理结果摘要")],
    )

    class Meta:
        verbose_name = "机关"
        verbose_name_plural = "机关"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if "{serial" not in self.index_pattern:
            raise ValidationError({"index_pattern": "索引号格式必须包含 {serial}，否则无法保证唯一"})
        try:
            self.index_pattern.format(credit_code="X", code="x", year=2026, serial=1)
        except (KeyError, ValueError, IndexError) as e:
            raise ValidationError({"index_pattern": f"索引号格式无效：{e}"}) from None

    def descendant_ids(self) -> list[int]:
        """This organisation and every organisation below it (a province-wide tree is small)."""
        ids, frontier = [self.pk], [self.pk]
        while frontier:
            frontier = list(Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
            ids.extend(frontier)
        return ids


class Department(models.Model):
    """A 处室 or 直属单位 of an organisation; items are drafted and signed off per department."""

    class Kind(models.TextChoices):
        DIVISION = "division", "处室"
        AFFILIATED = "affiliated", "直属单位"

    org = models.ForeignKey(Organisation, verbose_name="机关", on_delete=models.CASCADE, related_name="departments")
    name = models.CharField("名称", max_length=120)
    kind = models.CharField("类型", max_length=12, choices=Kind.choices, default=Kind.DIVISION)
    order = models.PositiveIntegerField("排序", default=0)
    duties = models.TextField("职责", blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)

    class Meta:
        verbose_name = "处室/直属单位"
        verbose_name_plural = "处室/直属单位"
        ordering = ["org", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["org", "name"], name="department_name_unique_in_org")]

    def __str__(self) -> str:
        return self.name


class Leader(models.Model):
    """A leader of an agency (负责人姓名, 第二十条第（二）项) and the work they oversee (分工)."""

    org = models.ForeignKey(Organisation, verbose_name="机关", on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField("姓名", max_length=40)
    title = models.CharField("职务", max_length=80)
    duties = models.TextField("分工", blank=True)
    order = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "机关领导"
        verbose_name_plural = "机关领导"
        ordering = ["org", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.name}"


class Role(models.TextChoices):
    CLERK = "clerk", "信息员"
    DEPT_HEAD = "dept_head", "处室负责人"
    SUPERVISOR = "supervisor", "公开主管"


class Membership(models.Model):
    """A user holds a role in an organisation (and, for 信息员/处室负责人, in one department)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    org = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.CASCADE)
    role = models.CharField("角色", max_length=12, choices=Role.choices)

    class Meta:
        verbose_name = "岗位"
        verbose_name_plural = "岗位"
        constraints = [
            models.UniqueConstraint(fields=["user", "org", "department", "role"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["user", "org", "role"], condition=Q(department__isnull=True), name="membership_unique_orgwide"
            ),
        ]

    def __str__(self) -> str:
        where = f"{self.org} {self.department}" if self.department_id else str(self.org)
        return f"{self.user} · {where} · {self.get_role_display()}"

    def clean(self) -> None:
        from django.apps import apps
        from django.core.exceptions import ValidationError

        # 三员分立: the system, security and audit administrators hold no post of the review chain.
        if self.user_id and apps.get_model("accounts", "AdminDuty").objects.filter(user_id=self.user_id).exists():
            raise ValidationError("该账号是系统、安全或审计管理员，不能同时担任信息员、处室负责人或公开主管")
