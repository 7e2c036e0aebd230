"""Admins configure topics and the non-public catalogue here; items are handled in the workbench,
so that every change goes through the review chain and the audit log."""
from django.contrib import admin

from .models import NonPublicCategory, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "order")
    list_editable = ("order",)


@admin.register(NonPublicCategory)
class NonPublicCategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "org", "basis", "order")
    list_filter = ("org",)
