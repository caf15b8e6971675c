"""Derived facts about tasks: expected progress, a parent's progress, the light.

None of these are typed in. They are pure functions of a task's dates, its
milestones, its reports and today's date, so they are tested without HTTP and
recomputed on every page that shows them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext as _


class Status:
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    DONE = "done"

    ALL = (NOT_STARTED, ON_TRACK, AT_RISK, OVERDUE, DONE)


@dataclass(frozen=True)
class Thresholds:
    behind_points: int = 20
    due_soon_days: int = 14
    due_soon_percent: int = 80

    @classmethod
    def from_settings(cls) -> Thresholds:
        return cls(
            behind_points=settings.LUOSHI_LIGHT_BEHIND_POINTS,
            due_soon_days=settings.LUOSHI_LIGHT_DUE_SOON_DAYS,
            due_soon_percent=settings.LUOSHI_LIGHT_DUE_SOON_PERCENT,
        )


@dataclass(frozen=True)
class Facts:
    """What the light of one task depends on."""

    start: dt.date | None
    due: dt.date | None
    done: bool
    percent: float | None  # latest reported (or rolled-up) percent; None = nothing reported
    risk_flag: bool = False
    risk_reason: str = ""
    milestones: Sequence[tuple[dt.date, int]] = ()
    # An earlier report was behind plan or flagged a risk (see lights_for).
    was_behind: bool = False


@dataclass(frozen=True)
class Light:
    status: str
    reason: str
    percent: float | None = None
    expected: float | None = None


def expected_percent(
    start: dt.date | None, due: dt.date | None, milestones: Sequence[tuple[dt.date, int]], today: dt.date
) -> float | None:
    """Percent a task should have reached by `today`.

    The plan is the piecewise-linear curve through (start, 0%), each milestone
    (planned_date, planned_percent) in date order, and (due, 100%). Before the
    first point it is 0, after the last it is that point's percent. Without
    any dated point besides one end there is no curve and the answer is None.
    """
    points: list[tuple[dt.date, float]] = []
    if start:
        points.append((start, 0.0))
    points.extend((d, float(p)) for d, p in sorted(milestones))
    if due:
        points.append((due, 100.0))
    points.sort(key=lambda point: point[0])
    if len(points) < 2:
        return None
    if today <= points[0][0]:
        return points[0][1] if points[0][0] == today else 0.0
    for (d0, p0), (d1, p1) in zip(points, points[1:], strict=False):
        if d0 <= today <= d1:
            span = (d1 - d0).days
            if span == 0:
                return max(p0, p1)
            return p0 + (p1 - p0) * (today - d0).days / span
    return points[-1][1]


def rollup_percent(children: Iterable[tuple[Decimal | float, float | None, bool]]) -> float | None:
    """A parent's progress from its children: the weight-averaged percent.

    percent = Σ(weightᵢ × percentᵢ) / Σ weightᵢ over all children, where a done
    child counts 100 and a child with nothing reported counts 0. None when the
    task has no children.
    """
    total_weight = 0.0
    total = 0.0
    for weight, percent, done in children:
        w = float(weight)
        total_weight += w
        total += w * (100.0 if done else (percent or 0.0))
    if total_weight == 0:
        return None
    return round(total / total_weight, 1)


def light(facts: Facts, today: dt.date, thresholds: Thresholds | None = None) -> Light:
    """The traffic light of one task, with a one-line reason.

    In order, the first that holds:
      done         completion accepted by the office;
      overdue      today is past the due date;
      at_risk      the latest report flags a risk, or the reported percent is
                   `behind_points` or more below the expected percent, or the
                   task is due within `due_soon_days` with less than
                   `due_soon_percent` done;
      not_started  nothing reported yet;
      on_track     otherwise; a task that was behind (an earlier report
                   flagged a risk or was `behind_points` below plan) and has
                   caught up says so in its reason ("recovered").
    """
    t = thresholds or Thresholds.from_settings()
    percent = facts.percent
    expected = expected_percent(facts.start, facts.due, facts.milestones, today)
    if facts.done:
        return Light(Status.DONE, _("Completion accepted"), 100.0, expected)
    if facts.due and today > facts.due:
        days = (today - facts.due).days
        return Light(Status.OVERDUE, _("%(days)d days past the due date") % {"days": days}, percent, expected)
    if facts.risk_flag:
        return Light(Status.AT_RISK, _("Risk reported: %(reason)s") % {"reason": facts.risk_reason}, percent, expected)
    done_so_far = percent or 0.0
    if expected is not None and expected - done_so_far >= t.behind_points:
        return Light(
            Status.AT_RISK,
            _("Behind plan: %(expected)d%% expected by now, %(percent)d%% reported")
            % {"expected": round(expected), "percent": round(done_so_far)},
            percent,
            expected,
        )
    if facts.due and (facts.due - today).days <= t.due_soon_days and done_so_far < t.due_soon_percent:
        return Light(
            Status.AT_RISK,
            _("Due in %(days)d days with %(percent)d%% done")
            % {"days": (facts.due - today).days, "percent": round(done_so_far)},
            percent,
            expected,
        )
    if percent is None:
        return Light(Status.NOT_STARTED, _("No progress reported yet"), None, expected)
    if facts.was_behind:
        return Light(Status.ON_TRACK, _("Recovered: was behind, now %(percent)d%% done, on plan")
                     % {"percent": round(percent)}, percent, expected)
    return Light(Status.ON_TRACK, _("%(percent)d%% done, on plan") % {"percent": round(percent)}, percent, expected)


# Report states that count as what a unit has told the office.
COUNTED_STATES = ("submitted", "approved", "accepted")


def lights_for(tasks: Sequence, today: dt.date, thresholds: Thresholds | None = None) -> dict[int, Light]:
    """Lights for many tasks in a fixed number of queries, whatever their count.

    A task's percent and risk come from the latest counted report (submitted,
    approved or accepted, by submission time) of one of its lead units; a task
    with children takes the rolled-up percent of its children instead.
    """
    from luoshi.reporting.models import ProgressReport
    from luoshi.work.models import Assignment, Milestone, Task

    t = thresholds or Thresholds.from_settings()
    ids = [task.pk for task in tasks]
    # Children are needed for the roll-up even when the page does not list them.
    by_parent: dict[int, list] = defaultdict(list)
    all_tasks = {task.pk: task for task in tasks}
    frontier = ids
    while frontier:
        kids = list(Task.objects.filter(parent_id__in=frontier).only("pk", "parent_id", "weight", "completed_at",
                                                                      "start", "due"))
        frontier = [k.pk for k in kids if k.pk not in all_tasks]
        for k in kids:
            by_parent[k.parent_id].append(k)
            all_tasks.setdefault(k.pk, k)
    every_id = list(all_tasks)

    leads: dict[int, set[int]] = defaultdict(set)
    for task_id, org_id in Assignment.objects.filter(task_id__in=every_id, role="lead").values_list(
        "task_id", "organization_id"
    ):
        leads[task_id].add(org_id)
    latest: dict[int, tuple] = {}
    history: dict[int, list[tuple]] = defaultdict(list)
    rows = (
        ProgressReport.objects.filter(task_id__in=every_id, state__in=COUNTED_STATES)
        .order_by("task_id", "submitted_at", "version")
        .values_list("task_id", "organization_id", "percent", "risk_flag", "risk_reason", "submitted_at")
    )
    for task_id, org_id, percent, risk_flag, risk_reason, submitted_at in rows:
        if not leads[task_id] or org_id in leads[task_id]:
            latest[task_id] = (float(percent), risk_flag, risk_reason)
            history[task_id].append((float(percent), risk_flag, submitted_at))
    milestones: dict[int, list] = defaultdict(list)
    for task_id, day, pct in Milestone.objects.filter(task_id__in=every_id).values_list(
        "task_id", "planned_date", "planned_percent"
    ):
        milestones[task_id].append((day, pct))

    def was_behind(task) -> bool:
        # Any report before the latest that flagged a risk or was behind the
        # plan on the day it was submitted.
        for percent, risk_flag, submitted_at in history.get(task.pk, [])[:-1]:
            if risk_flag:
                return True
            if submitted_at is None:
                continue
            then = expected_percent(task.start, task.due, milestones.get(task.pk, ()), submitted_at.date())
            if then is not None and then - percent >= t.behind_points:
                return True
        return False

    def percent_of(task) -> float | None:
        children = by_parent.get(task.pk)
        if children:
            return rollup_percent((c.weight, percent_of(c), c.completed_at is not None) for c in children)
        return latest.get(task.pk, (None,))[0]

    result = {}
    for task in tasks:
        report = latest.get(task.pk, (None, False, ""))
        facts = Facts(
            start=task.start,
            due=task.due,
            done=task.completed_at is not None,
            percent=percent_of(task),
            risk_flag=report[1],
            risk_reason=report[2],
            milestones=milestones.get(task.pk, ()),
            was_behind=was_behind(task),
        )
        result[task.pk] = light(facts, today, t)
    return result
