"""The publicity registers in the workbench, mounted at /workbench/publicity/ (namespace publicity)."""
from django.urls import path

from . import views

app_name = "publicity"
urlpatterns = [
    path("events/", views.events, name="events"),
    path("events/new/", views.event_new, name="event_new"),
    path("events/<int:pk>/", views.event_edit, name="event_edit"),
    path("events/<int:pk>/delete/", views.event_delete, name="event_delete"),
    path("posts/", views.posts, name="posts"),
    path("posts/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("channels/", views.channels, name="channels"),
    path("channels/<int:pk>/<slug:action>/", views.channel_change, name="channel_change"),
    path("items/<int:pk>/carry/", views.item_carry, name="item_carry"),
    path("submissions/", views.submissions, name="submissions"),
    path("submissions/received/", views.inbox, name="inbox"),
    path("submissions/<int:pk>/<slug:action>/", views.submission_adoption, name="submission_adoption"),
]
