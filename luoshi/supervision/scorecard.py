"""The unit scorecard (单位评价) of a plan: punctuality, sign-for, returns, overdue tasks, extensions and burden.

Every figure is counted by the database (GROUP BY per unit) in a fixed number of
queries, whatever the number of units, tasks or reports; Python loops over one row per
unit, never over tasks or assignments.
"""

from __future__ import annotations

import calendar
import datetime as dt
import operator
from collections import Counter
from dataclasses import dataclass
from functools import reduce

from django.db.models import Count, F, Q
from django.utils import timezone

from luoshi.audit.models import Event
from luoshi.org.models import Organization
from luoshi.reporting.models import ProgressReport, ReportingRound
from luoshi.status.lights import Snapshot
from luoshi.supervision.models import Reminder
from luoshi.work.current import current_task
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

    Archived tasks, and the tasks of archived plans (luoshi.work.archive), count
    in no figure but the reminders already received.
    """
    # Every figure is a GROUP BY in the database; Python only adds up one row per unit (and,
    # for the reports due, one column per closed round: the rounds grow with the months, not
    # with the tasks). A local day's bounds are compared as datetimes, so no `__date`
    # conversion runs per row.
    closed = list(ReportingRound.objects.filter(plan=plan, deadline__lt=today).order_by("opens", "pk"))
    live = Q(task__archived_at__isnull=True)  # the plan is given: only its tasks archived one by one
    per_unit = (
        Assignment.objects.filter(live, task__plan=plan).order_by().values("organization_id").annotate(
            leads=Count("pk", filter=Q(role=Assignment.Role.LEAD)),
            supports=Count("pk", filter=~Q(role=Assignment.Role.LEAD)),
            received=Count("pk", filter=Q(due_to_sign__isnull=False) & (
                Q(state=Assignment.State.SIGNED, signed_at__isnull=False)
                | Q(state=Assignment.State.PENDING, due_to_sign__lt=today))),
            signed_on_time=Count("pk", filter=Q(
                due_to_sign__isnull=False, state=Assignment.State.SIGNED, signed_at__isnull=False,
                signed_at__date__lte=F("due_to_sign"))),
            overdue=Count("pk", filter=Q(role=Assignment.Role.LEAD, task__status__computed_for=today,
                                         task__status__light=Status.OVERDUE)),
            **{f"due_{r.pk}": Count("pk", filter=_due_in(r)) for r in closed},
        )
    )
    rows = list(per_unit)
    units = Organization.objects.in_bulk([row["organization_id"] for row in rows])
    scores: dict[int, UnitScore] = {}
    for row in rows:
        org_id = row["organization_id"]
        scores[org_id] = UnitScore(
            units[org_id], leads=row["leads"], supports=row["supports"], received=row["received"],
            signed_on_time=row["signed_on_time"], overdue=row["overdue"],
            due=sum(row[f"due_{r.pk}"] for r in closed),
        )

    # Rows the daily refresh has not moved to `today` yet (none after it ran) are relit in memory.
    snapshot = Snapshot(plan.tasks.filter(archived_at__isnull=True), today)
    relit_overdue = [pk for pk, (_, value) in snapshot.others().items() if value.status == Status.OVERDUE]
    if relit_overdue:
        for org_id, n in (
            Assignment.objects.filter(task_id__in=relit_overdue, role=Assignment.Role.LEAD).order_by()
            .values("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n")
        ):
            if org_id in scores:
                scores[org_id].overdue += n

    if closed:
        # On time: the pair (task, round) had a version submitted before the deadline's day
        # ended (the first submission's day is then ≤ the deadline), counted once per pair.
        pair = F("task_id") * (max(r.pk for r in closed) + 1) + F("round_id")
        for org_id, n in (
            ProgressReport.objects.filter(live, task__plan=plan, round__in=[r.pk for r in closed],
                                          submitted_at__isnull=False)
            .filter(reduce(operator.or_, (
                Q(round_id=r.pk, submitted_at__lt=_day_start(r.deadline + ONE_DAY))
                & _due_in(r) for r in closed)))
            .filter(task__assignments__organization_id=F("organization_id"))
            .order_by().values("organization_id").annotate(n=Count(pair, distinct=True))
            .values_list("organization_id", "n")
        ):
            if org_id in scores:
                scores[org_id].on_time = n

    for org_id, state, n in (
        ExtensionRequest.objects.filter(live, task__plan=plan, organization_id__in=scores).order_by()
        .values("organization_id", "state").annotate(n=Count("pk")).values_list("organization_id", "state", "n")
    ):
        scores[org_id].extensions += n
        if state == ExtensionRequest.State.ACCEPTED:
            scores[org_id].extensions_granted += n

    for org_id, n in (
        # (the office returns only approved reports; a leader's 退回 before approval stays in the unit)
        ProgressReport.objects.filter(live, task__plan=plan, state=ProgressReport.State.RETURNED,
                                      approved_at__isnull=False).order_by()
        .values("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n")
    ):
        if org_id in scores:
            scores[org_id].returns = n

    start, end = month_bounds(today)
    month_start, month_end = _day_start(start), _day_start(end + ONE_DAY)
    rounds_per_plan = Counter(
        ReportingRound.objects.filter(opens__lte=end, deadline__gte=start, plan__archived_at__isnull=True)
        .values_list("plan_id", flat=True)
    )
    if rounds_per_plan:
        for org_id, plan_id, n in Assignment.objects.filter(
            current_task("task__"), organization_id__in=scores, task__plan_id__in=rounds_per_plan,
        ).exclude(state=Assignment.State.RETURNED).filter(
            Q(task__completed_at__isnull=True) | Q(task__completed_at__gte=month_start)
        ).order_by().values("organization_id", "task__plan_id").annotate(n=Count("pk")).values_list(
            "organization_id", "task__plan_id", "n"
        ):
            scores[org_id].requests += n * rounds_per_plan[plan_id]
    _sign_requests(scores, month_start, month_end)
    for org_id, n in (
        Reminder.objects.filter(
            kind=Reminder.Kind.MANUAL, organization_id__in=scores,
            created_at__gte=month_start, created_at__lt=month_end,
        ).order_by().values("organization_id").annotate(n=Count("batch", distinct=True))
        .values_list("organization_id", "n")
    ):
        scores[org_id].reminders = n
    for org_id, n in (
        Reminder.objects.filter(
            kind__in=Reminder.UNIT_DIGEST, organization_id__in=scores, digest_date__gte=start, digest_date__lte=end,
        ).order_by().values("organization_id").annotate(n=Count("digest_date", distinct=True))
        .values_list("organization_id", "n")
    ):
        scores[org_id].reminders += n
    return list(scores.values())


ONE_DAY = dt.timedelta(days=1)


def _day_start(day: dt.date) -> dt.datetime:
    """The first instant of `day` in the programme's time zone: `localdate(x) >= day` is `x >= this`."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _due_in(r: ReportingRound) -> Q:
    """The row's task (an assignment's, a report's) owes round `r` a report: not completed
    before the round opened, not created after its deadline (local days)."""
    return (Q(task__completed_at__isnull=True) | Q(task__completed_at__gte=_day_start(r.opens))) & Q(
        task__created_at__lt=_day_start(r.deadline + ONE_DAY))


def _sign_requests(scores: dict[int, UnitScore], start: dt.datetime, end: dt.datetime) -> None:
    """Sign-for requests received from `start` up to (not including) `end`, in two queries.

    A new assignment with a sign-for date is one request (created this
    month); each time the office gives a returned assignment back, the
    `assignment.reassigned` event is another.
    """
    for org_id, n in (
        Assignment.objects.filter(
            current_task("task__"), organization_id__in=scores, due_to_sign__isnull=False,
            created_at__gte=start, created_at__lt=end,
        ).order_by().values("organization_id").annotate(n=Count("pk")).values_list("organization_id", "n")
    ):
        scores[org_id].sign_requests += n
    reassigned = Counter(
        int(pk) for pk in Event.objects.filter(
            action="assignment.reassigned", object_type=Assignment._meta.label_lower, at__gte=start, at__lt=end,
        ).order_by().values_list("object_id", flat=True) if pk.isdigit()
    )
    if reassigned:
        for pk, org_id in Assignment.objects.filter(
            current_task("task__"), pk__in=reassigned, organization_id__in=scores,
        ).order_by().values_list("pk", "organization_id"):
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
