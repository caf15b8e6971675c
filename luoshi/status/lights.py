"""Reading task lights from the maintained rows, in bulk, in a fixed number of queries.

Reading never writes (a page does not take the database's write lock), with
one exception: a task without a row (loaded in bulk, outside the services)
gets one. A row computed for another day — the daily `refresh_status` has not
run yet, or a test moved the clock — is relit in memory from its stored facts
(luoshi.status.maintain.light_on), so a page is never wrong and after the
daily run shows stored lights as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, F, QuerySet
from django.utils import timezone

from luoshi.status import maintain
from luoshi.status.models import TaskStatus
from luoshi.work.models import Task
from luoshi.work.progress import Light, Status, Thresholds

# What a listed task shows besides its light.
TASK_FIELDS = ("pk", "code", "plan_id", "parent_id", "title", "start", "due", "completed_at")


def _rows(ids: Sequence[int]) -> dict[int, TaskStatus]:
    rows: dict[int, TaskStatus] = {}
    for part in maintain.chunks(ids):
        rows.update((row.task_id, row) for row in TaskStatus.objects.filter(task_id__in=part)
                    .select_related("task").only(*maintain.READ_FIELDS))
    return rows


def _light(row: TaskStatus, today: dt.date, thresholds: Thresholds | None) -> Light:
    if row.computed_for == today and thresholds is None:
        return row.as_light()
    return maintain.light_on(row, today, thresholds)


def lights_for(tasks: Sequence, today: dt.date, thresholds: Thresholds | None = None) -> dict[int, Light]:
    """The light of each task on `today`, keyed by task id (luoshi.work.progress.light is the formula).

    One query for any number of tasks. For another day (a bulletin as of a
    past date) or other thresholds the formula is applied to the stored facts.
    """
    maintain.flush()
    ids = list(dict.fromkeys(task.pk for task in tasks))
    rows = _rows(ids)
    missing = [pk for pk in ids if pk not in rows]
    if missing:
        maintain.refresh_tasks(missing)
        rows.update(_rows(missing))
    if thresholds == Thresholds.from_settings():
        thresholds = None
    return {pk: _light(rows[pk], today, thresholds) for pk in ids if pk in rows}


class Snapshot:
    """The lights of a set of tasks on a day, counted and listed by the database.

    One grouped query counts the tasks by plan, light and the day each row was
    computed for; rows computed for today are then listed and filtered in SQL.
    Rows of another day (none after the daily run) or missing rows are relit
    in memory, with one more query (`others`), and merged in.
    """

    def __init__(self, tasks: QuerySet, today: dt.date | None = None):
        maintain.flush()
        self.today = today or timezone.localdate()
        # A unit's scope is DISTINCT over its assignments: count tasks by id then.
        self.scope = (Task.objects.filter(pk__in=tasks.values("pk")) if tasks.query.distinct else tasks).order_by()
        self.current = self.scope.filter(status__computed_for=self.today)
        self._grouped: list[tuple[int, str | None, dt.date | None, int]] | None = None
        self._others: dict[int, tuple[Task, Light]] | None = None

    def grouped(self) -> list[tuple[int, str | None, dt.date | None, int]]:
        """(plan id, light, computed for, count), with light and day None for tasks without a row."""
        if self._grouped is None:
            columns = ("plan_id", "status__light", "status__computed_for")
            self._grouped = list(self.scope.values_list(*columns).annotate(n=Count("pk")).values_list(*columns, "n"))
        return self._grouped

    def others(self) -> dict[int, tuple[Task, Light]]:
        """Tasks whose row is of another day (or missing), with their light today."""
        if self._others is None:
            self._others = {}
            if any(day != self.today for _, _, day, _ in self.grouped()):
                self._others = self._relit()
        return self._others

    def _relit(self) -> dict[int, tuple[Task, Light]]:
        tasks = list(self.scope.exclude(status__computed_for=self.today).select_related("status").only(
            *TASK_FIELDS, *(f"status__{name}" for name in maintain.FACT_FIELDS + maintain.DAY_FIELDS)))
        rows = {task.pk: task.status for task in tasks if hasattr(task, "status")}
        missing = [task.pk for task in tasks if task.pk not in rows]
        if missing:
            maintain.refresh_tasks(missing, self.today)
            rows.update(_rows(missing))
        return {task.pk: (task, maintain.light_on(rows[task.pk], self.today)) for task in tasks}

    def counts(self, by: str | None = None) -> dict:
        """{status: n} for every status; with by="plan_id", {plan id: {status: n}}."""
        if by not in (None, "plan_id"):
            raise ValueError(f"counts by {by!r}: only by plan_id")
        grouped: dict = {}
        for plan_id, light, day, n in self.grouped():
            if day == self.today:
                bucket = grouped.setdefault(plan_id if by else None, dict.fromkeys(Status.ALL, 0))
                bucket[light] += n
        for task, value in self.others().values():
            bucket = grouped.setdefault(task.plan_id if by else None, dict.fromkeys(Status.ALL, 0))
            bucket[value.status] += 1
        if by is None:
            return grouped.get(None, dict.fromkeys(Status.ALL, 0))
        return grouped

    def listing(self, status: str, limit: int, fields: Sequence[str] = TASK_FIELDS) -> tuple[list[Task], int]:
        """The first `limit` tasks with this light by due date (then id), and how many there are."""
        total = sum(n for _, light, day, n in self.grouped() if day == self.today and light == status)
        first = list(self.current.filter(status__light=status).only(*fields)
                     .order_by(F("due").asc(nulls_last=True), "pk")[:limit])
        extra = [task for task, value in self.others().values() if value.status == status]
        if extra:
            first = sorted(first + extra, key=lambda t: (t.due or dt.date.max, t.pk))[:limit]
        return first, total + len(extra)

    def ids(self, status: str) -> set[int]:
        """The ids of the tasks with this light."""
        found = set(self.current.filter(status__light=status).values_list("pk", flat=True))
        return found | {pk for pk, (_, value) in self.others().items() if value.status == status}

    def lights(self, tasks: Sequence[Task]) -> dict[int, Light]:
        """The lights of tasks listed from this snapshot."""
        return lights_for(tasks, self.today)


def status_counts(tasks: QuerySet, today: dt.date | None = None) -> dict[str, int]:
    """How many of these tasks have each light on `today`: {status: n} for every status.

    Counted by the database (one query whatever the number of tasks); rows of
    another day, which the daily run leaves none of, are relit in memory.
    """
    return Snapshot(tasks, today).counts()
