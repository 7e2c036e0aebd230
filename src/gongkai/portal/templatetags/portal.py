"""Small template helpers for the portal's pages."""
from __future__ import annotations

from django import template
from django.conf import settings
from django.templatetags.static import static
from django.urls import reverse

register = template.Library()


@register.filter
def item_url(item) -> str:
    """An item's public address: by its 索引号, which is what people cite, else by its id."""
    return reverse("portal:item", kwargs={"key": item.index_number or str(item.pk)})


@register.filter
def filesize(size: int) -> str:
    """Sizes as people read them on a download link: 12 KB, 1.5 MB."""
    size = int(size or 0)
    if size < 1024:
        return f"{size} 字节"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size / (1024 * 1024):.1f} MB"


_TYPE_LABELS = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
    "image/png": "PNG 图片",
    "image/jpeg": "JPEG 图片",
    "image/gif": "GIF 图片",
    "image/webp": "WEBP 图片",
}


@register.filter
def filetype_label(content_type: str) -> str:
    return _TYPE_LABELS.get(content_type, "文件")


@register.simple_tag(takes_context=True)
def filter_url(context, key: str, value=None) -> str:
    """The current query string with KEY set to VALUE (or removed when VALUE is empty) and the page
    reset: a new filter starts again at page 1."""
    params = context["request"].GET.copy()
    params.pop("page", None)
    if value in (None, ""):
        params.pop(key, None)
    else:
        params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def asset(path: str) -> str:
    """{% static %} that survives a missing collectstatic manifest (tests, a first `gongkai serve`):
    the hashed, long-cached name when the manifest has it, else the plain name, which WhiteNoise
    also serves (WHITENOISE_USE_FINDERS). The page renders either way instead of failing with a 500."""
    try:
        return static(path)
    except ValueError:
        return f"{settings.STATIC_URL}{path}"
