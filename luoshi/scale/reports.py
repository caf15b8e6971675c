"""Progress reports at scale: every unit of a task reports in some of its plan's rounds.

A unit reports from the month its task starts until the task is closed (or
until now), in a share of those rounds chosen so the total comes out near
the number asked for. Reports of old rounds were mostly accepted, a few
returned and written again (version 2), a few approved and never reviewed;
the last two rounds hold every state. The lead unit's report in the round
of the due month of a closed task is its completion report. Each step a
report went through is an event, as reporting.services records it.
"""

from __future__ import annotations

import datetime as dt
import random

from luoshi.reporting.models import ProgressReport
from luoshi.scale import names
from luoshi.scale.directory import Directory, Unit
from luoshi.scale.programme import Month, Programme, TaskRow, at, event, month_of, uid
from luoshi.scale.writer import Writer

S = ProgressReport.State
LABEL = "reporting.progressreport"
# Where a first version ends up, by the age of its round (0 = the open round).
FIRST = {
    0: ((S.DRAFT, S.SUBMITTED, S.APPROVED, S.ACCEPTED, S.RETURNED), (25, 25, 30, 12, 8)),
    1: ((S.DRAFT, S.SUBMITTED, S.APPROVED, S.ACCEPTED, S.RETURNED), (3, 7, 25, 55, 10)),
    2: ((S.APPROVED, S.ACCEPTED, S.RETURNED), (3, 90, 7)),
}
# Where the second version of a returned report ends up.
SECOND = {
    0: ((None, S.DRAFT, S.SUBMITTED, S.APPROVED), (50, 20, 15, 15)),
    1: ((S.SUBMITTED, S.APPROVED, S.ACCEPTED), (20, 40, 40)),
    2: ((S.APPROVED, S.ACCEPTED), (5, 95)),
}
# Steps a report in each state went through (written, submitted, approved, reviewed) and the
# longest pause in minutes before each step after the first; the revision counts the steps.
STEPS = {S.DRAFT: 1, S.SUBMITTED: 2, S.APPROVED: 3, S.ACCEPTED: 4, S.RETURNED: 4}
PAUSES = (24 * 60, 48 * 60, 120 * 60)
VERSION_SHARE = 0.08  # about this many reports are second versions


def slots(prog: Programme, row: TaskRow) -> tuple[int, int]:
    """The first and last month (inclusive) in which the task's units report."""
    first = max(row.plan.first_month, month_of(prog.months, row.start))
    last = row.done_month if row.done_month is not None else row.plan.last_month
    return first, last


def build_reports(w: Writer, rng: random.Random, d: Directory, prog: Programme, target: int,
                  today: dt.date) -> None:
    total = sum(max(0, last - first + 1) * sum(1 for u in row.units if u[3] != "returned")
                for row in prog.tasks for first, last in [slots(prog, row)])
    share = min(1.0, target / (1 + VERSION_SHARE) / max(1, total))
    now = at(today, 0)
    current = len(prog.months) - 1
    for row in prog.tasks:
        first, last = slots(prog, row)
        for _aid, unit, role, state in row.units:
            if state == "returned":
                continue
            closing = row.done_month if role == "lead" else None
            for month in range(first, last + 1):
                if month == closing:
                    _completion(w, rng, d, row, unit, month, prog.months[month])
                elif rng.random() < share:
                    _report(w, rng, d, row, unit, month, prog.months[month], min(2, current - month), now)


def _percent(rng: random.Random, row: TaskRow, m: Month) -> int:
    span = max(1, (row.due - row.start).days)
    elapsed = (m.deadline - row.start).days
    return max(0, min(99, round(100 * elapsed / span) + rng.randint(-25, 10)))


def _people(unit: Unit, rng: random.Random, d: Directory) -> tuple[int | None, int | None, int]:
    author = rng.choice(unit.reporters) if unit.reporters else unit.leader
    return author, unit.leader, rng.choice(d.office_users)


