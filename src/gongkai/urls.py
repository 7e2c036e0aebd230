from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "公开 Gongkai 系统管理"
admin.site.site_title = "公开 Gongkai"
admin.site.index_title = "配置：机关、处室、用户与角色、主题分类"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("gongkai.api.urls")),
    path("workbench/applications/", include("gongkai.applications.staff_urls")),
    path("workbench/reports/", include("gongkai.reports.urls")),
    path("workbench/oversight/", include("gongkai.oversight.urls")),
    path("workbench/messages/", include("gongkai.interaction.staff_urls")),
    path("workbench/account/", include("gongkai.accounts.urls")),
    path("workbench/publicity/", include("gongkai.publicity.urls")),
    path("workbench/consultation/", include("gongkai.consultation.staff_urls")),
    path("workbench/inspection/", include("gongkai.inspection.urls")),
    path("workbench/tasks/", include("gongkai.tasks.urls")),
    path("workbench/", include("gongkai.workbench.urls")),
    path("", include("gongkai.applications.public_urls")),
    path("", include("gongkai.consultation.public_urls")),
    path("reports/", include("gongkai.reports.public_urls")),
    path("messages/", include("gongkai.interaction.public_urls")),
    path("press/", include("gongkai.publicity.public_urls")),
    path("", include("gongkai.portal.urls")),
]

if settings.GONGKAI_BENCH_VIEWS:
    # Baseline views that bench/ measures the portal against; off unless GONGKAI_BENCH_VIEWS=true.
    urlpatterns.insert(0, path("_bench/", include("gongkai.core.bench_urls")))

# Chinese error pages (JSON with a Chinese `detail` under /api/): gongkai.core.error_views.
handler400 = "gongkai.core.error_views.bad_request"
handler403 = "gongkai.core.error_views.permission_denied"
handler404 = "gongkai.core.error_views.page_not_found"
# A database outage is 503 with Retry-After (core/guard.py, decision 0026); anything else error_views' 500.
handler500 = "gongkai.core.guard.server_error"
