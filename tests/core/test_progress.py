"""The derived light and progress, tested without HTTP."""

import datetime as dt
from decimal import Decimal

import pytest

from luoshi.reporting.models import ProgressReport
from luoshi.status.lights import lights_for
from luoshi.work.models import Milestone
from luoshi.work.progress import (
    Facts,
    Status,
    Thresholds,
    expected_percent,
    light,
    rollup_percent,
)
from tests import factories as f

D = dt.date
T = Thresholds(behind_points=20, due_soon_days=14, due_soon_percent=80)


def test_expected_percent_is_linear_between_start_and_due_without_milestones():
    assert expected_percent(D(2026, 1, 1), D(2026, 1, 11), [], D(2026, 1, 6)) == pytest.approx(50.0)


def test_expected_percent_follows_milestones_piecewise():
    milestones = [(D(2026, 1, 11), 80)]
    # halfway to the milestone: 40%; halfway from milestone to due: 90%
    assert expected_percent(D(2026, 1, 1), D(2026, 1, 21), milestones, D(2026, 1, 6)) == pytest.approx(40.0)
    assert expected_percent(D(2026, 1, 1), D(2026, 1, 21), milestones, D(2026, 1, 16)) == pytest.approx(90.0)


def test_expected_percent_is_zero_before_start_and_unknown_without_a_curve():
    assert expected_percent(D(2026, 3, 1), D(2026, 6, 1), [], D(2026, 1, 1)) == 0.0
    assert expected_percent(None, D(2026, 6, 1), [], D(2026, 1, 1)) is None


def test_rollup_weights_children_and_counts_done_as_full():
    assert rollup_percent([(Decimal(1), 50.0, False), (Decimal(3), None, True)]) == pytest.approx(87.5)
    assert rollup_percent([(1, None, False)]) == 0.0
    assert rollup_percent([]) is None


def facts(**kw):
    base = {"start": D(2026, 1, 1), "due": D(2026, 12, 31), "done": False, "percent": None}
    base.update(kw)
    return Facts(**base)


def test_done_wins_over_a_past_due_date():
    assert light(facts(done=True, due=D(2026, 1, 31)), D(2026, 6, 1), T).status == Status.DONE


def test_past_due_and_not_done_is_overdue_with_days_in_the_reason():
    result = light(facts(due=D(2026, 5, 22), percent=90), D(2026, 6, 1), T)
    assert result.status == Status.OVERDUE
    assert "10" in result.reason


def test_a_flagged_risk_is_at_risk_with_its_reason():
    result = light(facts(percent=60, risk_flag=True, risk_reason="征地未完成"), D(2026, 3, 1), T)
    assert result.status == Status.AT_RISK
    assert "征地未完成" in result.reason


def test_behind_the_expected_percent_by_the_threshold_is_at_risk():
    # expected on 2026-07-02 is about 50%
    assert light(facts(percent=25), D(2026, 7, 2), T).status == Status.AT_RISK
    assert light(facts(percent=35), D(2026, 7, 2), T).status == Status.ON_TRACK


def test_due_soon_with_little_done_is_at_risk():
    result = light(facts(start=None, due=D(2026, 6, 10), percent=50), D(2026, 6, 1), T)
    assert result.status == Status.AT_RISK


def test_nothing_reported_and_not_behind_is_not_started():
    assert light(facts(), D(2026, 1, 2), T).status == Status.NOT_STARTED


def test_a_task_that_catches_up_is_on_track_again():
    behind = light(facts(percent=10), D(2026, 7, 2), T)
    caught_up = light(facts(percent=55), D(2026, 7, 2), T)
    assert (behind.status, caught_up.status) == (Status.AT_RISK, Status.ON_TRACK)


@pytest.mark.django_db
def test_lights_for_uses_the_lead_units_latest_counted_report(world, django_assert_max_num_queries):
    task = world.task_a
    task.start, task.due = D(2026, 1, 1), D(2026, 12, 31)
    task.save()
    Milestone.objects.create(task=task, title="开工", planned_date=D(2026, 3, 1), planned_percent=10)
    f.report(task, world.dept, ProgressReport.State.ACCEPTED, percent=30, submitted_at=dt.datetime(2026, 4, 2, tzinfo=dt.UTC))
    # a supporting unit's report and a draft do not move the lead's percent
    f.report(task, world.city, ProgressReport.State.SUBMITTED, percent=90, submitted_at=dt.datetime(2026, 4, 3, tzinfo=dt.UTC))
    f.report(task, world.dept, ProgressReport.State.DRAFT, percent=95, version=2)
    with django_assert_max_num_queries(4):
        lights = lights_for([task], D(2026, 4, 10), T)
    assert lights[task.pk].percent == 30.0
    assert lights[task.pk].status == Status.ON_TRACK


@pytest.mark.django_db
def test_a_parent_rolls_up_its_childrens_progress(world):
    parent = world.task_b
    child1 = f.task(world.plan, lead=world.city, parent=parent, weight=1)
    child2 = f.task(world.plan, lead=world.city, parent=parent, weight=1)
    f.report(child1, world.city, ProgressReport.State.APPROVED, percent=60,
             submitted_at=dt.datetime(2026, 4, 2, tzinfo=dt.UTC))
    child2.completed_at = dt.datetime(2026, 4, 1, tzinfo=dt.UTC)
    child2.save()
    lights = lights_for([parent], D(2026, 4, 10), T)
    assert lights[parent.pk].percent == pytest.approx(80.0)
