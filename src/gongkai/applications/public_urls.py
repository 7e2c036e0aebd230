from django.urls import path

app_name = "applications_public"
urlpatterns: list = []
