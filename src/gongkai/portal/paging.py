"""Page numbers for lists whose total is known (a cached count or a search count)."""
from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404, QueryDict


@dataclass
class PageLink:
    number: int | None  # None: a gap ("…")
    url: str = ""
    is_current: bool = False


@dataclass
class Pager:
    number: int
    per_page: int
    count: int
    query: str = field(default="", repr=False)  # the query string without page=, urlencoded

    def url(self, number: int) -> str:
        return f"?{self.query}&page={number}" if self.query else f"?page={number}"

    @property
    def previous_url(self) -> str:
        return self.url(self.number - 1)

    @property
    def next_url(self) -> str:
        return self.url(self.number + 1)

    @property
    def links(self) -> list[PageLink]:
        return [PageLink(n) if n is None else PageLink(n, self.url(n), n == self.number) for n in self.window()]

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.per_page

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_number(self) -> int:
        return self.number - 1

    @property
    def next_number(self) -> int:
        return self.number + 1

    @property
    def first_index(self) -> int:
        return self.offset + 1 if self.count else 0

    @property
    def last_index(self) -> int:
        return min(self.offset + self.per_page, self.count)

    def window(self, around: int = 2) -> list[int | None]:
        """Page links to show: the first, the last, and those near the current one; None is a gap."""
        pages = sorted({1, self.num_pages, *range(max(1, self.number - around), min(self.num_pages, self.number + around) + 1)})
        out: list[int | None] = []
        for n in pages:
            if out and n - out[-1] > 1:
                out.append(None)
            out.append(n)
        return out


def pager_for(number: int, per_page: int, count: int, params: QueryDict | None = None) -> Pager:
    """A pager; a page past the end is a 404 (as for Django's own paginated views), page 1 never is.
    PARAMS (the request's query) are kept in the page links, less page=."""
    query = ""
    if params:
        params = params.copy()
        params.pop("page", None)
        query = params.urlencode()
    pager = Pager(number=number, per_page=per_page, count=count, query=query)
    if number > pager.num_pages:
        raise Http404("没有这一页")
    return pager
