"""The home page of each role, with who may see what on it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from luoshi.reporting.models import ProgressReport
from tests import factories as f
from tests.web.helpers import label, page, queries, section

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 6, 1, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_office_sees_every_plan_with_tasks_counted_by_state(world, login, frozen):
    world.task_a.due = dt.date(2026, 5, 1)  # a month overdue
    world.task_a.save()
    html = page(login(world.users["office"]), "/")
    assert "工作总览" in html
    assert f"{world.plan.title}"[:6] in html
    assert 'class="tile overdue"><span class="count">1</span>' in html
    assert 'class="tile not_started"><span class="count">2</span>' in html


def test_the_office_sees_overdue_and_at_risk_tasks_listed_with_their_lead_unit(world, login, frozen):
    world.task_a.due = dt.date(2026, 5, 1)
    world.task_a.save()
    f.report(world.task_b, world.city, ProgressReport.State.APPROVED, percent=5, risk_flag=True,
             risk_reason=f.hostile("资金缺口"))
    html = page(login(world.users["office"]), "/")
    overdue, at_risk = section(html, "overdue"), section(html, "at-risk")
    assert label(world.task_a.title) in overdue
    assert label(world.dept.name) in overdue
    assert label(world.task_b.title) in at_risk
    assert label(world.task_b.title) not in overdue


def test_the_office_sees_approved_reports_awaiting_review_but_not_unit_drafts(world, login):
    approved = f.report(world.task_a, world.dept, ProgressReport.State.APPROVED, percent=40)
    f.report(world.task_b, world.city, ProgressReport.State.DRAFT, percent=77)
    awaiting = section(page(login(world.users["office"]), "/"), "awaiting-review")
    assert f"{approved.percent}%" in awaiting
    assert "77%" not in awaiting


def test_the_office_sees_recent_meetings(world, login):
    meeting = f.meeting(world.group, date=dt.date(2026, 3, 1))
    html = page(login(world.users["office"]), "/")
    assert label(meeting.title) in html
    assert reverse("meetings:meeting_detail", args=[meeting.code]) in html


def test_the_office_overview_links_tasks_and_plans_to_their_pages(world, login, frozen):
    world.task_a.due = dt.date(2026, 5, 1)
    world.task_a.save()
    html = page(login(world.users["office"]), "/")
    assert reverse("work:task_detail", args=[world.task_a.code]) in html


def test_a_group_member_sees_the_same_overview_read_only(world, login):
    html = page(login(world.users["member"]), "/")
    assert label(world.plan.title) in html
    assert "只读" in html


def test_a_city_sees_the_tasks_it_leads_and_supports_with_its_role_and_not_other_cities_tasks(world, login):
    html = page(login(world.users["city"]), "/")
    assert label(world.task_a.title) in html
    assert label(world.task_b.title) in html
    assert label(world.task_c.title) not in html
    assert 'class="tag lead"' in html and 'class="tag support"' in html


def test_a_unit_reporter_sees_its_drafts_and_returned_reports(world, login):
    f.report(world.task_b, world.city, percent=33)
    f.report(world.task_a, world.city, ProgressReport.State.RETURNED, percent=44, review_comment=f.hostile("请补充"))
    html = page(login(world.users["city"]), "/")
    assert "33%" in html
    assert "44%" in section(html, "returned") and "33%" not in section(html, "returned")


def test_a_unit_leader_sees_reports_awaiting_approval_and_another_unit_does_not(world, login):
    f.report(world.task_b, world.city, ProgressReport.State.SUBMITTED, percent=61)
    assert "61%" in page(login(world.users["leader"]), "/")
    assert "61%" not in page(login(world.users["other"]), "/")


def test_the_security_admin_is_sent_to_user_management(world, login):
    response = login(world.users["security"]).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("manage:user_list")


def test_the_audit_admin_is_sent_to_the_audit_log(world, login):
    response = login(world.users["audit"]).get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("audit:event_list")


def _more_tasks(world, n):
    plan = f.plan(world.group)
    for i in range(n):
        f.task(plan, lead=world.dept if i % 2 else world.city, support=[world.other_city],
               due=dt.date(2026, 1, 1) + dt.timedelta(days=i * 10))
    f.meeting(world.group, date=dt.date(2026, 2, 1))
    f.report(world.task_a, world.dept, ProgressReport.State.APPROVED)


def test_the_office_home_page_issues_the_same_number_of_queries_for_3_or_30_tasks(world, login, frozen):
    client = login(world.users["office"])
    _more_tasks(world, 3)
    few = queries(client, "/")
    _more_tasks(world, 27)
    assert queries(client, "/") == few


def test_a_unit_home_page_issues_the_same_number_of_queries_for_3_or_30_tasks(world, login, frozen):
    client = login(world.users["city"])
    _more_tasks(world, 3)
    few = queries(client, "/")
    _more_tasks(world, 27)
    assert queries(client, "/") == few
