"""Search hits shown with <mark>: every piece of text is escaped, only our own <mark> tags are not."""
from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString

from gongkai.core.text import join_lines
from gongkai.search.text import highlight_needles, highlight_spans

SNIPPET_BEFORE = 40
SNIPPET_LENGTH = 140
SNIPPET_SCAN = 2000  # characters of a long text looked at first for the snippet's hit


def _marked(text: str, spans: list[tuple[int, int]]) -> SafeString:
    # html.escape is what django.utils.html.escape applies (quote=True), without its lazy-string
    # wrapper and a SafeString per piece: 40 snippets and titles a search page, 1 ms of its CPU.
    parts, pos = [], 0
    for start, end in spans:
        parts.append(escape(text[pos:start]))
        parts.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    parts.append(escape(text[pos:]))
    # SafeString itself, not mark_safe: that one is wrapped by keep_lazy, which looks for a lazy
    # string among its arguments on each call (forty a search page, a third of a millisecond).
    return SafeString("".join(parts))  # each part above is escaped


def highlight(text: str, query: str, needles: list[str] | None = None) -> SafeString:
    """TEXT, escaped, with the query's terms wrapped in <mark> (NEEDLES: highlight_needles(QUERY))."""
    text = text or ""
    return _marked(text, highlight_spans(text, query, needles))


def snippet(text: str, query: str, needles: list[str] | None = None) -> SafeString:
    """About SNIPPET_LENGTH characters of TEXT around the first hit (or its start), highlighted."""
    text = text or ""
    if needles is None:
        needles = highlight_needles(query)
    if len(text) > SNIPPET_SCAN and needles:
        # A long document: look in its first SNIPPET_SCAN characters first. Joined, they are exactly
        # the start of the whole text joined (a whitespace run cut at the end is dropped, as it would
        # become nothing or one space), and folding goes character by character; so a hit found there
        # with the snippet and the longest term's reach inside gives the very snippet of the whole
        # text (tests/portal/test_search.py compares them), without folding tens of thousands of characters.
        head = join_lines(text[:SNIPPET_SCAN])
        spans = highlight_spans(head, query, needles)
        if spans:
            start = max(0, spans[0][0] - SNIPPET_BEFORE)
            end = start + SNIPPET_LENGTH
            if end + max(map(len, needles)) < len(head):
                return _cut(head, spans, start, end, more=True)
    # Lines (paragraphs) joined with a space, except between two Chinese characters, where Chinese has none.
    text = join_lines(text)
    if not text:
        return SafeString("")
    spans = highlight_spans(text, query, needles)
    start = max(0, spans[0][0] - SNIPPET_BEFORE) if spans else 0
    end = min(len(text), start + SNIPPET_LENGTH)
    return _cut(text, spans, start, end, more=end < len(text))


def _cut(text: str, spans: list[tuple[int, int]], start: int, end: int, more: bool) -> SafeString:
    piece = text[start:end]
    inside = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    marked = _marked(piece, inside)
    prefix = "…" if start > 0 else ""
    suffix = "…" if more else ""
    return SafeString(f"{prefix}{marked}{suffix}")  # marked is escaped; the dots are ours
