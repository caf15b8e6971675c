"""The unit scorecard (单位评价) of a plan: punctuality, returns, overdue tasks and burden.

All figures are computed in a fixed number of queries, whatever the number of
units, tasks, rounds or reports.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from luoshi.org.models import Organization
from luoshi.reporting.models import ProgressReport, ReportingRound
from luoshi.supervision.models import Reminder
from luoshi.work.models import Assignment, Plan
from luoshi.work.progress import Status, lights_for


@dataclass
class UnitScore:
    unit: Organization
    leads: int = 0
    supports: int = 0
    due: int = 0
    on_time: int = 0
    returns: int = 0
    overdue: int = 0
    requests: int = 0
    reminders: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """on_time / due as a percent; None while nothing has been due."""
        return round(100 * self.on_time / self.due, 1) if self.due else None

    @property
    def burden(self) -> int:
        """Report requests this month: assignments × rounds open this month, plus manual reminders."""
        return self.requests + self.reminders


def month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    return today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1])


def scorecard(plan: Plan, today: dt.date) -> list[UnitScore]:
    """One score per unit assigned in `plan`.

    due       (assignment, round) pairs of the plan whose round deadline has
              passed, leaving out tasks completed before the round opened and
              tasks created after its deadline;
    on_time   of those, the pairs where the unit submitted a version by the
              deadline (the first submission's local date ≤ deadline);
    returns   the unit's report versions in the plan the office returned;
    overdue   tasks of the plan the unit leads whose light today is overdue;
    requests  over every plan: the unit's assignments on tasks not completed
              before this month × the rounds of that task's plan open at some
              point this month;
    reminders manual reminders the office sent the unit this month (one per click).
    """
    assignments = list(
        Assignment.objects.filter(task__plan=plan).select_related("organization", "task")
        .only("pk", "role", "task_id", "organization_id", "organization__name", "organization__short_name",
              "organization__code", "organization__kind", "task__start", "task__due",
              "task__completed_at", "task__created_at", "task__parent_id", "task__weight")
    )
    scores: dict[int, UnitScore] = {}
    for a in assignments:
        score = scores.setdefault(a.organization_id, UnitScore(a.organization))
        if a.role == Assignment.Role.LEAD:
            score.leads += 1
        else:
            score.supports += 1

    tasks = {a.task_id: a.task for a in assignments}
    lights = lights_for(list(tasks.values()), today)
    for a in assignments:
        if a.role == Assignment.Role.LEAD and lights[a.task_id].status == Status.OVERDUE:
            scores[a.organization_id].overdue += 1

    closed = [r for r in ReportingRound.objects.filter(plan=plan, deadline__lt=today)]
    first_submitted: dict[tuple, dt.date] = {}
    for task_id, org_id, round_id, at in (
        ProgressReport.objects.filter(round__in=closed, submitted_at__isnull=False)
        .values_list("task_id", "organization_id", "round_id", "submitted_at")
    ):
        day = timezone.localdate(at)
        key = (task_id, org_id, round_id)
        if key not in first_submitted or day < first_submitted[key]:
            first_submitted[key] = day
    for a in assignments:
        task = a.task
        for r in closed:
            if task.completed_at and timezone.localdate(task.completed_at) < r.opens:
                continue
            if timezone.localdate(task.created_at) > r.deadline:
                continue
            scores[a.organization_id].due += 1
            submitted = first_submitted.get((a.task_id, a.organization_id, r.pk))
            if submitted is not None and submitted <= r.deadline:
                scores[a.organization_id].on_time += 1

    for org_id, n in (
        ProgressReport.objects.filter(task__plan=plan, state=ProgressReport.State.RETURNED)
        .values("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n")
    ):
        if org_id in scores:
            scores[org_id].returns = n

    start, end = month_bounds(today)
    rounds_per_plan = Counter(
        ReportingRound.objects.filter(opens__lte=end, deadline__gte=start).values_list("plan_id", flat=True)
    )
    if rounds_per_plan:
        requested = defaultdict(int)
        for org_id, plan_id in Assignment.objects.filter(
            organization_id__in=scores, task__plan_id__in=rounds_per_plan,
        ).filter(
            Q(task__completed_at__isnull=True) | Q(task__completed_at__date__gte=start)
        ).values_list("organization_id", "task__plan_id"):
            requested[org_id] += rounds_per_plan[plan_id]
        for org_id, n in requested.items():
            scores[org_id].requests = n
    for org_id, n in (
        Reminder.objects.filter(
            kind=Reminder.Kind.MANUAL, organization_id__in=scores,
            created_at__date__gte=start, created_at__date__lte=end,
        ).values("organization_id").annotate(n=Count("batch", distinct=True)).values_list("organization_id", "n")
    ):
        scores[org_id].reminders = n
    return list(scores.values())


SORTS = {
    # Who needs the office's attention first: overdue, then late reporting, then returns.
    "attention": lambda s: (-s.overdue, s.on_time_rate if s.on_time_rate is not None else 101, -s.returns,
                            str(s.unit)),
    "on_time": lambda s: (s.on_time_rate if s.on_time_rate is not None else 101, str(s.unit)),
    "burden": lambda s: (-s.burden, str(s.unit)),
    "name": lambda s: str(s.unit),
}


def sorted_scores(scores: list[UnitScore], sort: str) -> list[UnitScore]:
    return sorted(scores, key=SORTS.get(sort, SORTS["attention"]))
