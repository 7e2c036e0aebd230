from __future__ import annotations

from .backends import SearchFilters, SearchPage, get_backend


def search_items(query: str, *, filters: SearchFilters | None = None, page: int = 1, per_page: int = 20, order: str = "relevance") -> SearchPage:
    """Published items matching QUERY: the one search behind the portal, the API and the workbench."""
    page = max(1, page)
    return get_backend().search(query, filters or SearchFilters(), (page - 1) * per_page, per_page, order)
