from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from .models import CalendarOverride
from .services import calendar_override_set


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("day", "is_workday", "name", "created_by", "updated_at")
    list_filter = ("is_workday",)

    def save_model(self, request, obj, form, change):
        # Through the service, so the change is audited and open cases are recomputed — by a worker:
        # the page answers at once and links to the job's progress (decision 0054).
        _, job = calendar_override_set(day=obj.day, is_workday=obj.is_workday, name=obj.name, by=request.user)
        obj.pk = CalendarOverride.objects.get(day=obj.day).pk
        messages.info(request, format_html("正在后台重新计算在办申请和留言的答复期限，<a href=\"{}\">查看进度</a>",
                                           reverse("tasks:job", args=[job.pk])))
