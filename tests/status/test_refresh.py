"""The calendar moves the lights: the daily refresh, the safety net when it did not run, and their cost."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from luoshi.reporting import services as reports
from luoshi.reporting.models import ProgressReport
from luoshi.status.lights import lights_for, status_counts
from luoshi.status.models import TaskStatus
from luoshi.work.models import Assignment, Task
from luoshi.work.progress import Status
from tests import factories as f

pytestmark = pytest.mark.django_db
State = ProgressReport.State
DAY = dt.datetime(2026, 6, 30, 9, 0)


def refresh(*args: str) -> str:
    out = io.StringIO()
    call_command("refresh_status", *args, stdout=out)
    return out.getvalue()


def stored(task: Task) -> TaskStatus:
    return TaskStatus.objects.get(task=task)


def test_a_task_due_today_is_at_risk_today_and_overdue_tomorrow_with_or_without_the_daily_run(world):
    with time_machine.travel(DAY, tick=False) as traveller:
        task = f.task(world.plan, lead=world.city, start=dt.date(2026, 1, 1), due=dt.date(2026, 6, 30))
        assert lights_for([task], timezone.localdate())[task.pk].status == Status.AT_RISK
        assert stored(task).light == Status.AT_RISK
        traveller.shift(dt.timedelta(days=1))
        today = timezone.localdate()
        # The daily run has not happened: the page is right anyway, and reading wrote nothing.
        assert lights_for([task], today)[task.pk].status == Status.OVERDUE
        assert status_counts(Task.objects.filter(pk=task.pk))[Status.OVERDUE] == 1
        assert (stored(task).light, stored(task).computed_for) == (Status.AT_RISK, dt.date(2026, 6, 30))
        assert "relit 4 tasks" in refresh()  # the world's three tasks and this one
        row = stored(task)
        assert (row.light, row.days, row.computed_for) == (Status.OVERDUE, 1, today)
        # The reason is stored as a code and figures and read in the reader's language.
        with translation.override("en"):
            assert lights_for([task], today)[task.pk].reason == "1 days past the due date"
        with translation.override("zh-hans"):
            assert lights_for([task], today)[task.pk].reason == "已超过完成时限 1 天"


def test_a_task_due_yesterday_stays_overdue_and_counts_one_more_day(world):
    with time_machine.travel(DAY, tick=False) as traveller:
        task = f.task(world.plan, lead=world.city, due=dt.date(2026, 6, 29))
        assert (stored(task).light, stored(task).days) == (Status.OVERDUE, 1)
        traveller.shift(dt.timedelta(days=1))
        refresh()
        assert (stored(task).light, stored(task).days) == (Status.OVERDUE, 2)


def test_refresh_status_run_twice_changes_nothing_the_second_time(world):
    with time_machine.travel(DAY, tick=False) as traveller:
        f.report(world.task_b, world.city, State.SUBMITTED, percent=35, submitted_at=timezone.now())
        traveller.shift(dt.timedelta(days=3))
        first = refresh()
        before = list(TaskStatus.objects.order_by("task_id").values())
        second = refresh()
        assert "relit 3 tasks, created 0" in first
        assert "relit 0 tasks, created 0" in second
        assert list(TaskStatus.objects.order_by("task_id").values()) == before


def test_refresh_status_gives_tasks_loaded_in_bulk_their_rows(world):
    with time_machine.travel(DAY, tick=False):
        tasks = Task.objects.bulk_create([Task(plan=world.plan, title=f"第{i}项", order=i, due=dt.date(2026, 5, 1))
                                          for i in range(5)])
        assert "created 5 missing rows" in refresh()
        assert {stored(t).light for t in tasks} == {Status.OVERDUE}
        assert "recomputed 8 tasks" in refresh("--all")


def test_a_submitted_report_moves_the_stored_light_in_the_same_transaction(world):
    with time_machine.travel(DAY, tick=False):
        Task.objects.filter(pk=world.task_b.pk).update(start=dt.date(2026, 1, 1), due=dt.date(2026, 12, 31))
        rnd = f.reporting_round(world.plan, "2026年6月", dt.date(2026, 6, 1), dt.date(2026, 7, 5))
        report = reports.create_report(world.users["city"], world.task_b, rnd,
                                       reports.Content(text=f.hostile("进展"), percent=50), submit=True)
        row = stored(world.task_b)
        assert (row.latest_report_id, row.percent, row.light) == (report.pk, 50.0, Status.ON_TRACK)
        reports.approve_report(world.users["leader"], report)
        reports.review_report(world.users["office"], report, accept=False, comment=f.hostile("请补充"))
        row = stored(world.task_b)
        # Nothing counted any more: half the year gone and 0% reported.
        assert (row.latest_report_id, row.percent, row.light, row.why) == (None, None, Status.AT_RISK, "behind")


def test_a_childs_report_moves_its_parents_rollup(world):
    with time_machine.travel(DAY, tick=False):
        child = f.task(world.plan, lead=world.city, parent=world.task_b, weight=3)
        f.task(world.plan, lead=world.city, parent=world.task_b, weight=1)
        f.report(child, world.city, State.ACCEPTED, percent=80, submitted_at=timezone.now())
        assert stored(world.task_b).rollup == 60.0  # (3 × 80 + 1 × 0) / 4


def _bulk_tasks(world, n: int) -> list[Task]:
    """n tasks with a lead unit and a counted report each, written in bulk as a loader would."""
    tasks = Task.objects.bulk_create([Task(plan=world.plan, title=f"第{i}项", order=i, start=dt.date(2026, 1, 1),
                                           due=dt.date(2026, 12, 31)) for i in range(n)])
    Assignment.objects.bulk_create([Assignment(task=t, organization=world.city, role=Assignment.Role.LEAD)
                                    for t in tasks])
    ProgressReport.objects.bulk_create([
        ProgressReport(task=t, organization=world.city, text="进展", percent=i % 100, state=State.APPROVED,
                       submitted_at=timezone.now()) for i, t in enumerate(tasks)])
    refresh()
    return tasks


def _queries(fn) -> int:
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured.captured_queries)


@pytest.mark.parametrize("days_later", [0, 3], ids=["after the daily run", "when the daily run was missed"])
def test_lights_and_counts_for_2000_tasks_take_as_many_queries_as_for_20(world, days_later):
    with time_machine.travel(DAY, tick=False) as traveller:
        small = _bulk_tasks(world, 20)
        large = small + _bulk_tasks(world, 1980)
        traveller.shift(dt.timedelta(days=days_later))
        today = timezone.localdate()
        few = Task.objects.filter(pk__in=[t.pk for t in small])
        many = Task.objects.filter(pk__in=[t.pk for t in large])
        assert _queries(lambda: lights_for(small, today)) == _queries(lambda: lights_for(large, today)) == 1
        # One grouped query; a second reads the rows of an earlier day to relight them in memory.
        expected = 1 if days_later == 0 else 2
        assert _queries(lambda: status_counts(few)) == _queries(lambda: status_counts(many)) == expected
        counts = status_counts(many)
        assert sum(counts.values()) == 2000
        assert counts == {s: sum(1 for v in lights_for(large, today).values() if v.status == s) for s in Status.ALL}
