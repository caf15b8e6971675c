"""Buffered bulk inserts with ids given up front, timed and counted per table.

Rows are tuples in the column order of the model's own _meta, written a
chunk at a time: executemany on SQLite, COPY on PostgreSQL. Django's
bulk_create prepares every value of every row through the field machinery;
measured on this project's 2-core machine it took ~1 ms a report row (106 s
for 100,000 reports), which puts a million reports out of reach, while the
same rows as tuples go in at tens of thousands a second. The columns, their
defaults and their conversions still come from the models, so a new column
with a default needs nothing here.

Ids are handed out by the generator (from the table's current maximum) so a
report can point at the version it supersedes, and an event at its object,
without reading anything back; PostgreSQL's sequences are moved past them at
the end. Rows keep the times the generator gives them (auto_now is a
save() behaviour, and nothing here calls save()).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max

# Rows held before a write: one transaction each, so a commit is rare and
# the memory of one chunk stays modest.
CHUNK = 20_000


def _identity(v: Any) -> Any:
    return v


def _sqlite_datetime(v: dt.datetime | None) -> str | None:
    # As Django stores it on SQLite: naive UTC, "YYYY-MM-DD HH:MM:SS[.ffffff]".
    return None if v is None else str(v.astimezone(dt.timezone.utc).replace(tzinfo=None))


def _converter(field: models.Field) -> Callable[[Any], Any]:
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.JSONField):
        return lambda v: None if v is None else json.dumps(v, ensure_ascii=False)
    if isinstance(field, models.DateTimeField):
        return _sqlite_datetime if sqlite else _identity
    if isinstance(field, models.DateField):
        return (lambda v: None if v is None else v.isoformat()) if sqlite else _identity
    if isinstance(field, models.UUIDField):
        return (lambda v: None if v is None else v.hex) if sqlite else _identity
    return _identity


class _Table:
    """How to turn keyword values into a row of one model's table."""

    def __init__(self, model: type[models.Model]) -> None:
        fields = model._meta.concrete_fields
        self.model = model
        self.index = {f.attname: i for i, f in enumerate(fields)}
        self.index["pk"] = self.index[model._meta.pk.attname]
        # Only the columns whose value changes on the way in are converted.
        self.convert = [(i, c) for i, c in enumerate(_converter(f) for f in fields) if c is not _identity]
        # Defaults computed once, except callable ones (computed per row not given).
        self.template: list[Any] = []
        self.per_row: list[tuple[int, models.Field]] = []
        for i, f in enumerate(fields):
            if f.has_default() and callable(f.default):
                self.template.append(None)
                self.per_row.append((i, f))
            else:
                self.template.append(None if f.primary_key else f.get_default())
        qn = connection.ops.quote_name
        self.columns = ", ".join(qn(f.column) for f in fields)
        self.sql = f"INSERT INTO {qn(model._meta.db_table)} ({self.columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        self.copy = f"COPY {qn(model._meta.db_table)} ({self.columns}) FROM STDIN"

    def row(self, values: dict[str, Any]) -> tuple:
        row = list(self.template)
        for i, f in self.per_row:
            if f.attname not in values:
                row[i] = f.get_default()
        index = self.index
        for name, value in values.items():
            row[index[name]] = value
        for i, convert in self.convert:
            row[i] = convert(row[i])
        return tuple(row)


class Writer:
    def __init__(self, chunk: int = CHUNK) -> None:
        self.chunk = chunk
        self.rows: Counter[str] = Counter()
        self.seconds: Counter[str] = Counter()
        self._tables: dict[type[models.Model], _Table] = {}
        self._buffers: dict[type[models.Model], list[tuple]] = {}
        self._next: dict[type[models.Model], int] = {}
        self._pending = 0
        self.log: Any = None  # the event log's writer (luoshi.scale.events.Log), set by the builder

    def next_id(self, model: type[models.Model]) -> int:
        if model not in self._next:
            self._next[model] = (model._default_manager.aggregate(m=Max("pk"))["m"] or 0) + 1
        value = self._next[model]
        self._next[model] = value + 1
        return value

    def add(self, model: type[models.Model], **values: Any) -> None:
        table = self._tables.get(model)
        if table is None:
            table = self._tables[model] = _Table(model)
            self._buffers[model] = []
        if "pk" not in values and model._meta.pk.attname not in values:
            values["pk"] = self.next_id(model)
        self._buffers[model].append(table.row(values))
        self._pending += 1
        if self._pending >= self.chunk:
            self.flush()

    def flush(self) -> None:
        """Write everything buffered in one transaction, tables in the order their first row came.

        All at once, because a row may point at one still buffered for another
        table (an assignment at its task); the generator makes parents first.
        """
        with transaction.atomic(), connection.cursor() as cursor:
            for model, buffer in self._buffers.items():
                if not buffer:
                    continue
                started = time.perf_counter()
                table = self._tables[model]
                if connection.vendor == "postgresql":
                    with cursor.cursor.copy(table.copy) as copy:
                        for row in buffer:
                            copy.write_row(row)
                else:
                    cursor.executemany(table.sql, buffer)
                self.seconds[model._meta.label] += time.perf_counter() - started
                self.rows[model._meta.label] += len(buffer)
                buffer.clear()
        self._pending = 0

    def finish(self) -> None:
        self.flush()
        if connection.vendor == "postgresql" and self._next:
            # The ids were given here; the next row made by the application takes the next one.
            with connection.cursor() as cursor:
                for sql in connection.ops.sequence_reset_sql(no_style(), list(self._next)):
                    cursor.execute(sql)


@contextlib.contextmanager
def bulk_session() -> Iterator[None]:
    """On SQLite, no fsync per commit during the load: a load that fails half-way is thrown away."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        # (SQLite refuses to change it inside a transaction: a test's, or a caller's.)
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous=OFF")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=FULL")