def _report(w: Writer, rng: random.Random, d: Directory, row: TaskRow, unit: Unit, month: int, m: Month, age: int,
            now: dt.datetime) -> None:
    states, weights = FIRST[age]
    state = rng.choices(states, weights=weights)[0]
    author, leader, office = _people(unit, rng, d)
    opened = at(m.opens)
    # Written in the first days of the round, and for the open round before now.
    window = min(9 * 24 * 60, int((now - opened).total_seconds() // 60 * 0.6))
    created = opened + dt.timedelta(minutes=rng.randrange(max(1, window)))
    percent = _percent(rng, row, m)
    risk = rng.random() < 0.05
    first, last = _write(w, rng, row, unit, month, 1, None, state, created, percent, risk, author, leader, office,
                         now)
    if state != S.RETURNED:
        return
    states, weights = SECOND[age]
    second = rng.choices(states, weights=weights)[0]
    if second is None:
        return  # returned, the unit has not written again yet
    created = last + dt.timedelta(minutes=60 + rng.randrange(2 * 24 * 60))
    _write(w, rng, row, unit, month, 2, first, second, created, min(99, percent + 5), False, author,
           leader, office, now)


def _write(w: Writer, rng: random.Random, row: TaskRow, unit: Unit, month: int, version: int,
           supersedes: int | None, state: str, created: dt.datetime, percent: int, risk: bool,
           author: int | None, leader: int | None, office: int, now: dt.datetime,
           completion: bool = False, reviewed: dt.datetime | None = None) -> tuple[int, dt.datetime]:
    """One report row and the events of the steps it went through: its id and the time of its last step."""
    steps = [created]
    for pause in PAUSES[:STEPS[state] - 1]:
        steps.append(steps[-1] + dt.timedelta(minutes=30 + rng.randrange(pause)))
    if reviewed is not None:
        steps[-1] = reviewed
    # Nothing happened after the generator's "now" (midnight today), and steps keep their order.
    latest = now - dt.timedelta(minutes=len(steps))
    steps = [min(t, latest + dt.timedelta(minutes=i)) for i, t in enumerate(steps)]
    submitted, approved, decided = (steps[i] if len(steps) > i else None for i in (1, 2, 3))
    pk = w.next_id(ProgressReport)
    text = rng.choice(names.PROGRESS) + (rng.choice(names.PROGRESS) if rng.random() < 0.5 else "")
    comment = rng.choice(names.RETURN_COMMENTS) if state == S.RETURNED else ""
    w.add(ProgressReport,
        pk=pk, code=uid(rng), task_id=row.id, organization_id=unit.id, round_id=row.plan.rounds[month],
        version=version, supersedes_id=supersedes, text=text, percent=100 if completion else percent,
        stage=rng.choice(names.STAGES), risk_flag=risk, risk_reason=rng.choice(names.RISKS) if risk else "",
        is_completion=completion, state=state, revision=len(steps), created_by_id=author, created_at=created,
        submitted_by_id=author if submitted else None, submitted_at=submitted,
        approved_by_id=leader if approved else None, approved_at=approved,
        reviewed_by_id=office if decided else None, reviewed_at=decided, review_comment=comment,
    )
    title = f"{row.title} · {unit.name} · v{version}"
    if version == 1:
        event(w, author, "report.created", LABEL, pk, title, created, row.id, {"percent": [None, percent],
                                                                              "version": [None, 1]})
    else:
        event(w, author, "report.revised", LABEL, pk, title, created, row.id, {"version": [1, 2]})
    if submitted:
        event(w, author, "report.submitted", LABEL, pk, title, submitted, row.id, {"state": ["draft", "submitted"]})
    if approved:
        event(w, leader, "report.approved", LABEL, pk, title, approved, row.id, {"state": ["submitted", "approved"]})
    if decided:
        changes = {"state": ["approved", state]} | ({"review_comment": comment} if comment else {})
        event(w, office, f"report.{state}", LABEL, pk, title, decided, row.id, changes)
    return pk, steps[-1]


def _completion(w: Writer, rng: random.Random, d: Directory, row: TaskRow, unit: Unit, month: int,
                m: Month) -> None:
    """The lead unit's completion report, accepted when the task was closed."""
    author, leader, office = _people(unit, rng, d)
    reviewed = row.completed_at
    created = reviewed - dt.timedelta(days=3)
    _write(w, rng, row, unit, month, 1, None, S.ACCEPTED, created, 100, False, author, leader, office,
           reviewed + dt.timedelta(hours=1), completion=True, reviewed=reviewed)
