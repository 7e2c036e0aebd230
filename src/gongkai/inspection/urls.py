"""督查自查 in the workbench, mounted at /workbench/inspection/ (namespace inspection)."""
from django.urls import path

from . import views

app_name = "inspection"
urlpatterns = [
    path("", views.index, name="index"),
    path("run/", views.run_now, name="run"),
    path("runs/<int:pk>.<slug:fmt>", views.export, name="export"),
    path("tree/", views.tree, name="tree"),
]
