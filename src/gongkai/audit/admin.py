import csv
import io

from django.contrib import admin
from django.http import HttpResponse
from django.utils import timezone

from .models import AuditEntry
from .services import audit_record

EXPORT_COLUMNS = ["id", "at", "actor", "org", "action", "object_type", "object_id", "data", "hash"]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only. The audit administrator reads it and exports it (三员分立)."""

    list_display = ("at", "actor", "org", "action", "object_type", "object_id")
    list_filter = ("action",)
    search_fields = ("action", "object_id")
    actions = ["export_csv"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_export_permission(self, request):
        return request.user.has_perm("accounts.export_audit")

    @admin.action(description="导出所选审计日志（CSV）", permissions=["export"])
    def export_csv(self, request, queryset):
        buffer = io.StringIO()
        buffer.write("\ufeff")  # Excel opens UTF-8 with a BOM as Chinese, not mojibake
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        count = 0
        for e in queryset.select_related("actor", "org").order_by("pk").iterator(chunk_size=2000):
            writer.writerow([e.pk, timezone.localtime(e.at).isoformat(), e.actor.username if e.actor_id else "",
                             e.org.code if e.org_id else "", e.action, e.object_type, e.object_id, e.data, e.hash])
            count += 1
        audit_record("audit.exported", by=request.user, data={"entries": count})
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.csv"'
        return response
