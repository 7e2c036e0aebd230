from django.contrib import admin

from .models import RedactionRule, SensitiveWord


@admin.register(SensitiveWord)
class SensitiveWordAdmin(admin.ModelAdmin):
    list_display = ("word", "org", "note")
    list_filter = ("org",)
    search_fields = ("word",)


@admin.register(RedactionRule)
class RedactionRuleAdmin(admin.ModelAdmin):
    list_display = ("pattern", "is_regex", "mode", "org", "active", "note")
    list_filter = ("org", "active", "is_regex")
