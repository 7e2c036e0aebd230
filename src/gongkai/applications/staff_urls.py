from django.urls import path

from . import staff_views as views

app_name = "applications_staff"
urlpatterns: list = [
    path("", views.queue, name="queue"),
    path("new/", views.register, name="register"),
    path("<int:pk>/", views.case, name="case"),
    path("<int:pk>/reveal/", views.reveal, name="reveal"),
    path("<int:pk>/query-code/", views.query_code_reset, name="query_code_reset"),
    path("<int:pk>/act/<slug:action>/", views.case_action, name="act"),
    path("<int:pk>/documents/<int:doc_pk>/", views.document_download, name="document"),
    path("<int:pk>/letters/<int:letter_pk>.<slug:fmt>", views.letter_download, name="letter"),
]
