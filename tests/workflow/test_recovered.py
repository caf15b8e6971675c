"""A task that was behind and caught up is on track, and its light says it recovered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone, translation

from luoshi.reporting.models import ProgressReport
from luoshi.status.lights import lights_for
from luoshi.work.progress import Facts, Status, light
from tests import factories as f

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 26)


@pytest.fixture(autouse=True)
def english():
    # The reasons are read in English here, whatever an earlier test activated.
    with translation.override("en"):
        yield


def at(day: dt.date):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@pytest.fixture
def task(world):
    world.task_b.start, world.task_b.due = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    world.task_b.save()
    return world.task_b


def test_a_task_behind_in_june_that_caught_up_by_november_is_on_track_and_recovered(world, task):
    f.report(task, world.city, ProgressReport.State.ACCEPTED, percent=10, submitted_at=at(dt.date(2026, 6, 30)))
    assert lights_for([task], dt.date(2026, 7, 1))[task.pk].status == Status.AT_RISK
    f.report(task, world.city, ProgressReport.State.ACCEPTED, percent=95, version=2,
             submitted_at=at(dt.date(2026, 11, 20)))
    result = lights_for([task], TODAY)[task.pk]
    assert result.status == Status.ON_TRACK
    assert result.reason.startswith("Recovered")


def test_an_earlier_risk_flag_counts_as_having_been_behind(world, task):
    f.report(task, world.city, ProgressReport.State.APPROVED, percent=80, risk_flag=True, risk_reason="资金未到位",
             submitted_at=at(dt.date(2026, 9, 1)))
    f.report(task, world.city, ProgressReport.State.APPROVED, percent=95, version=2,
             submitted_at=at(dt.date(2026, 11, 20)))
    assert lights_for([task], TODAY)[task.pk].reason.startswith("Recovered")


def test_a_task_never_behind_is_simply_on_plan(world, task):
    f.report(task, world.city, ProgressReport.State.ACCEPTED, percent=50, submitted_at=at(dt.date(2026, 6, 30)))
    f.report(task, world.city, ProgressReport.State.ACCEPTED, percent=95, version=2,
             submitted_at=at(dt.date(2026, 11, 20)))
    result = lights_for([task], TODAY)[task.pk]
    assert result.status == Status.ON_TRACK and not result.reason.startswith("Recovered")


def test_having_been_behind_does_not_hide_a_task_that_is_behind_again():
    facts = Facts(start=dt.date(2026, 1, 1), due=dt.date(2026, 12, 31), done=False, percent=20, was_behind=True)
    assert light(facts, TODAY).status == Status.AT_RISK
