from django.urls import path

from . import guard_views, views

app_name = "workbench"
urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("logout/", views.logout, name="logout"),
    path("items/", views.item_list, name="items"),
    path("items/new/", views.item_new, name="item_new"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/withdraw/", views.item_withdraw, name="item_withdraw"),
    path("items/<int:pk>/revise/", views.item_revise, name="item_revise"),
    path("revisions/<int:pk>/edit/", views.revision_edit, name="revision_edit"),
    path("revisions/<int:pk>/advance/", views.revision_advance, name="revision_advance"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("revisions/<int:pk>/redact/", guard_views.revision_redact, name="revision_redact"),
    path("revisions/<int:pk>/redactions/<int:index>/undo/", guard_views.revision_unredact, name="revision_unredact"),
    path("revisions/<int:pk>/guard-override/", guard_views.revision_guard_override, name="revision_guard_override"),
]
