"""manage.py load_scale at a small size: the shapes the benchmark relies on, and who sees what.

The programme is built once for the module (inside a transaction rolled
back at the end) and each test reads it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections import Counter, defaultdict

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Q

from luoshi import access
from luoshi.accounts.models import User
from luoshi.audit import chain
from luoshi.audit.models import ChainHead, Event
from luoshi.reporting.models import ProgressReport
from luoshi.work.models import Assignment, Plan, Task

TODAY = dt.date(2026, 12, 2)
SIZE = {"tasks": 300, "reports": 2000, "users": 50}
TASK_LINK = re.compile(r"/work/tasks/([0-9a-f-]{36})/")


@pytest.fixture(scope="module")
def scale(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_scale", **SIZE, seed=7, today=TODAY, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def built(scale, db):
    return scale


def test_the_command_builds_the_size_asked_and_prints_rows_and_times(built):
    assert Task.objects.count() == 300
    assert User.objects.count() == 50
    # Versions are part of the total; the draw comes out near the number asked for.
    assert 1600 <= ProgressReport.objects.count() <= 2400
    assert re.search(r"Built in [0-9.]+ s", built)
    assert re.search(r"reporting\.ProgressReport\s+[0-9,]+", built)


def test_task_trees_are_two_or_three_deep_and_one_plan_is_large(built):
    parent = dict(Task.objects.values_list("pk", "parent_id"))

    def depth(pk):
        return 1 if parent[pk] is None else 1 + depth(parent[pk])

    depths: dict[int, Counter] = defaultdict(Counter)
    for pk, plan in Task.objects.values_list("pk", "plan_id"):
        depths[plan][depth(pk)] += 1
    assert all(max(d) in (2, 3) for d in depths.values())
    assert Counter(d for c in depths.values() for d in c.elements())[3] > 0
    # Every top-level task is broken down.
    tops = Task.objects.filter(parent=None)
    assert not tops.annotate(n=Count("children")).filter(n=0).exists()
    sizes = sorted(Plan.objects.annotate(n=Count("tasks")).values_list("n", flat=True))
    assert sizes[-1] == 150 and len(sizes) >= 2


def test_each_task_has_one_lead_and_up_to_three_supporting_units(built):
    per_task = Assignment.objects.values("task").annotate(
        leads=Count("pk", filter=Q(role="lead")), supports=Count("pk", filter=Q(role="support"))
    )
    assert per_task.count() == 300
    assert {row["leads"] for row in per_task} == {1}
    assert {row["supports"] for row in per_task} == {0, 1, 2, 3}


def test_reports_are_in_every_state_with_versions_and_returns(built):
    states = set(ProgressReport.objects.values_list("state", flat=True))
    assert states == set(ProgressReport.State.values)
    second = ProgressReport.objects.filter(version=2).select_related("supersedes")
    assert second.exists()
    assert all(r.supersedes.state == "returned" and r.supersedes.task_id == r.task_id for r in second)
    assert ProgressReport.objects.filter(is_completion=True, state="accepted").count() == \
        Task.objects.filter(completed_at__isnull=False).count() > 0


def test_every_report_is_by_a_unit_assigned_to_its_task_in_a_round_of_its_plan(built):
    assigned = set(Assignment.objects.exclude(state="returned").values_list("task_id", "organization_id"))
    rows = ProgressReport.objects.values_list("task_id", "organization_id", "task__plan_id", "round__plan_id")
    for task, unit, plan, round_plan in rows:
        assert (task, unit) in assigned
        assert plan == round_plan


def test_every_step_of_a_report_is_in_the_event_log(built):
    actions = Counter(Event.objects.filter(object_type="reporting.progressreport").values_list("action", flat=True))
    reports = ProgressReport.objects
    assert actions["report.created"] == reports.filter(version=1).count()
    assert actions["report.submitted"] == reports.filter(submitted_at__isnull=False).count()
    assert actions["report.returned"] == reports.filter(state="returned").count()
    assert Event.objects.filter(action="task.created").count() == 300


def test_the_generated_events_are_one_intact_sealed_chain(built):
    verdict = chain.verify(Event, ChainHead)
    assert verdict.ok, verdict.message
    assert verdict.length == Event.objects.count()


def test_a_unit_reporter_sees_only_the_tasks_of_their_unit(built, client):
    busiest = (Assignment.objects.exclude(state="returned").values("organization")
               .annotate(n=Count("task")).order_by("-n")[0]["organization"])
    reporter = User.objects.filter(organization_id=busiest, role=User.Role.UNIT_REPORTER).first()
    assert reporter is not None
    mine = set(map(str, Task.objects.filter(assignments__organization_id__in=access.unit_ids(reporter))
                   .values_list("code", flat=True)))
    assert set(map(str, access.visible_tasks(reporter).values_list("code", flat=True))) == mine
    client.force_login(reporter)
    seen = set()
    for url in ("/", "/reporting/my-work/", "/work/"):
        response = client.get(url)
        assert response.status_code == 200
        seen |= set(TASK_LINK.findall(response.content.decode()))
    assert seen and seen <= mine


def test_a_second_run_refuses_a_database_that_holds_a_programme(built):
    with pytest.raises(CommandError, match="already holds tasks"):
        call_command("load_scale", tasks=10, reports=10, users=10, today=TODAY, stdout=io.StringIO())


def test_force_adds_a_second_programme_with_its_own_names_codes_and_accounts(built):
    call_command("load_scale", tasks=20, reports=50, users=20, seed=7, today=TODAY, force=True, stdout=io.StringIO())
    assert Task.objects.count() == 320
    assert User.objects.filter(username__startswith="s2.").count() == 20
    assert chain.verify(Event, ChainHead).ok
