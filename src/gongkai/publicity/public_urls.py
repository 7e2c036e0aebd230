"""Public pages of the publicity registers, mounted at /press/ (namespace press)."""
from django.urls import path

from . import public_views

app_name = "press"
urlpatterns = [path("", public_views.press_list, name="list")]
