from django.urls import path

from . import staff_views as views

app_name = "interaction_staff"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("<int:pk>/", views.message, name="message"),
    path("<int:pk>/act/<slug:action>/", views.act, name="act"),
]
