"""Benchmark queries picked from the generated corpus by how many documents contain them.

2f / 2r: frequent / rare two-character words; 4f / 4r: four-character ones. Candidates are the
vocabulary's words and the two-character heads and tails of longer words (专利 inside 专利权人,
贵阳 inside 贵阳市), which is where segmentation alone loses recall. Document frequency is measured
on the first SAMPLE documents, which are the same in every corpus size.
"""
from __future__ import annotations

from collections import Counter

from . import corpus as c

SAMPLE = 10_000
PER_KIND = 4
# Share of documents containing the word: frequent ≥ the first bound, rare within the second.
BANDS = {"2f": (0.10, 1.0), "2r": (0.0002, 0.0015), "4f": (0.03, 1.0), "4r": (0.0002, 0.0015)}


def _candidates(corp: c.Corpus) -> dict[int, set[str]]:
    words = set(c.GOV) | set(c.PLACES) | set(c.FILLER)
    for _, ws, _ in corp.classes:
        words |= set(ws)
    out: dict[int, set[str]] = {2: set(), 4: set()}
    for w in words:
        for size in (2, 4):
            if len(w) == size:
                out[size].add(w)
            elif len(w) > size:
                out[size].update((w[:size], w[-size:]))
        if w.startswith("贵州") and w.endswith("有限公司"):
            out[4].add(w[2:6])  # a company's short name: 贵州鑫永科技有限公司 → 鑫永科技
    return out


def doc_frequencies(corp: c.Corpus, sample: int = SAMPLE) -> Counter:
    df: Counter = Counter()
    for n in range(sample):
        d = corp.doc(n)
        s = d.title + "\n" + d.body
        grams = {s[i : i + 2] for i in range(len(s) - 1)} | {s[i : i + 4] for i in range(len(s) - 3)}
        df.update(grams)
    return df


def _spread(words: list[str], k: int) -> list[str]:
    """K words spread evenly over a sorted list (not just the extremes)."""
    if len(words) <= k:
        return words
    step = len(words) / k
    return [words[int(i * step)] for i in range(k)]


def select(corp: c.Corpus | None = None, sample: int = SAMPLE, per_kind: int = PER_KIND) -> dict[str, list[str]]:
    corp = corp or c.Corpus()
    cands, df = _candidates(corp), doc_frequencies(corp, sample)
    exact = set(c.GOV) | set(c.PLACES) | set(c.FILLER)
    chosen = {}
    for kind, (lo, hi) in BANDS.items():
        size = int(kind[0])
        pool = sorted(w for w in cands[size] if lo * sample <= df[w] <= hi * sample and "，" not in w)
        if kind.endswith("r"):
            # Words hiding inside longer ones (a name inside a company's name): what segmentation misses.
            pool = sorted(pool, key=lambda w: (w in exact, df[w], w))
        else:
            pool = sorted(pool, key=lambda w: (w not in exact, -df[w], w))
        if kind == "4r":
            preferred = [w for w in pool if w[2:] in ("科技", "制药", "生物", "信息", "农业")]
        else:
            preferred = [w for w in pool if (w in exact) == kind.endswith("f")]
        preferred = preferred or pool
        chosen[kind] = _spread(preferred, per_kind)
    return chosen


if __name__ == "__main__":
    corp = c.Corpus()
    df = doc_frequencies(corp)
    for kind, ws in select(corp).items():
        print(kind, [(w, df[w]) for w in ws])
