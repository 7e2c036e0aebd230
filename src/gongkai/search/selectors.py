from __future__ import annotations

from .backends import MESSAGES, SearchFilters, SearchPage, get_backend


def search_items(query: str, *, filters: SearchFilters | None = None, page: int = 1, per_page: int = 20, order: str = "relevance") -> SearchPage:
    """Published items matching QUERY: the one search behind the portal, the API and the workbench."""
    page = max(1, page)
    return get_backend().search(query, filters or SearchFilters(), (page - 1) * per_page, per_page, order)


def search_messages(query: str, *, org_ids: list[int] | None = None, channel: str | None = None, year: int | None = None,
                    page: int = 1, per_page: int = 20, count: int | None = None) -> SearchPage:
    """Published messages (the question as published and its reply) matching QUERY, by the same
    machinery and ranking as the catalogue: title hits first, then newest answer first. COUNT: what an
    earlier page of the same search counted (SearchPage.counted), when the caller keeps it."""
    page = max(1, page)
    filters = SearchFilters(org_ids=org_ids, year=year, kind=channel or None)
    return get_backend(MESSAGES).search(query, filters, (page - 1) * per_page, per_page, count=count)
