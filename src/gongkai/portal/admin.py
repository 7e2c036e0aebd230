"""Admins (and 公开主管 with admin access) edit the 专栏's pages here: 公开制度, the mapping of
第二十条's items to the catalogue, and 专题 with the items tagged into them. HTML is cleaned by the
catalogue's sanitiser when saved; the portal cleans it again when it shows it."""
from __future__ import annotations

from django import forms
from django.contrib import admin

from gongkai.catalog.models import Item, Kind
from gongkai.catalog.sanitize import clean_html

from .models import Page, Special, StatutoryCategory


class PageForm(forms.ModelForm):
    class Meta:
        model = Page
        fields = ["org", "title", "slug", "body", "order", "is_public"]
        widgets = {"body": forms.Textarea(attrs={"rows": 20, "class": "wb-html"})}

    def clean_body(self) -> str:
        return clean_html(self.cleaned_data["body"])


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = PageForm
    list_display = ("title", "org", "order", "is_public", "updated_at")
    list_filter = ("org", "is_public")
    prepopulated_fields = {"slug": ("title",)}


class StatutoryCategoryForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(label="信息类别", choices=Kind.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple, help_text="这些类别的目录条目归入本项")

    class Meta:
        model = StatutoryCategory
        fields = ["number", "name", "kinds", "topics", "note"]


@admin.register(StatutoryCategory)
class StatutoryCategoryAdmin(admin.ModelAdmin):
    form = StatutoryCategoryForm
    list_display = ("number", "name", "note")
    filter_horizontal = ("topics",)


class SpecialForm(forms.ModelForm):
    """Items are tagged by their 索引号, one a line: a select box of a whole catalogue would not load."""

    index_numbers = forms.CharField(label="专题信息（索引号）", required=False, widget=forms.Textarea(attrs={"rows": 8}),
                                    help_text="每行一个已发布条目的索引号")

    class Meta:
        model = Special
        fields = ["org", "title", "slug", "banner", "banner_alt", "description", "index_numbers", "order", "is_public", "created_on"]
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["index_numbers"] = "\n".join(self.instance.items.order_by("-published_on").values_list("index_number", flat=True))

    def clean_description(self) -> str:
        return clean_html(self.cleaned_data["description"])

    def clean_index_numbers(self) -> list[Item]:
        numbers = [line.strip() for line in self.cleaned_data["index_numbers"].splitlines() if line.strip()]
        found = {i.index_number: i for i in Item.objects.filter(index_number__in=numbers).only("id", "index_number")}
        missing = [n for n in numbers if n not in found]
        if missing:
            raise forms.ValidationError(f"专题信息：找不到索引号为 {'、'.join(missing[:5])} 的条目")
        return list(found.values())


@admin.register(Special)
class SpecialAdmin(admin.ModelAdmin):
    form = SpecialForm
    list_display = ("title", "org", "order", "is_public", "created_on")
    list_filter = ("org", "is_public")
    prepopulated_fields = {"slug": ("title",)}

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.items.set(form.cleaned_data["index_numbers"])
