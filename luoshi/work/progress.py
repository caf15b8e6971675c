"""Derived facts about tasks: expected progress, a parent's progress, the light.

None of these are typed in. They are pure functions of a task's dates, its
milestones, its reports and today's date, so they are tested without HTTP.
luoshi.status keeps them per task, written with every change that moves
them and refreshed each day; this module stays the one definition of the
formulas it applies.
"""

from __future__ import annotations

import datetime as dt
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
    """A task's light: the status, why (a reason code with its figures), percent and expected percent.

    The reason is kept as a code and figures, not as text, so a light stored
    for the day (luoshi.status) reads in the language of whoever looks at it.
    """

    status: str
    why: str
    percent: float | None = None
    expected: float | None = None
    days: int | None = None  # past or until the due date, for OVERDUE and DUE_SOON
    risk_reason: str = ""

    @property
    def reason(self) -> str:
        return reason_text(self)


class Why:
    DONE = "done"
    OVERDUE = "overdue"
    RISK = "risk"
    BEHIND = "behind"
    DUE_SOON = "due_soon"
    NOTHING = "nothing"
    RECOVERED = "recovered"
    ON_PLAN = "on_plan"


def reason_text(lt: Light) -> str:
    """The one-line reason of a light, in the active language."""
    done_so_far = round(lt.percent or 0.0)
    if lt.why == Why.DONE:
        return _("Completion accepted")
    if lt.why == Why.OVERDUE:
        return _("%(days)d days past the due date") % {"days": lt.days or 0}
    if lt.why == Why.RISK:
        return _("Risk reported: %(reason)s") % {"reason": lt.risk_reason}
    if lt.why == Why.BEHIND:
        return (_("Behind plan: %(expected)d%% expected by now, %(percent)d%% reported")
                % {"expected": round(lt.expected or 0.0), "percent": done_so_far})
    if lt.why == Why.DUE_SOON:
        return _("Due in %(days)d days with %(percent)d%% done") % {"days": lt.days or 0, "percent": done_so_far}
    if lt.why == Why.NOTHING:
        return _("No progress reported yet")
    if lt.why == Why.RECOVERED:
        return _("Recovered: was behind, now %(percent)d%% done, on plan") % {"percent": done_so_far}
    return _("%(percent)d%% done, on plan") % {"percent": done_so_far}


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
        return Light(Status.DONE, Why.DONE, 100.0, expected)
    if facts.due and today > facts.due:
        return Light(Status.OVERDUE, Why.OVERDUE, percent, expected, days=(today - facts.due).days)
    if facts.risk_flag:
        return Light(Status.AT_RISK, Why.RISK, percent, expected, risk_reason=facts.risk_reason)
    done_so_far = percent or 0.0
    if expected is not None and expected - done_so_far >= t.behind_points:
        return Light(Status.AT_RISK, Why.BEHIND, percent, expected)
    if facts.due and (facts.due - today).days <= t.due_soon_days and done_so_far < t.due_soon_percent:
        return Light(Status.AT_RISK, Why.DUE_SOON, percent, expected, days=(facts.due - today).days)
    if percent is None:
        return Light(Status.NOT_STARTED, Why.NOTHING, None, expected)
    if facts.was_behind:
        return Light(Status.ON_TRACK, Why.RECOVERED, percent, expected)
    return Light(Status.ON_TRACK, Why.ON_PLAN, percent, expected)


# Report states that count as what a unit has told the office.
COUNTED_STATES = ("submitted", "approved", "accepted")


def was_behind(
    earlier: Iterable[tuple[float, bool, dt.datetime | None]], start: dt.date | None, due: dt.date | None,
    milestones: Sequence[tuple[dt.date, int]], thresholds: Thresholds | None = None,
) -> bool:
    """Whether a task was behind before its latest report.

    True when any earlier counted report (percent, risk_flag, submitted_at),
    all but the latest, flagged a risk or was `behind_points` or more below
    the expected percent on the day it was submitted.
    """
    t = thresholds or Thresholds.from_settings()
    for percent, risk_flag, submitted_at in earlier:
        if risk_flag:
            return True
        if submitted_at is None:
            continue
        then = expected_percent(start, due, milestones, submitted_at.date())
        if then is not None and then - percent >= t.behind_points:
            return True
    return False
