"""What the home page shows each role, assembled in a fixed number of queries.

The office and the group members see the programme overview; a unit sees the
tasks it leads or supports and its own reports. Lights come from the
maintained status (luoshi.status): counted in SQL, read for the tasks shown.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Prefetch, Q, prefetch_related_objects
from django.http import HttpRequest

from luoshi import access
from luoshi.lib.paging import page_of
from luoshi.reporting.models import ProgressReport
from luoshi.status.lights import Snapshot, lights_for
from luoshi.work.current import current_task
from luoshi.work.models import Assignment, Task
from luoshi.work.progress import Light, Status

# Tiles and bars read from good to bad, then what has not begun.
STATE_ORDER = (Status.ON_TRACK, Status.AT_RISK, Status.OVERDUE, Status.DONE, Status.NOT_STARTED)
# Long lists are cut on the home page (the office's lists link to the full ones; a unit's page on).
LIST_LIMIT = 20
RECENT_MEETINGS = 5


@dataclass
class PlanRow:
    plan: object
    total: int = 0
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def done_percent(self) -> int:
        return round(100 * self.counts.get(Status.DONE, 0) / self.total) if self.total else 0

    def bar(self) -> list[tuple[str, int, float]]:
        """(status, count, width %) in the order the bar draws them."""
        order = (Status.DONE, *STATE_ORDER[:3], Status.NOT_STARTED)
        return [(s, self.counts.get(s, 0), 100 * self.counts.get(s, 0) / self.total) for s in order
                if self.total and self.counts.get(s)]


def _with_lead_units(tasks: list[Task]) -> list[Task]:
    prefetch_related_objects(tasks, Prefetch(
        "assignments", queryset=Assignment.objects.select_related("organization"), to_attr="assignment_list",
    ))
    for task in tasks:
        task.lead_units = [a.organization for a in task.assignment_list if a.role == Assignment.Role.LEAD]
    return tasks


def programme_overview(user, today: dt.date) -> dict:
    """The office's (and the group's) overview: plans by light, what needs attention, recent meetings.

    Archived plans and tasks (luoshi.work.archive) are left out of every list and count.
    """
    plans = list(access.current_plans(user).select_related("organization"))
    # Counted and listed by the database from the maintained status (luoshi.status).
    snapshot = Snapshot(access.current_tasks(user), today)
    by_plan = snapshot.counts(by="plan_id")
    rows = {plan.pk: PlanRow(plan) for plan in plans}
    for plan_id, counts in by_plan.items():
        row = rows.get(plan_id)
        if row is not None:
            row.counts = {status: n for status, n in counts.items() if n}
            row.total = sum(counts.values())
    totals = Counter()
    for counts in by_plan.values():
        totals.update(counts)

    overdue, overdue_total = snapshot.listing(Status.OVERDUE, LIST_LIMIT)
    at_risk, at_risk_total = snapshot.listing(Status.AT_RISK, LIST_LIMIT)
    _with_lead_units(overdue + at_risk)
    lights: dict[int, Light] = snapshot.lights(overdue + at_risk)

    awaiting = list(
        access.visible_reports(user)
        .filter(current_task("task__"), state=ProgressReport.State.APPROVED)
        .select_related("task", "organization", "round")
        .order_by("-approved_at", "-pk")[:LIST_LIMIT]
    )
    meetings = list(
        access.visible_meetings(user).select_related("organization").order_by("-date", "-pk")[:RECENT_MEETINGS]
    )
    return {
        "plan_rows": [rows[plan.pk] for plan in plans],
        "totals": {status: totals.get(status, 0) for status in STATE_ORDER},
        "task_count": sum(totals.values()),
        "overdue": overdue,
        "overdue_more": max(0, overdue_total - LIST_LIMIT),
        "at_risk": at_risk,
        "at_risk_more": max(0, at_risk_total - LIST_LIMIT),
        "awaiting": awaiting,
        "meetings": meetings,
        "lights": lights,
    }


def unit_work(user, today: dt.date, request=None) -> dict:
    """A unit's home: the tasks its unit (or a unit under it) leads or supports, and its reports.

    Every list is a page (LIST_LIMIT rows; ?tasks=, ?returned=, ?submitted=, ?drafts= page on)
    read by the database in due-date or newest-first order; the counts are SQL aggregates.
    Archived tasks, and the tasks of archived plans, are left out of lists and counts.
    """
    units = access.unit_ids(user)
    params = request or _NO_REQUEST
    counts = Assignment.objects.filter(current_task("task__"), organization_id__in=units).order_by().aggregate(
        total=Count("task", distinct=True),
        leads=Count("task", distinct=True, filter=Q(role=Assignment.Role.LEAD)),
    )
    # The scope is DISTINCT over assignments; sorting and counting its ids, not whole rows, is cheaper.
    scope = Task.objects.filter(pk__in=access.current_tasks(user).values("pk"))
    page = page_of(params, scope.select_related("plan").order_by(F("due").asc(nulls_last=True), "pk"),
                   "tasks", LIST_LIMIT)
    tasks = _with_lead_units(list(page.object_list))
    for task in tasks:
        mine = [a for a in task.assignment_list if a.organization_id in units]
        task.my_role = (
            Assignment.Role.LEAD if any(a.role == Assignment.Role.LEAD for a in mine) else Assignment.Role.SUPPORT
        )
        task.my_role_label = Assignment.Role(task.my_role).label
    lights = lights_for(tasks, today)

    reports = (
        access.visible_reports(user)
        .filter(current_task("task__"), organization_id__in=units, superseded_by__isnull=True)
        .select_related("task", "organization", "round")
        .order_by("-created_at", "-pk")
    )
    sections = {
        state: page_of(params, reports.filter(state=state), state, LIST_LIMIT)
        for state in (ProgressReport.State.DRAFT, ProgressReport.State.RETURNED, ProgressReport.State.SUBMITTED)
    }
    return {
        "tasks": tasks,
        "tasks_page": page,
        "total": counts["total"],
        "lights": lights,
        "lead_count": counts["leads"],
        "drafts": sections[ProgressReport.State.DRAFT],
        "returned": sections[ProgressReport.State.RETURNED],
        "submitted": sections[ProgressReport.State.SUBMITTED],
        "may_approve": user.role == user.Role.UNIT_LEADER,
    }


# unit_work without a request (a test, a shell): the first page of every list.
_NO_REQUEST = HttpRequest()
