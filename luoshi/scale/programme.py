"""The programme at scale: plans and their monthly rounds, task trees, assignments, milestones.

One large plan runs through every month of the programme (~5,000 tasks);
the others are yearly plans of ~2,000 tasks starting in different months.
Each plan is a forest of depth 2–3: provincial tasks led by departments,
their breakdowns led by cities, the cities' by counties, each with 0–3
supporting units. Leads and supporters are drawn with a long tail, so a few
units carry thousands of tasks, as the busiest departments do.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from luoshi.reporting.models import ReportingRound
from luoshi.scale import names
from luoshi.scale.directory import Directory, Unit
from luoshi.scale.writer import Writer
from luoshi.work.models import Assignment, ExtensionRequest, Indicator, Milestone, Plan, Task, WorkArea

TZ = dt.timezone(dt.timedelta(hours=8))  # Asia/Shanghai, without DST: a fixed offset is exact
LARGE_PLAN = 5_000
PLAN_SIZE = 2_000
ROLE_LABEL = {"lead": "牵头单位", "support": "配合单位"}


@dataclass(slots=True)
class Month:
    index: int
    first: dt.date
    opens: dt.date  # the round for this month opens on the 25th …
    deadline: dt.date  # … and closes on the 5th of the next month


@dataclass(slots=True)
class PlanRow:
    id: int
    title: str
    first_month: int
    last_month: int  # of its rounds (not after the current one)
    rounds: dict[int, int] = field(default_factory=dict)  # month index → round id


@dataclass(slots=True)
class TaskRow:
    id: int
    plan: PlanRow
    depth: int
    title: str
    start: dt.date
    due: dt.date
    done_month: int | None = None  # the round whose completion report closed it
    completed_at: dt.datetime | None = None
    ext: str = ""  # the outline number (3.2.1), its external id
    # (assignment id, unit, role, state)
    units: list[tuple[int, Unit, str, str]] = field(default_factory=list)


def uid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def at(day: dt.date, minutes: int = 9 * 60) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=TZ) + dt.timedelta(minutes=minutes)


def add_months(day: dt.date, n: int) -> dt.date:
    y, m = divmod(day.year * 12 + day.month - 1 + n, 12)
    return dt.date(y, m + 1, 1)


def months_until(today: dt.date, count: int) -> list[Month]:
    """The `count` monthly periods whose round has opened by `today`, oldest first."""
    last = today.replace(day=1) if today.day >= 25 else add_months(today, -1)
    firsts = [add_months(last, -k) for k in range(count - 1, -1, -1)]
    return [Month(i, f, f.replace(day=25), add_months(f, 1).replace(day=5)) for i, f in enumerate(firsts)]


def event(w: Writer, actor: int | None, action: str, label: str, obj_id: int, obj_repr: str, when: dt.datetime,
          task: int | None = None, changes: dict | None = None) -> None:
    w.log.add(actor, action, label, obj_id, obj_repr, when, task, changes or {})


class Weighted:
    """Draws from a list with a long tail: the k-th item weighs 1/√k (shuffled ranks)."""

    def __init__(self, rng: random.Random, items: list) -> None:
        self.items = list(items)
        rng.shuffle(self.items)
        self.cum = list(itertools.accumulate(1 / (k + 1) ** 0.5 for k in range(len(self.items))))

    def draw(self, rng: random.Random):
        return rng.choices(self.items, cum_weights=self.cum)[0]


@dataclass
class Programme:
    months: list[Month]
    plans: list[PlanRow]
    tasks: list[TaskRow]


def plan_sizes(tasks: int) -> list[int]:
    large = min(LARGE_PLAN, max(1, tasks // 2))
    rest = tasks - large
    n = -(-rest // PLAN_SIZE)
    return [large] + [rest // n + (1 if i < rest % n else 0) for i in range(n)] if n else [large]


def build_programme(w: Writer, rng: random.Random, d: Directory, tasks: int, rounds: int,
                    today: dt.date, batch: int) -> Programme:
    months = months_until(today, rounds)
    now = at(today, 0)
    office = d.office_users
    areas = list(WorkArea.objects.values_list("pk", flat=True)) or [None]
    by_kind = {k: [u for u in d.units if u.kind == k] for k in ("department", "city", "county")}
    draw = {k: Weighted(rng, v or d.units) for k, v in by_kind.items()}
    anyone = Weighted(rng, d.units)
    mark = "" if batch == 1 else f"（第{batch}套）"

    plans: list[PlanRow] = []
    rows: list[TaskRow] = []
    for n, size in enumerate(plan_sizes(tasks)):
        if n == 0:
            first, span, theme = 0, len(months) + 6, "协同发展"
        else:
            first, span, theme = rng.randrange(len(months)), 12, rng.choice(names.THEMES)
        start = months[first].first
        end = add_months(start, span) - dt.timedelta(days=1)
        title = (f"{start.year}—{end.year}年区域{theme}重点工作安排{mark}" if n == 0
                 else f"{start.year}年{theme}专项任务清单（第{n}批）{mark}")
        plan = PlanRow(w.next_id(Plan), title, first, min(first + span, len(months)) - 1)
        w.add(Plan, pk=plan.id, code=uid(rng), organization_id=d.group_id, title=title, year=start.year,
                   period_start=start, period_end=end, created_at=at(start, -20 * 24 * 60))
        for m in months[plan.first_month:plan.last_month + 1]:
            rid = plan.rounds[m.index] = w.next_id(ReportingRound)
            label = f"{m.first.year}年{m.first.month}月"
            w.add(ReportingRound, pk=rid, code=uid(rng), plan_id=plan.id, period_label=label, opens=m.opens,
                                 deadline=m.deadline)
            event(w, rng.choice(office), "round.opened", "reporting.reportinground", rid, f"{title} · {label}",
                  at(m.opens), changes={"period": [None, label], "opens": [None, str(m.opens)],
                                        "deadline": [None, str(m.deadline)]})
        plans.append(plan)
        rows += _tree(w, rng, plan, size, start, end, months, now, draw, anyone, areas, office)
    return Programme(months, plans, rows)


def _tree(w: Writer, rng: random.Random, plan: PlanRow, size: int, start: dt.date, end: dt.date,
          months: list[Month], now: dt.datetime, draw: dict[str, Weighted], anyone: Weighted,
          areas: list, office: list[int]) -> list[TaskRow]:
    """A plan's forest: a tenth of the tasks at the top, the rest one and two levels below."""
    tops = max(1, round(size * 0.1))
    second = min(size - tops, max(tops, round((size - tops) * 0.55)))
    third = size - tops - second
    parents: list[TaskRow | None] = [None] * tops
    level: list[TaskRow] = []
    rows: list[TaskRow] = []
    children: dict[int | None, int] = {}
    entered = at(start, -10 * 24 * 60)
    for depth, count in ((1, tops), (2, second), (3, third)):
        if depth > 1:
            if not level:
                break
            # Every parent of the level above has a child first, then the rest at random.
            parents = level[:count] + [rng.choice(level) for _ in range(count - len(level))]
        current: list[TaskRow] = []
        for parent in parents:
            row = _task(w, rng, plan, parent, depth, start, end, months, now, draw, anyone, areas, office,
                        children, entered)
            current.append(row)
            rows.append(row)
        level = current
    return rows


