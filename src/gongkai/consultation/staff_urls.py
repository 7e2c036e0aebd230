"""The workbench pages of consultations and suggestions, mounted at /workbench/consultation/."""
from django.urls import path

from . import staff_views as views

app_name = "consultation_staff"
urlpatterns = [
    path("", views.consultation_list, name="consultations"),
    path("new/", views.consultation_new, name="consultation_new"),
    path("<int:pk>/", views.consultation_detail, name="consultation"),
    path("<int:pk>/edit/", views.consultation_edit, name="consultation_edit"),
    path("<int:pk>/<slug:action>/", views.consultation_step, name="consultation_step"),
    path("comments/<int:pk>/attachment/", views.comment_attachment, name="comment_attachment"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/new/", views.suggestion_new, name="suggestion_new"),
    path("suggestions/<int:pk>/", views.suggestion_edit, name="suggestion"),
    path("suggestions/<int:pk>/publish/", views.suggestion_publish, name="suggestion_publish"),
]
