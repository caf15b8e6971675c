"""Keeping each task's status row right: after every change, and as the days pass.

Two ways a status moves:

- a write (a report counted or returned, a unit assigned, a due date moved, a
  task closed, a child added or weighted differently) changes what the light is
  made of. The write calls `touch(task_id)` in its transaction; the task and
  its ancestors (whose roll-up it feeds) are recomputed at once, or at the end
  of a `changing()` block that gathers many writes into one bulk refresh;
- the calendar moves the expected percent and turns tasks overdue or at risk.
  `relight(rows, today)` recomputes only that part, from the stored facts;
  `manage.py refresh_status` runs it daily, and readers run it for any row
  computed for an earlier day, so a missed run never shows a wrong light.

Every formula comes from luoshi.work.progress; this module only gathers the
inputs in bulk (a fixed number of queries per call, per level of the tree).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from luoshi.reporting.models import ProgressReport
from luoshi.status.models import TaskStatus
from luoshi.work import progress
from luoshi.work.models import Assignment, Milestone, Task
from luoshi.work.progress import COUNTED_STATES, Facts, Thresholds

# Rows per `IN (…)` list: well under SQLite's 32,766 bound variables. Every query below
# drops the models' default ordering, which would join and sort tasks by plan for nothing.
CHUNK = 5000

# The day-driven columns, and all of them (for the upsert).
DAY_FIELDS = ["light", "why", "days", "expected", "computed_for"]
FACT_FIELDS = ["latest_report", "reported", "risk_flag", "risk_reason", "was_behind", "rollup", "percent", "done",
               "milestones"]
# What a reader loads to show or relight a row: the facts, the day's columns, the task's dates.
READ_FIELDS = [*FACT_FIELDS, *DAY_FIELDS, "task__start", "task__due"]

_pending: ContextVar[set[int] | None] = ContextVar("luoshi_status_pending", default=None)


def chunks(ids: Iterable[int], size: int = CHUNK) -> Iterator[list[int]]:
    ids = list(ids)
    for i in range(0, len(ids), size):
        yield ids[i:i + size]


# --- when to refresh ---------------------------------------------------------------


def touch(*task_ids: int | None) -> None:
    """A write moved these tasks: refresh them (and their ancestors) now, or at the end of `changing()`."""
    ids = {pk for pk in task_ids if pk is not None}
    if not ids:
        return
    pending = _pending.get()
    if pending is not None:
        pending.update(ids)
    else:
        refresh_tasks(ids)


@contextlib.contextmanager
def changing() -> Iterator[set[int]]:
    """Gather the tasks touched inside the block and refresh them once, in bulk, as it ends.

    Use it inside the writer's `transaction.atomic()` so the refresh is part
    of the same transaction; nested blocks join the outermost one.
    """
    if _pending.get() is not None:
        yield _pending.get()
        return
    pending: set[int] = set()
    token = _pending.set(pending)
    try:
        yield pending
        flush()
    finally:
        _pending.reset(token)


def flush() -> None:
    """Refresh what an open `changing()` block has gathered so far (a reader inside it needs it)."""
    pending = _pending.get()
    if pending:
        ids = set(pending)
        pending.clear()
        refresh_tasks(ids)


# --- the full refresh: facts and light ---------------------------------------------


@dataclass
class _Tree:
    """The tasks to recompute and, for the roll-up, every child of each."""

    ids: set[int]
    # parent id -> [(child id, weight, done, stored percent or None)]
    children: dict[int, list[tuple[int, float, bool, float | None]]] = field(default_factory=dict)


def _tree(task_ids: Iterable[int]) -> _Tree:
    ids = set(task_ids)
    # Ancestors: their roll-up moves with any descendant.
    frontier = set(ids)
    while frontier:
        parents = set(Task.objects.filter(pk__in=frontier, parent__isnull=False).order_by()
                      .values_list("parent_id", flat=True))
        frontier = parents - ids
        ids |= frontier
    # Two writers refreshing the same task or parent (sibling reports submitted at
    # once) take turns, in id order: the second reads what the first committed,
    # so neither roll-up loses the other's change (PostgreSQL; SQLite has one writer).
    for part in chunks(sorted(ids)) if connection.features.has_select_for_update else ():
        list(TaskStatus.objects.select_for_update().filter(task_id__in=part).order_by("task_id")
             .values_list("task_id", flat=True))
    # Children of every task recomputed; a child without a status row (written
    # in bulk, outside the services) is recomputed too, and so on downwards.
    # An archived child (luoshi.work.archive) leaves its current parent's roll-up; a task
    # archived with its branch keeps rolling up the children archived with it.
    tree = _Tree(ids, defaultdict(list))
    counted = Q(archived_at__isnull=True) | Q(parent__archived_at__isnull=False)
    frontier = set(ids)
    while frontier:
        added: set[int] = set()
        for part in chunks(frontier):
            for pk, parent_id, weight, completed_at, percent, computed_for in Task.objects.filter(
                counted, parent_id__in=part
            ).order_by().values_list("pk", "parent_id", "weight", "completed_at", "status__percent", "status__computed_for"):
                tree.children[parent_id].append((pk, float(weight), completed_at is not None, percent))
                if computed_for is None and pk not in ids:
                    added.add(pk)
        ids |= added
        frontier = added
    return tree


def refresh_tasks(task_ids: Iterable[int], today: dt.date | None = None) -> int:
    """Recompute the status of these tasks and of their ancestors, and store it. Returns the rows written."""
    with transaction.atomic(savepoint=False):
        return _refresh(task_ids, today or timezone.localdate())


def _refresh(task_ids: Iterable[int], today: dt.date) -> int:
    t = Thresholds.from_settings()
    tree = _tree(task_ids)
    if not tree.ids:
        return 0
    tasks: dict[int, Task] = {}
    leads: dict[int, set[int]] = defaultdict(set)
    reports: dict[int, list[tuple]] = defaultdict(list)
    milestones: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    for part in chunks(tree.ids):
        tasks.update((task.pk, task) for task in Task.objects.filter(pk__in=part).order_by().only(
            "pk", "parent_id", "start", "due", "completed_at", "weight"))
        for task_id, org_id in Assignment.objects.filter(task_id__in=part, role=Assignment.Role.LEAD).order_by().values_list(
            "task_id", "organization_id"
        ):
            leads[task_id].add(org_id)
        for row in (
            ProgressReport.objects.filter(task_id__in=part, state__in=COUNTED_STATES)
            .order_by("task_id", "submitted_at", "version", "pk")  # pk: the later of two at one instant
            .values_list("task_id", "organization_id", "pk", "percent", "risk_flag", "risk_reason", "submitted_at")
        ):
            reports[row[0]].append(row)
        for task_id, day, pct in Milestone.objects.filter(task_id__in=part).order_by().values_list(
            "task_id", "planned_date", "planned_percent"
        ):
            milestones[task_id].append((day, pct))

    rows: dict[int, TaskStatus] = {}
    for task in tasks.values():
        counted = [r for r in reports.get(task.pk, ()) if not leads[task.pk] or r[1] in leads[task.pk]]
        latest = counted[-1] if counted else None
        rows[task.pk] = TaskStatus(
            task_id=task.pk,
            latest_report_id=latest[2] if latest else None,
            reported=float(latest[3]) if latest else None,
            risk_flag=bool(latest and latest[4]),
            risk_reason=latest[5] if latest else "",
            was_behind=progress.was_behind(((float(r[3]), r[4], r[6]) for r in counted[:-1]),
                                           task.start, task.due, milestones.get(task.pk, ()), t),
            done=task.completed_at is not None,
            milestones=[[day.isoformat(), pct] for day, pct in sorted(milestones.get(task.pk, ()))],
        )

    def percent_of(pk: int) -> float | None:
        row = rows[pk]
        if row.computed_for is None:  # not yet rolled up
            kids = tree.children.get(pk)
            row.rollup = rollup_of(kids) if kids else None
            row.percent = row.rollup if kids else row.reported
            row.computed_for = today
        return row.percent

    def rollup_of(kids) -> float | None:
        return progress.rollup_percent(
            (weight, percent_of(kid) if kid in rows else stored, done) for kid, weight, done, stored in kids
        )

    for pk in rows:
        percent_of(pk)
    for row in rows.values():
        row.task = tasks[row.task_id]
    _set_light(rows.values(), today, t)
    _store(rows.values(), FACT_FIELDS + DAY_FIELDS)
    return len(rows)


def _set_light(rows: Iterable[TaskStatus], today: dt.date, t: Thresholds) -> None:
    for row in rows:
        value = light_on(row, today, t)
        row.light, row.why, row.days, row.expected = value.status, value.why, value.days, value.expected
        row.computed_for = today


def light_on(row: TaskStatus, today: dt.date, t: Thresholds | None = None) -> progress.Light:
    """The light of a task on `today` from its stored facts: progress.light applied to them, no query.

    `row.task` must carry the task's start and due (READ_FIELDS).
    """
    return progress.light(
        Facts(start=row.task.start, due=row.task.due, done=row.done, percent=row.percent, risk_flag=row.risk_flag,
              risk_reason=row.risk_reason, milestones=row.planned(), was_behind=row.was_behind),
        today, t,
    )


def _store(rows: Iterable[TaskStatus], fields: list[str]) -> None:
    rows = sorted(rows, key=lambda row: row.task_id)  # locks in id order, as above
    for i in range(0, len(rows), CHUNK // 4):
        TaskStatus.objects.bulk_create(rows[i:i + CHUNK // 4], update_conflicts=True, unique_fields=["task"],
                                       update_fields=fields)


# --- the calendar: relight stored facts for another day ----------------------------


def relight(rows: list[TaskStatus], today: dt.date) -> None:
    """Move rows (loaded with READ_FIELDS) to `today` and store them; the facts stay as they are."""
    _set_light(rows, today, Thresholds.from_settings())
    _store(rows, DAY_FIELDS)


def stale(today: dt.date) -> Q:
    """Rows not computed for `today`."""
    return Q(computed_for__lt=today) | Q(computed_for__gt=today)


def refresh_day(today: dt.date | None = None, batch: int = 2000) -> tuple[int, int]:
    """Bring every row to `today` and give every task without one its row: (rows relit, rows created)."""
    today = today or timezone.localdate()
    relit = 0
    while True:
        rows = list(TaskStatus.objects.filter(stale(today)).select_related("task").only(*READ_FIELDS)
                    .order_by("task_id")[:batch])
        if not rows:
            break
        with transaction.atomic():
            relight(rows, today)
        relit += len(rows)
    created = 0
    while True:
        missing = list(Task.objects.filter(status__isnull=True).order_by("pk").values_list("pk", flat=True)[:batch])
        if not missing:
            break
        with transaction.atomic():
            refresh_tasks(missing, today)
        created += len(missing)
    return relit, created


def refresh_all(today: dt.date | None = None, batch: int = 2000) -> int:
    """Recompute every task from its reports, deepest first so each roll-up reads fresh children.

    A repair, not the daily run: after a bulk load that bypassed the services,
    or after the light thresholds changed in the settings.
    """
    today = today or timezone.localdate()
    parent_of = dict(Task.objects.order_by().values_list("pk", "parent_id"))
    depth: dict[int, int] = {}

    def depth_of(pk: int) -> int:
        chain = []
        while pk not in depth and parent_of.get(pk) is not None:
            chain.append(pk)
            pk = parent_of[pk]
        base = depth.setdefault(pk, 0)
        for i, node in enumerate(reversed(chain), start=1):
            depth[node] = base + i
        return depth[chain[0]] if chain else base

    ordered = sorted(parent_of, key=lambda pk: (-depth_of(pk), pk))
    for part in chunks(ordered, batch):
        with transaction.atomic():
            refresh_tasks(part, today)
    return len(ordered)
