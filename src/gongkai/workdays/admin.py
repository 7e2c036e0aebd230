from django.contrib import admin, messages

from .models import CalendarOverride
from .services import calendar_override_set


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "is_workday", "name", "created_by", "updated_at")
    list_filter = ("is_workday",)

    def save_model(self, request, obj, form, change):
        # Through the service, so open applications are recomputed and the change is audited.
        _, touched = calendar_override_set(day=obj.day, is_workday=obj.is_workday, name=obj.name, by=request.user)
        obj.pk = CalendarOverride.objects.get(day=obj.day).pk
        messages.info(request, f"已重新计算 {touched} 件在办申请的答复期限")
