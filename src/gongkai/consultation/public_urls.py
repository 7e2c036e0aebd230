"""The public addresses of consultations and suggestions, mounted at the site root before the portal's."""
from django.urls import path

from . import public_views as views

app_name = "consultation_public"
urlpatterns = [
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/<int:pk>/", views.consultation_detail, name="detail"),
    path("consultations/<int:pk>/sent/", views.comment_sent, name="sent"),
    path("suggestions/", views.suggestion_list, name="suggestions"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion"),
]
