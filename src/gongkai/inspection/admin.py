from django.contrib import admin

from .models import InspectionRun, InspectionSettings, MandatoryDisclosure


@admin.register(MandatoryDisclosure)
class MandatoryDisclosureAdmin(admin.ModelAdmin):
    list_display = ("name", "org", "year", "kind", "due_on", "item")
    list_filter = ("year", "kind", "org")
    raw_id_fields = ("item",)
    search_fields = ("name",)


@admin.register(InspectionSettings)
class InspectionSettingsAdmin(admin.ModelAdmin):
    list_display = ("org",)


@admin.register(InspectionRun)
class InspectionRunAdmin(admin.ModelAdmin):
    """The history is the record of what was found: read only."""

    list_display = ("org", "on", "score", "passed", "ran_at", "ran_by")
    list_filter = ("passed", "org")
    readonly_fields = [f.name for f in InspectionRun._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