def _task(w: Writer, rng: random.Random, plan: PlanRow, parent: TaskRow | None, depth: int, start: dt.date,
          end: dt.date, months: list[Month], now: dt.datetime, draw: dict[str, Weighted], anyone: Weighted,
          areas: list, office: list[int], children: dict, entered: dt.datetime) -> TaskRow:
    lo, hi = (parent.start, parent.due) if parent else (start, end)
    span = (hi - lo).days
    t_start = lo + dt.timedelta(days=rng.randrange(max(1, span // 2)))
    t_due = min(hi, t_start + dt.timedelta(days=30 + rng.randrange(max(1, (hi - t_start).days - 29))))
    kind = {1: "department", 2: rng.choice(("city", "city", "department")), 3: rng.choice(("county",) * 4 + ("city",))}
    lead = draw[kind[depth]].draw(rng)
    title = names.task_title(rng, depth, lead.name)
    row = TaskRow(w.next_id(Task), plan, depth, title, t_start, t_due)
    key = parent.id if parent else None
    children[key] = children.get(key, 0) + 1
    order = children[key]
    row.ext = f"{parent.ext}.{order}" if parent else str(order)

    # Most tasks due before the current round are closed (办结销号): the
    # office accepted the lead unit's completion report in the round of the due month.
    due_month = month_of(months, t_due)
    if max(plan.first_month, month_of(months, t_start)) <= due_month <= min(plan.last_month, len(months) - 2) \
            and rng.random() < 0.7:
        closed = at(months[due_month].deadline, 3 * 24 * 60 + 10 * 60 + rng.randrange(480))
        if closed < now:
            row.done_month, row.completed_at = due_month, closed
    created = entered + dt.timedelta(minutes=row.id % 600)
    actor = rng.choice(office)
    w.add(Task, pk=row.id, code=uid(rng), plan_id=plan.id, parent_id=key, order=order, external_id=row.ext,
               title=title, description=f"{title}。{rng.choice(names.PROGRESS)}", work_area_id=rng.choice(areas),
               start=t_start, due=t_due, completed_at=row.completed_at,
               completed_by_id=actor if row.completed_at else None, created_at=created,
               updated_at=row.completed_at or created)
    event(w, actor, "task.created", "work.task", row.id, title, created, row.id,
          {"title": [None, title], "due": [None, str(t_due)]})
    if lead.kind != "department":
        w.add(Task.regions.through, task_id=row.id, region_id=lead.region_id)

    supporters: list[Unit] = []
    for _ in range(rng.choices((0, 1, 2, 3), weights=(25, 35, 25, 15))[0]):
        unit = anyone.draw(rng)
        if unit is not lead and unit not in supporters:
            supporters.append(unit)
    for n, (unit, role) in enumerate([(lead, "lead")] + [(u, "support") for u in supporters], start=1):
        _assign(w, rng, row, unit, role, created + dt.timedelta(minutes=n), now, actor)

    if rng.random() < 0.3:
        k = rng.randint(1, 3)
        for i in range(1, k + 1):
            day = t_start + (t_due - t_start) * i // (k + 1)
            w.add(Milestone, task_id=row.id, title=f"第{i}阶段节点", planned_date=day,
                            planned_percent=round(100 * i / (k + 1)))
    if rng.random() < 0.05:
        w.add(Indicator, task_id=row.id, name=rng.choice(names.OBJECTS) + "完成数", unit="个",
                        baseline=Decimal(0), target=Decimal(rng.randint(10, 100)))
    if row.completed_at:
        event(w, actor, "task.closed", "work.task", row.id, title, row.completed_at, row.id,
              {"completed_at": [None, str(row.completed_at)]})
    elif abs((t_due - now.date()).days) < 60 and rng.random() < 0.03:
        _extension(w, rng, row, lead, now, actor)
    return row


def month_of(months: list[Month], day: dt.date) -> int:
    """The index of the month `day` falls in (negative before the first, past the end after the last)."""
    return (day.year * 12 + day.month) - (months[0].first.year * 12 + months[0].first.month)


def _assign(w: Writer, rng: random.Random, row: TaskRow, unit: Unit, role: str, created: dt.datetime,
            now: dt.datetime, office: int) -> None:
    S = Assignment.State
    state = S.SIGNED
    roll = rng.random()
    if role == "support" and roll < 0.03:
        state = S.RETURNED
    elif roll > 0.98 or created > now - dt.timedelta(days=10):
        state = S.PENDING
    signer = unit.leader or (unit.reporters[0] if unit.reporters else None)
    answered = created + dt.timedelta(minutes=120 + rng.randrange(3 * 24 * 60))
    pk = w.next_id(Assignment)
    reason = rng.choice(names.RETURN_REASONS) if state == S.RETURNED else ""
    w.add(Assignment,
        pk=pk, code=uid(rng), task_id=row.id, organization_id=unit.id, role=role, state=state,
        due_to_sign=created.date() + dt.timedelta(days=3), assigned_by_id=office, created_at=created,
        signed_by_id=signer if state == S.SIGNED else None, signed_at=answered if state == S.SIGNED else None,
        returned_by_id=signer if state == S.RETURNED else None,
        returned_at=answered if state == S.RETURNED else None, return_reason=reason,
    )
    label = f"{unit.name} — {ROLE_LABEL[role]}"
    event(w, office, "assignment.created", "work.assignment", pk, label, created, row.id,
          {"organization": [None, unit.name], "role": [None, role]})
    if state != S.PENDING:
        event(w, signer, f"assignment.{state}", "work.assignment", pk, label, answered, row.id,
              {"state": [S.PENDING, state]} | ({"reason": [None, reason]} if reason else {}))
    row.units.append((pk, unit, role, state))


def _extension(w: Writer, rng: random.Random, row: TaskRow, lead: Unit, now: dt.datetime, office: int) -> None:
    S = ExtensionRequest.State
    asked = now - dt.timedelta(days=rng.randint(1, 20), minutes=rng.randrange(600))
    state = rng.choices((S.PENDING, S.ACCEPTED, S.DECLINED), weights=(4, 4, 2))[0]
    by = lead.reporters[0] if lead.reporters else lead.leader
    # A granted request has already moved the due date: it asked for the one the task has now.
    previous, wanted = (row.due - dt.timedelta(days=60), row.due) if state == S.ACCEPTED else \
        (row.due, row.due + dt.timedelta(days=60))
    pk = w.next_id(ExtensionRequest)
    decided = asked + dt.timedelta(days=2) if state != S.PENDING else None
    w.add(ExtensionRequest, pk=pk, code=uid(rng), task_id=row.id, organization_id=lead.id, previous_due=previous,
                           requested_due=wanted, reason=rng.choice(names.RISKS), state=state, requested_by_id=by,
                           requested_at=asked, decided_by_id=office if decided else None, decided_at=decided)
    label = f"{row.title} · {lead.name} → {wanted}"
    event(w, by, "extension.requested", "work.extensionrequest", pk, label, asked, row.id,
          {"due": [str(previous), str(wanted)]})
    if decided:
        event(w, office, f"extension.{state}", "work.extensionrequest", pk, label, decided, row.id,
              {"due": [str(previous), str(wanted)]})
