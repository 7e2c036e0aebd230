"""Turning text into index tokens, and queries into match expressions (docs/decisions/0002, 0050).

What a search finds is defined as a substring scan: a term matches a document when the term, folded,
is a substring of one of the document's fields, folded (`fold`: full-width ASCII to ASCII, lower
case). Terms are the query's words separated by spaces; all must match.

Why bigrams: segmentation misses about half of the rare two-character words, which hide inside longer
words (专利 inside 专利权人). Like Lucene's CJK analyzer we index overlapping pairs — but of *every*
character of a run of text without spaces, not only of Han characters: digits, Latin letters and
punctuation too. So 2026年 is the phrase 20 02 26 6年, and 〔2026〕 the phrase 〔2 20 02 26 6〕, which
match exactly where the term is a substring; indexing Han, digits and punctuation apart (as before)
lost the adjacency across them (on the demo `〔2026〕` found 62 items, of which 22 held it). The last
character of each run is indexed alone too, so a one-character query still finds it as a prefix.

Characters other than Han and ASCII letters and digits are written as ꀀ<hex>ꀀ (〔 → ꀀ3014ꀀ, the
marker a Yi syllable): FTS5's unicode61 and PostgreSQL's parser both see a letter and keep such a
token whole, it cannot collide with a real two-character token, and a one-character prefix query
(`年*`) cannot match it.
"""
from __future__ import annotations

import functools
import re
from array import array

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PLAIN = re.compile(f"[{_HAN}0-9a-z]")
# Full-width ASCII (！ … ～, incl. （）：，) to ASCII; the ideographic space is a space.
_SPACE = re.compile(r"\s+")
MAX_TERMS = 8


_WIDE = re.compile("[\uff01-\uff5e\u3000]")


def _narrow(m: re.Match) -> str:
    ch = m.group()
    return " " if ch == "\u3000" else chr(ord(ch) - 0xFEE0)


def fold(text: str) -> str:
    """The form both the index and a substring scan compare: full-width ASCII folded, lower case.
    Character for character (a character whose lower case is longer is kept), so offsets hold."""
    text = _WIDE.sub(_narrow, text)  # a regular expression: far faster than str.translate here
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(ch if len(lc := ch.lower()) != 1 else lc for ch in text)


MARK = "\ua000"  # ꀀ, a Yi syllable: a letter to FTS5's unicode61 and to PostgreSQL's parser


_OTHER = re.compile(f"[^{_HAN}0-9a-z ]")
_UNITS: dict[str, str] = {}


def _unit(ch: str) -> str:
    unit = _UNITS.get(ch)
    if unit is None:
        unit = _UNITS[ch] = ch if _PLAIN.match(ch) else f"{MARK}{ord(ch):x}{MARK}"
    return unit


def _other(m: re.Match) -> str:
    return _unit(m.group())


def _pairs(run: str) -> str:
    """"ab bc cd … d" of a run "abcd", built in C on arrays of code points (the index is built for
    millions of documents; a Python loop per pair costs several times more)."""
    n = len(run)
    if n == 1:
        return run
    cps = array("I", run.encode("utf-32-le"))
    out = array("I", [32]) * (3 * n - 2)  # pairs and spaces, then the last character
    out[0:3 * n - 3:3] = cps[:-1]
    out[1:3 * n - 3:3] = cps[1:]
    out[-1] = cps[-1]
    return out.tobytes().decode("utf-32-le")


def index_tokens(text: str) -> str:
    """Space-separated tokens for the full-text index, in text order: the pairs of each run of
    characters without spaces, then its last character; other characters made units at the end."""
    return _OTHER.sub(_other, " ".join(map(_pairs, fold(text).split())))


def query_terms(query: str) -> list[str]:
    """The user's query split on spaces into terms; every term must be found (AND)."""
    return [t for t in _SPACE.split(fold(query).strip()) if t][:MAX_TERMS]


def term_parts(term: str) -> list[tuple[str, list[str]]]:
    """A term as what the index must hold: ("phrase", [bigrams…]) for two or more characters,
    ("prefix", [unit]) for one character (a bigram starting with it, or a run ending with it)."""
    units = list(map(_unit, fold(term)))
    if not units:
        return []
    if len(units) == 1:
        return [("prefix", units)]
    return [("phrase", [units[i] + units[i + 1] for i in range(len(units) - 1)])]


def fts5_query(query: str) -> str | None:
    """An FTS5 MATCH expression; None when the query has nothing searchable. Tokens hold only Han,
    ASCII letters and digits and the marker, so quoting them is enough to keep user syntax out."""
    clauses = []
    for term in query_terms(query):
        for kind, tokens in term_parts(term):
            if kind == "phrase":
                clauses.append('"' + " ".join(tokens) + '"')
            else:
                clauses.append(f'"{tokens[0]}"*')
    return " AND ".join(clauses) if clauses else None


def tsquery(query: str) -> str | None:
    """A PostgreSQL tsquery literal (cast with ::tsquery): the same tokens as the index, quoted, so
    no user syntax leaks in."""
    clauses = []
    for term in query_terms(query):
        for kind, tokens in term_parts(term):
            quoted = [f"'{t}'" for t in tokens]
            if kind == "phrase":
                clauses.append("(" + " <-> ".join(quoted) + ")" if len(quoted) > 1 else quoted[0])
            else:
                clauses.append(quoted[0] + ":*")
    return " & ".join(clauses) if clauses else None


def contains(text: str, query: str) -> bool:
    """The definition a search result must meet: every term of QUERY is a substring of TEXT (folded)."""
    folded = fold(text)
    terms = query_terms(query)
    return bool(terms) and all(fold(t) in folded for t in terms)


def highlight_needles(query: str) -> list[str]:
    """What highlight_spans looks for: the query's terms, folded (once for a page of hits)."""
    return [n for n in (fold(t) for t in query_terms(query)) if n]


@functools.lru_cache(maxsize=256)
def _fold_free(needle: str) -> bool:
    """No character folds into any of NEEDLE's: fold maps characters only to ASCII (full-width
    forms, the ideographic space) and to lower-case letters (which have an upper case), and each of
    NEEDLE's is neither — a Han character, a Chinese mark such as 〔 or 、."""
    return all(ord(ch) > 0x7F and ch.lower() == ch.upper() for ch in needle)


def highlight_spans(text: str, query: str, needles: list[str] | None = None) -> list[tuple[int, int]]:
    """Where the query's terms occur in TEXT (folded), merged, for <mark> highlighting. NEEDLES:
    highlight_needles(QUERY) when the caller has it already (twenty hits, one query)."""
    spans = []
    needles = highlight_needles(query) if needles is None else needles
    # Folding the text costs a Python call for each full-width mark (，（）：) of a Chinese text — most
    # of a search page's highlighting. A needle no other character folds into is found at the same
    # offsets in the text as in its fold (fold is character for character), so it needs none.
    lowered = text if all(map(_fold_free, needles)) else fold(text)
    for needle in needles:
        start = lowered.find(needle)
        while start != -1:
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
