"""Reporting rounds and report pages (read-only)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from luoshi.reporting.models import ProgressReport
from tests import factories as f
from tests.pages import assert_escaped, body, shown

pytestmark = pytest.mark.django_db
State = ProgressReport.State


@pytest.fixture
def rnd(world):
    return f.reporting_round(world.plan)


def round_url(rnd):
    return reverse("reporting:round_detail", args=[rnd.code])


def report_url(report):
    return reverse("reporting:report_detail", args=[report.code])


def test_the_office_sees_the_plans_rounds_with_how_many_have_reported(world, rnd, login):
    f.report(world.task_a, world.dept, State.APPROVED, round=rnd)
    html = assert_escaped(login(world.users["office"]).get(reverse("reporting:round_list")))
    assert shown(rnd.period_label) in html and round_url(rnd) in html
    # task_a: dept + city, task_b: city, task_c: other city → 4 expected, 1 reported to the office
    assert 'data-reported="1" data-expected="4"' in html


def test_the_security_admin_sees_no_rounds_and_gets_404_on_one(world, rnd, login):
    client = login(world.users["security"])
    assert round_url(rnd) not in body(client.get(reverse("reporting:round_list")))
    assert client.get(round_url(rnd)).status_code == 404


@time_machine.travel(dt.datetime(2026, 4, 3, 10, 0), tick=False)
def test_the_round_page_tells_the_office_who_has_reported_before_the_deadline(world, rnd, login):
    accepted = f.report(world.task_a, world.dept, State.ACCEPTED, round=rnd)
    f.report(world.task_b, world.city, State.SUBMITTED, round=rnd)  # waiting for the city's leader
    html = assert_escaped(login(world.users["office"]).get(round_url(rnd)))
    assert report_url(accepted) in html
    for task in (world.task_a, world.task_b, world.task_c):
        assert shown(task.title) in html
    # The city's report still waits for its leader: not yet reported to the office.
    assert 'data-reported="1" data-expected="4"' in html
    assert '<tr class="late">' not in html


@time_machine.travel(dt.datetime(2026, 4, 3, 10, 0), tick=False)
def test_after_the_deadline_units_that_have_not_reported_are_marked_late(world, login):
    past = f.reporting_round(world.plan, "2025年四季度", dt.date(2025, 12, 20), dt.date(2026, 1, 5))
    f.report(world.task_a, world.dept, State.APPROVED, round=past)
    html = body(login(world.users["office"]).get(round_url(past)))
    assert html.count('<tr class="late">') == 3


def test_a_supporting_city_sees_its_own_rows_but_not_the_lead_departments(world, rnd, login):
    dept_report = f.report(world.task_a, world.dept, State.APPROVED, round=rnd)
    html = body(login(world.users["city"]).get(round_url(rnd)))
    assert shown(world.task_b.title) in html
    assert report_url(dept_report) not in html
    assert shown(world.dept) not in html
    assert shown(world.task_c.title) not in html


def test_the_report_page_lists_every_version_with_its_history_and_review_comment(world, rnd, login):
    office, dept = world.users["office"], world.users["dept"]
    now = timezone.now()
    v1 = f.report(world.task_a, world.dept, State.RETURNED, round=rnd, percent=20, created_by=dept,
                  submitted_by=dept, submitted_at=now, approved_by=dept, approved_at=now,
                  reviewed_by=office, reviewed_at=now, review_comment=f.hostile("请补充数据"))
    v2 = f.report(world.task_a, world.dept, State.APPROVED, round=rnd, percent=40, version=2, supersedes=v1,
                  created_by=dept, submitted_by=dept, submitted_at=now)
    other_round = f.reporting_round(world.plan, "2026年二季度", dt.date(2026, 7, 1), dt.date(2026, 7, 5))
    elsewhere = f.report(world.task_a, world.dept, State.APPROVED, round=other_round)
    html = assert_escaped(login(world.users["office"]).get(report_url(v2)))
    assert shown(v1.text) in html and shown(v2.text) in html
    assert report_url(v1) in html
    assert shown(v1.review_comment) in html
    assert html.count(shown(dept)) >= 3  # written, submitted, approved by the dept reporter
    assert shown(office) in html  # reviewed by
    assert shown(elsewhere.text) not in html


def test_the_office_gets_404_on_a_draft_and_the_other_city_on_any_report_of_task_a(world, rnd, login):
    draft = f.report(world.task_b, world.city, round=rnd)
    approved = f.report(world.task_a, world.dept, State.APPROVED, round=rnd)
    assert login(world.users["office"]).get(report_url(draft)).status_code == 404
    assert login(world.users["leader"]).get(report_url(draft)).status_code == 200
    for name in ("other", "security", "audit"):
        assert login(world.users[name]).get(report_url(approved)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_from_reporting_pages(world, rnd, client):
    report = f.report(world.task_a, world.dept, State.APPROVED, round=rnd)
    for url in (reverse("reporting:round_list"), round_url(rnd), report_url(report)):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]
