"""The portal's 年度报告 column, mounted at /reports/ (namespace reports_public)."""
from django.urls import path

from . import public_views as views

app_name = "reports_public"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:org_code>/<int:year>/", views.detail, name="detail"),
    path("<slug:org_code>/<int:year>/report.<slug:fmt>", views.download, name="download"),
    path("<slug:org_code>/<int:year>/v<int:version>/", views.detail, name="version"),
    path("<slug:org_code>/<int:year>/v<int:version>/report.<slug:fmt>", views.download, name="version_download"),
]
