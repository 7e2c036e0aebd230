from django.contrib import admin

from .models import Consultation, Suggestion


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    """Read-only here: consultations change through the workbench (services, audit entries)."""

    list_display = ("title", "org", "kind", "opens_on", "closes_on", "status", "comment_count")
    list_filter = ("org", "status", "kind")
    search_fields = ("title",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Suggestion)
class SuggestionAdmin(admin.ModelAdmin):
    list_display = ("number", "title", "org", "kind", "replied_on", "result_published_on", "status")
    list_filter = ("org", "kind", "status")
    search_fields = ("number", "title")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
