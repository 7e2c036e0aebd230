"""The public addresses of messages (回应关切), mounted at /messages/."""
from django.urls import path

from . import public_views as views

app_name = "interaction_public"
urlpatterns = [
    path("", views.qa_list, name="list"),
    path("<int:pk>/", views.qa_detail, name="detail"),
    path("write/", views.write, name="write"),
    path("write/done/", views.done, name="done"),
    path("track/", views.track, name="track"),
]
