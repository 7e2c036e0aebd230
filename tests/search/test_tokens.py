"""The index must find every substring of two or more Han characters, whatever a segmenter would cut."""
import pytest

from gongkai.search import text


@pytest.mark.parametrize(
    "document, query, found",
    [
        ("专利权人须提交证明材料", "专利", True),  # a word inside a longer word (segmenters miss it)
        ("贵阳市科技局", "贵阳", True),
        ("贵阳市科技局", "阳市科", True),
        ("贵阳市科技局", "科技局", True),
        ("贵阳市科技局", "市局", False),  # not adjacent: not a substring
        ("黔科通〔2026〕12号", "2026", True),
        ("AI大模型", "ai", True),
        ("项目申报", "目", True),  # one character: prefix of a bigram or a run's last character
        ("项目申报", "报", True),
        ("黔科通〔2026〕12号", "〔2026〕", True),  # brackets and digits keep their adjacency
        ("2026年度", "2026年", True),
        ("〔2025〕2026年", "〔2026〕", False),
        ("2026 年度", "2026年", False),  # a space ends a run, as in a substring scan
        ("年度报告（2026）", "(2026)", True),  # full-width brackets fold to ASCII
    ],
)
def test_it_tokenises_so_that_substrings_match(document, query, found):
    doc_tokens = text.index_tokens(document).split()
    ok = True
    for kind, tokens in [p for t in text.query_terms(query) for p in text.term_parts(t)]:
        if kind == "prefix":
            ok &= any(tok.startswith(tokens[0]) for tok in doc_tokens)
        else:
            joined = " " + " ".join(doc_tokens) + " "
            ok &= (" " + " ".join(tokens) + " ") in joined
    assert ok is found


def test_it_quotes_user_syntax_out_of_match_expressions():
    # Quotes, operators and brackets are never passed through as syntax: every token is quoted.
    m = text.MARK
    assert text.fts5_query('专利" OR 1') == f'"专利 利{m}22{m}" AND "or" AND "1"*'
    assert text.tsquery("专利'|!(x") == f"('专利' <-> '利{m}27{m}' <-> '{m}27{m}{m}7c{m}' <-> '{m}7c{m}{m}21{m}' <-> '{m}21{m}{m}28{m}' <-> '{m}28{m}x')"


def test_it_highlights_every_occurrence():
    assert text.highlight_spans("专利与专利权", "专利") == [(0, 2), (3, 5)]


def _spans_by_definition(body: str, query: str) -> list[tuple[int, int]]:
    """Where each folded term occurs in the folded text, merged: highlighting as the definition of a
    match says, whatever shortcut highlight_spans takes."""
    folded, spans = text.fold(body), []
    for needle in text.highlight_needles(query):
        start = folded.find(needle)
        while start != -1:
            spans.append((start, start + len(needle)))
            start = folded.find(needle, start + len(needle))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


# Texts with full-width forms, capitals and marks that fold, and queries of Han, Chinese marks,
# digits, Latin letters and full-width forms: highlighted where the folded term is in the folded text.
HIGHLIGHT_CASES = [
    ("关于印发《黔科通〔2024〕12号》的通知，请各单位（含直属单位）执行。", "〔2024〕12号"),
    ("关于印发《黔科通〔２０２４〕１２号》的通知", "〔2024〕12号"),
    ("关于印发《黔科通〔２０２４〕１２号》的通知", "〔２０２４〕"),
    ("ＡＢＣ科技有限公司与abc科技、Abc科技", "abc科技"),
    ("ＡＢＣ科技有限公司与abc科技、Abc科技", "ＡＢＣ"),
    ("专利权人、专利，专利（发明）；专利：实用新型", "专利"),
    ("专利权人、专利，专利（发明）；专利：实用新型", "专利，"),
    ("专利权人、专利,专利（发明）", "专利，"),
    ("第一、第二、第三", "、第"),
    ("ΣΊΣΥΦΟΣ与σίσυφος", "σίσυφος"),
    ("Straße与STRASSE", "straße"),
    ("　全角空格　与 半角", "全角空格"),
]


@pytest.mark.parametrize("body,query", HIGHLIGHT_CASES)
def test_highlighting_marks_where_the_folded_term_is_in_the_folded_text(body, query):
    assert text.highlight_spans(body, query) == _spans_by_definition(body, query)
    assert text.highlight_spans(body, query, text.highlight_needles(query)) == _spans_by_definition(body, query)


def test_highlighting_agrees_with_the_definition_on_random_texts():
    import random

    rng = random.Random(77)
    alphabet = "专利权人科技〔〕（）、，：；2024２０２４ABCabcＡＢＣ　 号年度ΣσßSS"
    for _ in range(2000):
        body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        query = " ".join("".join(rng.choice(alphabet) for _ in range(rng.randint(1, 4))) for _ in range(rng.randint(1, 2)))
        assert text.highlight_spans(body, query) == _spans_by_definition(body, query), (body, query)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # keeps the seeded topics for later tests
def test_a_flushed_database_leaves_no_stale_text_index(org, draft, publish):
    """After a test that commits, `flush` empties the models; the FTS5 tables must follow."""
    from django.core.management import call_command
    from django.db import connection

    from gongkai.search.selectors import search_items

    publish(draft)
    assert search_items("专利").count == 1
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as c:
            c.execute("SELECT count(*) FROM search_fts")
            assert c.fetchone()[0] == 0
    assert search_items("专利").count == 0
