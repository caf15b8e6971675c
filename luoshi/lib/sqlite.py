"""The SQLite query planner's statistics: ANALYZE where they are missing or stale, cheaply.

SQLite keeps no statistics until ANALYZE writes them (the sqlite_stat1 table),
and without them its planner guesses from the schema alone: on the 10k-task
benchmark database it read the scorecard's reports through the state index
and ANALYZE took three of its queries from 87/61/58 ms to 34/7/1 ms
(docs/performance.md).

SQLite's documentation recommends `PRAGMA optimize` for this (after a schema
change, and periodically; `PRAGMA optimize=0x10002` when a long-lived
connection opens). It does not serve Luoshi as it is:

- before SQLite 3.46 (Debian 12 ships 3.40) the pragma only looks at tables
  the same connection has already queried, and the 0x10000 bit ("check every
  table") does not exist: run from a maintenance job's fresh connection, or
  when a connection opens, it analyzes nothing;
- Django opens a connection per request (CONN_MAX_AGE 0 for SQLite), so there
  is no long-lived connection to tune at open, and the pragma run as a
  connection closes would, on a database never analyzed, run a full ANALYZE
  inside someone's request.

So `update_statistics` applies the rule of 3.46's `PRAGMA optimize=0x10002`
itself, on any version, and is called where the docs place the pragma: after
`migrate` (luoshi.status's AppConfig), by the daily `manage.py refresh_status`
and at the end of `manage.py load_scale`. A table is analyzed when

- the database was never analyzed (no sqlite_stat1): every table, once;
- it has rows and no statistics (created, or empty, at the last ANALYZE), or
  one of its (non-partial) indexes has none (created since);
- its row count is ten times more or less than when it was analyzed (3.46's
  threshold: statistics are ratios, rows per key, which drift slowly).

ANALYZE runs in full, without `PRAGMA analysis_limit`: sampling stops inside a
long run of equal keys, and a limited ANALYZE (1,000 rows) of the 10k database
recorded 1,001 reports per state instead of 20,358, the very misestimate that
sends queries through the state index. Costs on the 10k database (2 cores):
the daily check (one COUNT per table) ~25 ms; a full ANALYZE 2.3 s, about ten
times that at 100k tasks, paid once and then only for a table that grew
tenfold. ANALYZE holds SQLite's write lock while it reads, which is why the
daily run analyzes only what changed.

PostgreSQL needs none of this: autovacuum analyzes a table as it changes.
Only a bulk load (load_scale) runs ANALYZE itself, not to wait for it.
"""

from __future__ import annotations

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

# A table whose row count moved this many times (up or down) since it was analyzed is analyzed again.
STALE_RATIO = 10


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def stale_tables(connection: BaseDatabaseWrapper) -> list[str] | None:
    """Tables whose statistics are missing or stale (see the module); None when nothing was ever analyzed."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
        tables = [row[0] for row in cursor.fetchall()]
        # Every stat row starts with the table's row count at the time of ANALYZE.
        cursor.execute("SELECT tbl, idx, stat FROM sqlite_stat1")
        analyzed: dict[str, int] = {}
        indexes_seen: set[str] = set()
        for table, index, stat in cursor.fetchall():
            analyzed[table] = int(str(stat).split()[0] or 0)
            if index:
                indexes_seen.add(index)
        # A partial index that no row matches gets no statistics: it would look new every day.
        cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'")
        new_index = {table for name, table, sql in cursor.fetchall()
                     if name not in indexes_seen and " WHERE " not in (sql or "").upper()}
        stale = []
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
            rows = cursor.fetchone()[0]
            if not rows:
                continue
            then = analyzed.get(table)
            if then is None or table in new_index or rows >= then * STALE_RATIO or rows * STALE_RATIO <= then:
                stale.append(table)
        return stale


def update_statistics(connection: BaseDatabaseWrapper) -> list[str]:
    """ANALYZE the SQLite tables whose statistics are missing or stale; returns their names (["*"]: all).

    Does nothing on another engine (PostgreSQL's autovacuum keeps its own).
    """
    if connection.vendor != "sqlite":
        return []
    stale = stale_tables(connection)
    with connection.cursor() as cursor:
        if stale is None:
            cursor.execute("ANALYZE")
            return ["*"]
        for table in stale:
            cursor.execute(f"ANALYZE {_quote(table)}")
    return stale


def analyze_after_bulk_load(connection: BaseDatabaseWrapper) -> None:
    """Statistics for a database just filled in bulk, on either engine, rather than waiting for them."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    else:
        update_statistics(connection)


def after_migrate(sender, using: str = "default", plan=None, **kwargs) -> None:
    """post_migrate: new tables and indexes get their statistics (only when migrations were applied)."""
    if not plan:
        return  # nothing migrated, or a test's flush
    update_statistics(connections[using])
