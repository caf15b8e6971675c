"""The maintained status equals a full recomputation with the formulas, whatever happened before.

Random sequences of what people do (submit, approve, accept, return, extend,
close and reopen, pass work down, edit a due date) and of days passing; after
each act the lights read from the stored rows equal the lights recomputed
from scratch with luoshi.work.progress, and after the daily refresh so do the
rows themselves.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from luoshi.accounts.models import User
from luoshi.reporting import services as reports
from luoshi.reporting.models import ProgressReport
from luoshi.status.lights import lights_for, status_counts
from luoshi.status.maintain import refresh_day
from luoshi.status.models import TaskStatus
from luoshi.work import services as work
from luoshi.work.models import Assignment, Milestone, Task
from luoshi.work.progress import COUNTED_STATES, Facts, Status, Thresholds, light, rollup_percent, was_behind
from tests import factories as f

pytestmark = pytest.mark.django_db
State = ProgressReport.State
START = dt.datetime(2026, 3, 2, 10, 0)


def recomputed(task: Task, today: dt.date):
    """The light of one task from its reports, children and milestones, task by task: no stored state."""
    t = Thresholds.from_settings()
    leads = set(task.assignments.filter(role=Assignment.Role.LEAD).values_list("organization_id", flat=True))
    counted = [r for r in task.reports.filter(state__in=COUNTED_STATES).order_by("submitted_at", "version", "pk")
               if not leads or r.organization_id in leads]
    latest = counted[-1] if counted else None
    milestones = list(Milestone.objects.filter(task=task).values_list("planned_date", "planned_percent"))

    def percent_of(node: Task) -> float | None:
        kids = list(node.children.all())
        if kids:
            return rollup_percent((k.weight, percent_of(k), k.completed_at is not None) for k in kids)
        node_leads = set(node.assignments.filter(role=Assignment.Role.LEAD).values_list("organization_id", flat=True))
        mine = [r for r in node.reports.filter(state__in=COUNTED_STATES).order_by("submitted_at", "version", "pk")
                if not node_leads or r.organization_id in node_leads]
        return float(mine[-1].percent) if mine else None

    facts = Facts(
        start=task.start, due=task.due, done=task.completed_at is not None, percent=percent_of(task),
        risk_flag=bool(latest and latest.risk_flag), risk_reason=latest.risk_reason if latest else "",
        milestones=milestones,
        was_behind=was_behind([(float(r.percent), r.risk_flag, r.submitted_at) for r in counted[:-1]],
                              task.start, task.due, milestones, t),
    )
    return light(facts, today, t), (latest.pk if latest else None)


def assert_maintained(stored_rows_too: bool = False) -> None:
    today = timezone.localdate()
    tasks = list(Task.objects.order_by("pk"))
    expected = {task.pk: recomputed(task, today) for task in tasks}
    assert lights_for(tasks, today) == {pk: value for pk, (value, _) in expected.items()}
    counts = dict.fromkeys(Status.ALL, 0)
    for value, _ in expected.values():
        counts[value.status] += 1
    assert status_counts(Task.objects.all(), today) == counts
    if stored_rows_too:
        rows = {row.task_id: row for row in TaskStatus.objects.select_related("task")}
        assert {pk: (row.as_light(), row.latest_report_id) for pk, row in rows.items()} == expected
        assert all(row.computed_for == today for row in rows.values())


@pytest.fixture
def people(world):
    """The city leads a parent task with a milestone; its bureau reports on what is passed down to it."""
    parent = world.task_b
    Task.objects.filter(pk=parent.pk).update(start=dt.date(2026, 1, 1), due=dt.date(2026, 6, 30))
    Milestone.objects.create(task=parent, title=f.hostile("节点"), planned_date=dt.date(2026, 3, 31),
                             planned_percent=40)
    f.task(world.plan, lead=world.city, parent=parent, start=dt.date(2026, 2, 1), due=dt.date(2026, 4, 15),
           weight=2)
    return {"city": world.users["city"], "leader": world.users["leader"], "office": world.users["office"],
            "bureau": f.user("bureau", User.Role.UNIT_REPORTER, world.city_bureau), "world": world}


def _latest(task: Task, state: str) -> ProgressReport | None:
    return task.reports.filter(state=state, superseded_by__isnull=True).order_by("-pk").first()


def act(people, traveller, kind: str, index: int, amount: int) -> None:
    tasks = list(Task.objects.exclude(pk=people["world"].task_c.pk).order_by("pk"))
    task = tasks[index % len(tasks)]
    city, leader, office = people["city"], people["leader"], people["office"]
    today = timezone.localdate()
    if kind == "submit":
        n = ProgressReport.objects.count() + 1
        rnd = f.reporting_round(task.plan, f"第{n}期", today, today + dt.timedelta(days=5))
        risky = amount % 4 == 0
        reports.create_report(city, task, rnd, reports.Content(
            text=f.hostile("进展"), percent=amount, risk_flag=risky, risk_reason=f.hostile("风险") if risky else ""),
            submit=True)
    elif kind == "approve" and (report := _latest(task, State.SUBMITTED)):
        reports.approve_report(leader, report)
    elif kind in ("accept", "return") and (report := _latest(task, State.APPROVED)):
        reports.review_report(office, report, accept=kind == "accept", comment=f.hostile("请补充"))
    elif kind == "extend" and task.due:
        wanted = max(task.due, today) + dt.timedelta(days=1 + amount)
        request = work.request_extension(city, task, wanted, f.hostile("需要时间"))
        work.decide_extension(office, request, accept=True)
    elif kind == "close":
        if task.completed_at is None:
            work.close_task(office, task)
        else:
            work.reopen_task(office, task, f.hostile("重新办理"))
    elif kind == "child":
        work.delegate(city, task, people["world"].city_bureau, f.hostile("分解任务"))
    elif kind == "due":
        base = task.start or today - dt.timedelta(days=30)
        work.update_task(office, task, task.version, due=base + dt.timedelta(days=amount))
    elif kind == "wait":
        traveller.shift(dt.timedelta(days=amount))
    elif kind == "daily":
        refresh_day()


acts = st.lists(
    st.tuples(
        st.sampled_from(["submit", "approve", "accept", "return", "extend", "close", "child", "due", "wait",
                         "daily"]),
        st.integers(min_value=0, max_value=5),
        st.integers(min_value=0, max_value=100),
    ),
    min_size=1, max_size=12,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(acts)
def test_after_any_sequence_of_acts_the_maintained_status_equals_a_full_recomputation(people, sequence):
    with time_machine.travel(START, tick=False) as traveller, transaction.atomic():
        for kind, index, amount in sequence:
            try:
                with transaction.atomic():
                    act(people, traveller, kind, index, amount)
            except (PermissionDenied, ValidationError, work.Conflict):
                pass  # refused for a reason the workflow gives; nothing was written
            assert_maintained()
        refresh_day()
        assert_maintained(stored_rows_too=True)
        transaction.set_rollback(True)
