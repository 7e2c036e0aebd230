"""The review-case register in the workbench, mounted at /workbench/oversight/ (namespace oversight)."""
from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_edit, name="case_edit"),
]
