"""The punctuation scan over every page the browser journeys render: Chinese text never carries a
doubled full stop or comma, nor a space between two Chinese characters (a line break in a template or
in stored HTML shows as one). The layout's fixtures (conftest._page) feed it each HTML document."""
from __future__ import annotations

import re
from html.parser import HTMLParser

CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff01-\uff60\u201c\u201d\u2018\u2019"
PROBLEMS = [
    (re.compile("。。"), "doubled 。"),
    (re.compile("，，"), "doubled ，"),
    (re.compile(rf"[{CJK}][ \t\r\n]+[{CJK}]"), "space between Chinese characters"),
]
SKIPPED = {"script", "style", "textarea", "pre", "code"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in SKIPPED and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.chunks.append(data)


def scan_html(html: str) -> list[str]:
    """What is wrong in the text of one page, each as "kind: …context…" (empty: nothing)."""
    parser = _Text()
    parser.feed(html)
    found = []
    for chunk in parser.chunks:
        for pattern, kind in PROBLEMS:
            for m in pattern.finditer(chunk):
                context = chunk[max(0, m.start() - 12): m.end() + 12].replace("\n", "⏎")
                found.append(f"{kind}: …{context}…")
    return found


class PunctuationScan:
    """Collects the problems of every HTML document a page receives."""

    def __init__(self):
        self.problems: list[str] = []

    def on_response(self, response) -> None:
        if response.request.resource_type != "document" or "text/html" not in (response.headers.get("content-type") or ""):
            return
        try:
            html = response.text()
        except Exception:  # noqa: BLE001 - the page moved on before its body was read: nothing to scan
            return
        for problem in scan_html(html):
            self.problems.append(f"{response.url}: {problem}")
