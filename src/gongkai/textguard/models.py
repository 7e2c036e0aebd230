"""What administrators configure for the guard: sensitive words (per organisation or for all) and
organisation-wide redaction rules applied to everything published."""
from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models


class SensitiveWord(models.Model):
    """A secrecy phrase to flag (警示). No organisation: it applies to every organisation."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", null=True, blank=True, on_delete=models.CASCADE,
                            related_name="sensitive_words", help_text="留空表示适用于所有机关")
    word = models.CharField("敏感词", max_length=60)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "敏感词"
        verbose_name_plural = "敏感词"
        ordering = ["org_id", "word"]
        constraints = [models.UniqueConstraint(fields=["org", "word"], name="sensitive_word_unique")]

    def __str__(self) -> str:
        return self.word


class RedactionMode(models.TextChoices):
    BLOCKS = "blocks", "以█遮盖（等长）"
    LABEL = "label", "替换为“［已删除］”"


class RedactionRule(models.Model):
    """An organisation-wide rule: every match in what the organisation publishes is redacted."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE, related_name="redaction_rules")
    pattern = models.CharField("内容或正则表达式", max_length=300)
    is_regex = models.BooleanField("按正则表达式匹配", default=False)
    mode = models.CharField("删除方式", max_length=10, choices=RedactionMode.choices, default=RedactionMode.BLOCKS)
    note = models.CharField("说明", max_length=200, blank=True)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "删除规则"
        verbose_name_plural = "删除规则"
        ordering = ["org_id", "pk"]

    def __str__(self) -> str:
        return self.pattern

    def clean(self) -> None:
        if self.is_regex:
            try:
                compiled = re.compile(self.pattern)
            except re.error as e:
                raise ValidationError({"pattern": f"正则表达式有误：{e}"}) from None
            if compiled.match(""):
                raise ValidationError({"pattern": "正则表达式不能匹配空字符串"})
