"""Turning Chinese text into index tokens, and queries into match expressions.

Why bigrams: jieba-style segmentation alone misses about half of the rare two-character words, which
hide inside longer words (专利 inside 专利权人). Like Lucene's CJK analyzer we index every overlapping
pair of Han characters, so any substring of two or more characters is found as a phrase of bigrams.
The last character of each Han run is indexed alone too, so a one-character query still finds it
as a prefix. Latin letters and digits are indexed as lower-cased words. See docs/decisions/0002.
"""
from __future__ import annotations

import re

# Han ideographs (incl. extension A and compatibility), Latin letters/digits, everything else splits.
_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_FULLWIDTH = str.maketrans({chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF5B)})


def _runs(text: str):
    for m in _RUN.finditer(text):
        yield m.group(0)


def index_tokens(text: str) -> str:
    """Space-separated tokens for the full-text index."""
    out: list[str] = []
    for run in _runs(text):
        if _HAN.match(run):
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
            out.append(run[-1])
        else:
            out.append(run.translate(_FULLWIDTH).lower())
    return " ".join(out)


def query_terms(query: str) -> list[str]:
    """The user's query split on spaces into terms; every term must be found (AND)."""
    return [t for t in re.split(r"\s+", query.strip()) if t][:8]


def term_parts(term: str) -> list[tuple[str, list[str]]]:
    """A term as its runs: ("phrase", [bigrams…]) for Han runs of 2+, ("prefix", [char]) for one Han
    character, ("word", [word]) for Latin/digits. Punctuation between runs is dropped."""
    parts: list[tuple[str, list[str]]] = []
    for run in _runs(term):
        if _HAN.match(run):
            if len(run) == 1:
                parts.append(("prefix", [run]))
            else:
                parts.append(("phrase", [run[i : i + 2] for i in range(len(run) - 1)]))
        else:
            parts.append(("word", [run.translate(_FULLWIDTH).lower()]))
    return parts


def fts5_query(query: str) -> str | None:
    """An FTS5 MATCH expression; None when the query has nothing searchable."""
    clauses = []
    for term in query_terms(query):
        for kind, tokens in term_parts(term):
            if kind == "phrase":
                clauses.append('"' + " ".join(tokens) + '"')
            elif kind == "prefix":
                clauses.append(f'"{tokens[0]}"*')
            else:
                clauses.append(f'"{tokens[0]}"')
    return " AND ".join(clauses) if clauses else None


def tsquery(query: str) -> str | None:
    """A PostgreSQL to_tsquery('simple', …) expression; tokens are quoted, so no user syntax leaks in."""
    clauses = []
    for term in query_terms(query):
        for kind, tokens in term_parts(term):
            quoted = [("'" + t.replace("'", "''") + "'") for t in tokens]
            if kind == "phrase":
                clauses.append("(" + " <-> ".join(quoted) + ")" if len(quoted) > 1 else quoted[0])
            elif kind == "prefix":
                clauses.append(quoted[0] + ":*")
            else:
                clauses.append(quoted[0])
    return " & ".join(clauses) if clauses else None


def highlight_spans(text: str, query: str) -> list[tuple[int, int]]:
    """Where the query's terms occur in TEXT (case-insensitive), merged, for <mark> highlighting."""
    spans = []
    lowered = text.lower()
    for term in query_terms(query):
        needle = term.lower()
        start = lowered.find(needle)
        while start != -1 and needle:
            spans.append((start, start + len(needle)))
            start = lowered.find(needle, start + len(needle))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged
