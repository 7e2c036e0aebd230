"""The query planner's statistics, refreshed after writes that change a table's size by a lot.

SQLite keeps no statistics of its own: ANALYZE writes them (sqlite_stat1), and a table that was
empty when it last ran has none. Without them the planner guesses, and after a large import it
guessed wrong: the search page's 20 hits by primary key were read through the status index, every
published item of it (36 ms instead of 0.1 ms at 100,000 items; decision 0074). PostgreSQL's
autovacuum analyses a changed table within a minute or so; a large import asks at once, so the first
pages after it are planned on the new data."""
from __future__ import annotations

from django.db import connection as default_connection

# Rows an ANALYZE reads per index on SQLite: enough for the planner, milliseconds however large the table.
SQLITE_ANALYSIS_LIMIT = 1000


def refresh_statistics(tables: list[str] | None = None, connection=None) -> None:
    """ANALYZE TABLES (every table when None): bounded on SQLite, sampled by PostgreSQL itself."""
    connection = connection or default_connection
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        for statement in [f"ANALYZE {connection.ops.quote_name(t)}" for t in tables] if tables else ["ANALYZE"]:
            cursor.execute(statement)
