"""The search curve's slow-query log (bench.curve.SlowLog, issue 11: "the slow-query log of a bench
run is empty above 50 ms") must catch a slow statement and pass a fast one, or RESULTS-search.md
would report an empty log that was never kept."""
from django.db import connection

from bench.curve import SlowLog

# A statement of some 100–300 ms on either database, one of well under a millisecond.
SLOW = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) SELECT count(*) FROM n"
FAST = "SELECT 1"


def test_it_keeps_the_statements_over_fifty_milliseconds_and_counts_every_one(db):
    log = SlowLog()
    with connection.execute_wrapper(log), connection.cursor() as c:
        c.execute(FAST)
        c.execute(SLOW)
        assert c.fetchone()[0] == 1000000
        c.execute(FAST)
    summary = log.summary()
    assert summary["statements"] == 3 and summary["over_50_ms"] == 1
    ms, sql = summary["slowest"][0]
    assert ms > SlowLog.SLOW_MS and sql.startswith("WITH RECURSIVE n(i)")


def test_a_run_of_fast_statements_leaves_it_empty(db):
    log = SlowLog()
    with connection.execute_wrapper(log), connection.cursor() as c:
        for _ in range(20):
            c.execute(FAST)
    assert log.summary() == {"statements": 20, "over_50_ms": 0, "slowest": []}


def test_the_bench_s_own_bookkeeping_is_not_the_product_s_and_is_left_out(db):
    """A statement the bench marks as its own (a count of the table, say) is not in the log, however slow."""
    log = SlowLog()
    with connection.execute_wrapper(log), connection.cursor() as c:
        c.execute(f"{SlowLog.BENCH_OWN} {SLOW}")
        c.execute(SLOW)
    summary = log.summary()
    assert summary["statements"] == 1 and summary["over_50_ms"] == 1
