"""Mounted at /api/v1/ by gongkai.urls; the OpenAPI schema is at /api/v1/openapi.json, docs at /api/v1/docs."""
from .applications import router as applications_router
from .views import api

app_name = "api"
api.add_router("/applications/", applications_router)
urlpatterns = api.urls[0]
