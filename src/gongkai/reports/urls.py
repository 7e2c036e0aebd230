"""The annual report in the workbench, mounted at /workbench/reports/ (namespace reports_staff)."""
from django.urls import path

from . import views

app_name = "reports_staff"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.year_page, name="year"),
    path("<int:year>/prepare/", views.prepare, name="prepare"),
    path("<int:year>/prose/", views.prose, name="prose"),
    path("<int:year>/figures/", views.figures, name="figures"),
    path("<int:year>/finalise/", views.finalise, name="finalise"),
    path("<int:year>/correct/", views.correct, name="correct"),
    path("<int:year>/download.<slug:fmt>", views.download, name="download"),
    path("<int:year>/trace/", views.trace, name="trace"),
    path("<int:year>/aggregate/", views.aggregate, name="aggregate"),
    path("<int:year>/aggregate/download.<slug:fmt>", views.aggregate_download, name="aggregate_download"),
    path("<int:year>/aggregate/export/", views.aggregate_export, name="aggregate_export"),
]
