"""What lists, counts, boards and reminders keep: the plans and tasks not archived.

A task is current when neither it nor its plan is archived (luoshi.work.archive
archives a task with its sub-tasks, and a plan without touching its tasks).
Where a user's scope applies, use access.current_plans / current_tasks; these
filters serve the rows reached through a relation (an assignment's task, a
report's task) and the jobs that run for nobody in particular. Detail pages do
not filter: an archived plan or task opens by its link, for audit.

Each is a plain WHERE on the query the page already runs (a join to the plan
at most), so it never adds a query.
"""

from __future__ import annotations

from django.db.models import Q


def current_task(prefix: str = "") -> Q:
    """Rows whose task (reached by `prefix`, e.g. "task__") is current."""
    return Q(**{f"{prefix}archived_at__isnull": True, f"{prefix}plan__archived_at__isnull": True})


def current_plan(prefix: str = "") -> Q:
    """Rows whose plan (reached by `prefix`, e.g. "plan__") is not archived."""
    return Q(**{f"{prefix}archived_at__isnull": True})
