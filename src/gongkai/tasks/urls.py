"""The progress of background work, mounted at /workbench/tasks/ (namespace tasks)."""
from django.urls import path

from . import views

app_name = "tasks"
urlpatterns = [
    path("", views.job_list, name="jobs"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/download", views.job_download, name="download"),
]
