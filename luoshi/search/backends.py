"""The full-text engine behind SearchEntry, chosen by the connection's vendor.

Both engines read the same space-separated tokens (luoshi.search.grams), so
they agree on what matches; each only supplies its index and its rank.

- SQLite: an FTS5 table with external content (the entry table itself),
  kept by triggers in the same transaction as the entry's write; rank is
  bm25 with title tokens weighing ten times body tokens.
- PostgreSQL: a GIN index over setweight(title, 'A') || setweight(body, 'B')
  as tsvectors of the 'simple' configuration (no stemming, no stop words);
  rank is ts_rank over the same expression.

The interface: `install(schema_editor)` / `uninstall(schema_editor)` for the
migration, and `matching(queryset, tokens, every)` which filters SearchEntry
rows to those containing every token (or any, when `every` is false) and
annotates `rank` (lower is better on both engines).
"""
from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet

ENTRY = "search_searchentry"


class SQLiteFTS5:
    vendor = "sqlite"
    fts = "search_fts"

    def install_sql(self) -> list[str]:
        t, e = self.fts, ENTRY
        cols = "title_tokens, body_tokens"
        new = "new.id, new.title_tokens, new.body_tokens"
        old = "'delete', old.id, old.title_tokens, old.body_tokens"
        return [
            # unicode61 splits on spaces and keeps a run of Han characters as
            # one token, so each stored bigram is read back as one term.
            f"CREATE VIRTUAL TABLE {t} USING fts5({cols}, content='{e}', content_rowid='id',"
            f" tokenize='unicode61')",
            f"CREATE TRIGGER {t}_ai AFTER INSERT ON {e} BEGIN"
            f" INSERT INTO {t}(rowid, {cols}) VALUES ({new}); END",
            f"CREATE TRIGGER {t}_ad AFTER DELETE ON {e} BEGIN"
            f" INSERT INTO {t}({t}, rowid, {cols}) VALUES ({old}); END",
            f"CREATE TRIGGER {t}_au AFTER UPDATE ON {e} BEGIN"
            f" INSERT INTO {t}({t}, rowid, {cols}) VALUES ({old});"
            f" INSERT INTO {t}(rowid, {cols}) VALUES ({new}); END",
            # Rows already in the entry table (none on a fresh migration).
            f"INSERT INTO {t}({t}) VALUES ('rebuild')",
        ]

    def uninstall_sql(self) -> list[str]:
        t = self.fts
        return [f"DROP TRIGGER IF EXISTS {t}_{s}" for s in ("ai", "ad", "au")] + [f"DROP TABLE IF EXISTS {t}"]

    def matching(self, queryset: QuerySet, tokens: list[str], every: bool = True) -> QuerySet:
        expr = (" AND " if every else " OR ").join(f'"{t}"' for t in tokens)
        t = self.fts
        return queryset.extra(
            tables=[t],
            where=[f"{t}.rowid = {ENTRY}.id", f"{t} MATCH %s"],
            params=[expr],
            select={"rank": f"bm25({t}, 10.0, 1.0)"},
        )

    def optimize(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {self.fts}({self.fts}) VALUES ('optimize')")


class PostgresTsvector:
    vendor = "postgresql"
    index = "search_entry_tokens_gin"
    vector = (
        "(setweight(to_tsvector('simple'::regconfig, title_tokens), 'A')"
        " || setweight(to_tsvector('simple'::regconfig, body_tokens), 'B'))"
    )

    def install_sql(self) -> list[str]:
        # Serves the search page's match: WHERE <vector> @@ to_tsquery(...).
        return [f"CREATE INDEX {self.index} ON {ENTRY} USING GIN ({self.vector})"]

    def uninstall_sql(self) -> list[str]:
        return [f"DROP INDEX IF EXISTS {self.index}"]

    def matching(self, queryset: QuerySet, tokens: list[str], every: bool = True) -> QuerySet:
        expr = (" & " if every else " | ").join(tokens)
        query = "to_tsquery('simple'::regconfig, %s)"
        return queryset.extra(
            where=[f"{self.vector} @@ {query}"],
            params=[expr],
            select={"rank": f"-ts_rank({self.vector}, {query})"},
            select_params=[expr],
        )

    def optimize(self) -> None:
        pass


_BACKENDS = {b.vendor: b for b in (SQLiteFTS5(), PostgresTsvector())}


def backend(conn=connection):
    try:
        return _BACKENDS[conn.vendor]
    except KeyError:
        raise NotImplementedError(f"no search backend for {conn.vendor}") from None


def install(apps, schema_editor) -> None:
    for sql in backend(schema_editor.connection).install_sql():
        schema_editor.execute(sql)


def uninstall(apps, schema_editor) -> None:
    for sql in backend(schema_editor.connection).uninstall_sql():
        schema_editor.execute(sql)
