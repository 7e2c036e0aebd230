from django.contrib import admin

from gongkai.core.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """Read-only: the log is append-only."""

    list_display = ("at", "actor", "org", "action", "object_type", "object_id")
    list_filter = ("action",)
