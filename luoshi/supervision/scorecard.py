"""The unit scorecard (单位评价) of a plan: punctuality, sign-for, returns, overdue tasks, extensions and burden.

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

from luoshi.audit.models import Event
from luoshi.org.models import Organization
from luoshi.reporting.models import ProgressReport, ReportingRound
from luoshi.status.lights import Snapshot
from luoshi.supervision.models import Reminder
from luoshi.work.models import Assignment, ExtensionRequest, Plan
from luoshi.work.progress import Status


@dataclass
class UnitScore:
    unit: Organization
    leads: int = 0
    supports: int = 0
    due: int = 0
    on_time: int = 0
    returns: int = 0
    overdue: int = 0
    received: int = 0
    signed_on_time: int = 0
    extensions: int = 0
    extensions_granted: int = 0
    requests: int = 0
    sign_requests: int = 0
    reminders: int = 0

    @property
    def on_time_rate(self) -> float | None:
        """on_time / due as a percent; None while nothing has been due."""
        return round(100 * self.on_time / self.due, 1) if self.due else None

    @property
    def sign_rate(self) -> float | None:
        """signed_on_time / received as a percent; None while no sign-for has fallen due."""
        return round(100 * self.signed_on_time / self.received, 1) if self.received else None

    @property
    def burden(self) -> int:
        """What the unit was asked this month: report requests, sign-for requests and reminders."""
        return self.requests + self.sign_requests + self.reminders


def month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    return today.replace(day=1), today.replace(day=calendar.monthrange(today.year, today.month)[1])


def scorecard(plan: Plan, today: dt.date) -> list[UnitScore]:
    """One score per unit assigned in `plan`.

    due       (assignment, round) pairs of the plan whose round deadline has
              passed, leaving out tasks completed before the round opened and
              tasks created after its deadline;
    on_time   of those, the pairs where the unit submitted a version by the
              deadline (the first submission's local date ≤ deadline);
    received  the unit's assignments in the plan that carry a sign-for date
              and have fallen due: signed for, or still unsigned after the
              date (one returned with a reason in time is the unit's answer,
              not a delay, and is left out; one still inside its period is
              not yet due);
    signed_on_time  of those, the ones signed for by the sign-for date (local day);
    returns   the unit's report versions in the plan the office returned;
    overdue   tasks of the plan the unit leads whose light today is overdue;
    extensions  extension requests the unit made on tasks of the plan (and
              how many were granted);
    requests  over every plan: the unit's assignments on tasks not completed
              before this month, and not returned by the unit, × the rounds of
              that task's plan open at some point this month;
    sign_requests  over every plan: assignments the unit was asked to sign for
              this month (a new assignment, or one given back after a return);
    reminders reminders the unit received this month: one per click of the
              office, and one per day the unit got an automatic digest,
              however many accounts the unit has.
    """
    assignments = list(
        Assignment.objects.filter(task__plan=plan).select_related("organization", "task")
        .only("pk", "role", "task_id", "organization_id", "organization__name", "organization__short_name",
              "organization__code", "organization__kind", "task__start", "task__due",
              "task__completed_at", "task__created_at", "task__parent_id", "task__weight",
              "state", "due_to_sign", "signed_at")
    )
    scores: dict[int, UnitScore] = {}
    for a in assignments:
        score = scores.setdefault(a.organization_id, UnitScore(a.organization))
        if a.role == Assignment.Role.LEAD:
            score.leads += 1
        else:
            score.supports += 1

    overdue = Snapshot(plan.tasks.all(), today).ids(Status.OVERDUE)
    for a in assignments:
        if a.role == Assignment.Role.LEAD and a.task_id in overdue:
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

    for a in assignments:
        if a.due_to_sign is None or a.state == Assignment.State.RETURNED:
            continue
        if a.state == Assignment.State.SIGNED and a.signed_at is not None:
            score = scores[a.organization_id]
            score.received += 1
            if timezone.localdate(a.signed_at) <= a.due_to_sign:
                score.signed_on_time += 1
        elif a.state == Assignment.State.PENDING and a.due_to_sign < today:
            scores[a.organization_id].received += 1

    for org_id, state, n in (
        ExtensionRequest.objects.filter(task__plan=plan, organization_id__in=scores)
        .values("organization_id", "state").annotate(n=Count("pk")).values_list("organization_id", "state", "n")
    ):
        scores[org_id].extensions += n
        if state == ExtensionRequest.State.ACCEPTED:
            scores[org_id].extensions_granted += n

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
        ).exclude(state=Assignment.State.RETURNED).filter(
            Q(task__completed_at__isnull=True) | Q(task__completed_at__date__gte=start)
        ).values_list("organization_id", "task__plan_id"):
            requested[org_id] += rounds_per_plan[plan_id]
        for org_id, n in requested.items():
            scores[org_id].requests = n
    _sign_requests(scores, start, end)
    for org_id, n in (
        Reminder.objects.filter(
            kind=Reminder.Kind.MANUAL, organization_id__in=scores,
            created_at__date__gte=start, created_at__date__lte=end,
        ).values("organization_id").annotate(n=Count("batch", distinct=True)).values_list("organization_id", "n")
    ):
        scores[org_id].reminders = n
    for org_id, n in (
        Reminder.objects.filter(
            kind__in=Reminder.UNIT_DIGEST, organization_id__in=scores, digest_date__gte=start, digest_date__lte=end,
        ).values("organization_id").annotate(n=Count("digest_date", distinct=True)).values_list("organization_id", "n")
    ):
        scores[org_id].reminders += n
    return list(scores.values())


def _sign_requests(scores: dict[int, UnitScore], start: dt.date, end: dt.date) -> None:
    """Sign-for requests received from `start` to `end`, in two queries.

    A new assignment with a sign-for date is one request (created this
    month); each time the office gives a returned assignment back, the
    `assignment.reassigned` event is another.
    """
    for org_id, n in (
        Assignment.objects.filter(
            organization_id__in=scores, due_to_sign__isnull=False,
            created_at__date__gte=start, created_at__date__lte=end,
        ).values("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n")
    ):
        scores[org_id].sign_requests += n
    reassigned = Counter(
        int(pk) for pk in Event.objects.filter(
            action="assignment.reassigned", object_type=Assignment._meta.label_lower,
            at__date__gte=start, at__date__lte=end,
        ).values_list("object_id", flat=True) if pk.isdigit()
    )
    if reassigned:
        for pk, org_id in Assignment.objects.filter(pk__in=reassigned, organization_id__in=scores).values_list(
            "pk", "organization_id"
        ):
            scores[org_id].sign_requests += reassigned[pk]


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
