"""Mounted at /api/v1/ by gongkai.urls; the OpenAPI schema is at /api/v1/openapi.json, docs at /api/v1/docs."""
from .views import api

app_name = "api"
urlpatterns = api.urls[0]
