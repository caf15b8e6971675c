"""The unit scorecard: on-time rate, returns, overdue tasks led, and this month's burden."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from luoshi.supervision import actions
from luoshi.supervision.scorecard import UnitScore, scorecard, sorted_scores
from luoshi.work.models import Task
from tests import factories as f
from tests.pages import assert_escaped, shown
from tests.supervision.conftest import at

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture
def march(world, day):
    """A closed March round: dept on time, city late on task_a and silent on task_b, other_city on time."""
    Task.objects.update(created_at=at(dt.date(2026, 1, 1)))
    march = f.reporting_round(world.plan, "2026年2月", opens=dt.date(2026, 3, 1), deadline=dt.date(2026, 3, 5))
    f.report(world.task_a, world.dept, "accepted", round=march, submitted_at=at(dt.date(2026, 3, 4)))
    f.report(world.task_a, world.city, "approved", round=march, submitted_at=at(dt.date(2026, 3, 7)))
    f.report(world.task_c, world.other_city, "accepted", round=march, submitted_at=at(dt.date(2026, 3, 5), 23))
    # Another plan asking the city for a report this month adds to its burden.
    other_plan = f.plan(world.group)
    f.task(other_plan, lead=world.city)
    f.reporting_round(other_plan, "2026年3月", opens=dt.date(2026, 4, 1), deadline=dt.date(2026, 4, 10))
    # Two clicks of the office on task_b, an hour apart: two reminders, whatever the number of accounts.
    with time_machine.travel(dt.datetime(2026, 4, 2, 9, tzinfo=TZ), tick=False):
        actions.remind(world.users["office"], world.task_b)
    with time_machine.travel(dt.datetime(2026, 4, 2, 10, tzinfo=TZ), tick=False):
        actions.remind(world.users["office"], world.task_b)
    # A reminder last month does not count this month.
    with time_machine.travel(dt.datetime(2026, 3, 20, 9, tzinfo=TZ), tick=False):
        actions.remind(world.users["office"], world.task_a)
    return march


def by_unit(world, today=dt.date(2026, 4, 3)) -> dict:
    return {s.unit.pk: s for s in scorecard(world.plan, today)}


def test_the_on_time_rate_counts_reports_submitted_by_the_deadline_of_closed_rounds(world, march):
    s = by_unit(world)
    assert (s[world.dept.pk].due, s[world.dept.pk].on_time, s[world.dept.pk].on_time_rate) == (1, 1, 100.0)
    assert (s[world.city.pk].due, s[world.city.pk].on_time, s[world.city.pk].on_time_rate) == (2, 0, 0.0)
    # Submitted at 23:00 Beijing time on the deadline day is on time.
    assert s[world.other_city.pk].on_time_rate == 100.0


def test_an_open_round_is_not_yet_due(world, march):
    s = by_unit(world, dt.date(2026, 4, 3))
    assert s[world.dept.pk].due == 1  # the April round (deadline the 5th) is not counted yet
    s = by_unit(world, dt.date(2026, 4, 6))
    assert s[world.dept.pk].due == 2 and s[world.dept.pk].on_time == 2  # dept submitted April on the 2nd


def test_returns_and_overdue_tasks_led_are_counted(world, march):
    s = by_unit(world)
    assert (s[world.city.pk].returns, s[world.city.pk].overdue) == (1, 1)
    assert (s[world.dept.pk].returns, s[world.dept.pk].overdue) == (0, 0)


def test_a_report_the_unit_s_leader_returned_is_not_a_return_of_the_office(world, march, day):
    # 退回 inside the unit, before approval: the reporter fixes it before anyone outside sees it
    f.report(world.task_a, world.dept, "returned", round=day.round, submitted_at=at(dt.date(2026, 4, 2)),
             version=2, review_comment="请补充数据")
    assert by_unit(world)[world.dept.pk].returns == 0


def test_the_burden_is_assignments_times_rounds_this_month_plus_reminder_clicks(world, march):
    s = by_unit(world)
    city = s[world.city.pk]
    assert (city.requests, city.reminders, city.burden) == (3, 2, 5)
    dept = s[world.dept.pk]
    assert (dept.requests, dept.reminders, dept.burden) == (1, 0, 1)


def test_a_unit_with_nothing_due_has_no_rate_rather_than_zero():
    assert UnitScore(unit=None).on_time_rate is None


def test_the_units_needing_attention_come_first(world, march):
    ordered = sorted_scores(scorecard(world.plan, dt.date(2026, 4, 3)), "attention")
    assert ordered[0].unit == world.city
    assert sorted_scores(scorecard(world.plan, dt.date(2026, 4, 3)), "burden")[0].unit == world.city


def test_the_scorecard_page_lists_every_unit_escaped(world, march, login):
    with time_machine.travel(dt.datetime(2026, 4, 3, 10, tzinfo=TZ), tick=False):
        client = login(world.users["member"])
        html = assert_escaped(client.get(reverse("supervision:scorecard", args=[world.plan.code])))
        for unit in (world.dept, world.city, world.other_city):
            assert shown(unit) in html
        assert html.index(shown(world.city)) < html.index(shown(world.dept))
        assert client.get(reverse("supervision:scorecard", args=[world.plan.code]) + "?sort=nonsense").status_code == 200
