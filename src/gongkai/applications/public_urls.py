"""The public addresses of applications (依申请公开), mounted at the site root before the portal's."""
from django.urls import path

from . import public_views as views

app_name = "applications_public"
urlpatterns = [
    path("apply/", views.apply, name="apply"),
    path("apply/done/", views.apply_done, name="done"),
    path("track/", views.track, name="track"),
    path("track/documents/<str:token>/", views.document_download, name="document"),
    path("statistics/applications/", views.quarterly, name="quarterly"),
]
