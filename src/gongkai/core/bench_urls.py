from django.urls import path

from . import bench_views

app_name = "bench"
urlpatterns = [
    path("bare/", bench_views.bare, name="bare"),
    path("rows/", bench_views.rows, name="rows"),
]
