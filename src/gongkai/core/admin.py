"""Admin building blocks shared by the apps (core registers no model of its own)."""
from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that are evidence (the audit log, letters issued): admins look them up; nobody adds,
    changes or deletes them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
