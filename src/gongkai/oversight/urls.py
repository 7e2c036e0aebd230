"""The oversight registers in the workbench, mounted at /workbench/oversight/ (namespace oversight):
review cases, the department assessment and the year's work plan."""
from django.urls import path

from . import assessment_views, views

app_name = "oversight"
urlpatterns = [
    path("cases/", views.case_list, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<int:pk>/", views.case_edit, name="case_edit"),
    path("assessment/", assessment_views.scoreboard_page, name="scoreboard"),
    path("assessment/rules/", assessment_views.rules_set, name="rules"),
    path("assessment/notice.docx", assessment_views.notice_download, name="notice"),
    path("plan/", assessment_views.plan, name="plan"),
    path("plan/<int:pk>/<slug:action>/", assessment_views.plan_task_change, name="plan_task"),
]
