"""What the 政府信息公开专栏 shows besides the catalogue, edited by staff in the admin:

- Page: the agency's 公开制度 (its rules for disclosure work: 保密审查制度, 发布协调制度 …);
- StatutoryCategory: the fifteen items of 第二十条 that every agency must disclose of its own accord
  (法定主动公开内容), each mapped to the catalogue's kinds and topics that fill it;
- Special: a 专题 (全省科技创新大会, 大众创业万众创新 …) with a banner, a description and the
  catalogue items tagged into it.

Stored HTML is cleaned by the catalogue's nh3 sanitiser when it is saved (admin) and again when it is
shown, like the disclosure guide."""
from __future__ import annotations

from django.db import models


class Page(models.Model):
    """One page of an agency's 公开制度."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE, related_name="rule_pages")
    slug = models.SlugField("网址名", max_length=60, help_text="出现在网址中，只用字母、数字和连字符，例如 secrecy-review")
    title = models.CharField("标题", max_length=120)
    body = models.TextField("正文", blank=True, help_text="HTML，保存和显示时都会净化")
    order = models.PositiveIntegerField("排序", default=0)
    is_public = models.BooleanField("在门户网站显示", default=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "公开制度"
        verbose_name_plural = "公开制度"
        ordering = ["org", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["org", "slug"], name="rule_page_slug_unique_in_org")]

    def __str__(self) -> str:
        return self.title


class StatutoryCategory(models.Model):
    """One item of 第二十条 of the Regulations and the catalogue items that answer it: those of the
    listed kinds, or of the listed topics (either is enough). Loaded by a data migration; editable."""

    number = models.PositiveSmallIntegerField("项次", unique=True, help_text="第二十条第几项，1–15")
    name = models.CharField("名称", max_length=120)
    kinds = models.JSONField("信息类别", default=list, blank=True, help_text="目录条目的类别代码列表，如 [\"regulation\"]")
    topics = models.ManyToManyField("catalog.Topic", verbose_name="主题分类", blank=True, related_name="statutory_categories")
    note = models.CharField("说明", max_length=200, blank=True, help_text="例如：见“机构职能”栏目")

    class Meta:
        verbose_name = "法定主动公开内容"
        verbose_name_plural = "法定主动公开内容"
        ordering = ["number"]

    def __str__(self) -> str:
        return f"（{self.number_label}）{self.name}"

    @property
    def number_label(self) -> str:
        return chinese_number(self.number)


class Special(models.Model):
    """A 专题: a page about one event or campaign, with the catalogue items tagged into it."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="机关", on_delete=models.CASCADE, related_name="specials")
    slug = models.SlugField("网址名", max_length=60, unique=True, help_text="出现在网址中，例如 innovation-conference")
    title = models.CharField("标题", max_length=120)
    banner = models.ImageField("横幅图片", upload_to="specials/", blank=True, help_text="PNG 或 JPEG，建议宽 1200 像素")
    banner_alt = models.CharField("横幅图片说明", max_length=120, blank=True, help_text="供读屏软件朗读；留空则视为装饰图片")
    description = models.TextField("简介", blank=True, help_text="HTML，保存和显示时都会净化")
    items = models.ManyToManyField("catalog.Item", verbose_name="专题信息", blank=True, related_name="specials")
    order = models.PositiveIntegerField("排序", default=0)
    is_public = models.BooleanField("在门户网站显示", default=True)
    created_on = models.DateField("设立日期", null=True, blank=True)

    class Meta:
        verbose_name = "专题"
        verbose_name_plural = "专题"
        ordering = ["order", "-pk"]

    def __str__(self) -> str:
        return self.title


_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 15 → 十五, 20 → 二十 (the numbering of 第二十条's items, up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
