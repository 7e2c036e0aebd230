from django.urls import path

app_name = "applications_staff"
urlpatterns: list = []
