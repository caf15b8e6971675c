"""Every page issues the same number of queries for 3 rows as for 30.

Each test measures a page, adds 27 more rows of what it lists, measures again
and requires the same count, under a bound that catches a regression early.
A request costs 5 queries before the view runs (session, user, the user's unit
and its descendants, two levels here) and 3 after (session save in a savepoint).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.audit.events import record
from luoshi.meetings.models import AgendaItem, Commitment, Directive, Participation, SourceDocument, Venue
from luoshi.reporting.models import ProgressReport
from luoshi.work.models import Assignment, Indicator, Milestone, Observation
from tests import factories as f
from tests.pages import count_queries

pytestmark = pytest.mark.django_db
State = ProgressReport.State


def same_for_3_and_30(client, url: str, add_one, bound: int, django_assert_max_num_queries) -> int:
    for _ in range(3):
        add_one()
    small = count_queries(client, url)
    for _ in range(27):
        add_one()
    with django_assert_max_num_queries(bound):
        large = count_queries(client, url)
    assert small == large, f"{url}: {small} queries for 3 rows, {large} for 30"
    return large


def test_the_meeting_list_query_count_is_fixed(world, login, django_assert_max_num_queries):
    def add():
        m = f.meeting(world.group)
        v = Venue.objects.create(meeting=m, name="主会场", is_main=True)
        Participation.objects.create(meeting=m, person=f.person(), venue=v, role="chair")
        Directive.objects.create(meeting=m, text="要")

    same_for_3_and_30(login(world.users["office"]), reverse("meetings:meeting_list"), add, 6,
                      django_assert_max_num_queries)


def test_the_meeting_page_query_count_is_fixed(world, login, django_assert_max_num_queries):
    meeting = f.meeting(world.group)
    venue = Venue.objects.create(meeting=meeting, name="主会场", is_main=True, region=f.region())

    def add():
        doc = SourceDocument.objects.create(filename="a.txt", content=f.hostile("x").encode())
        item = AgendaItem.objects.create(meeting=meeting, kind="convey", text=f.hostile("传达"),
                                         conveyed_meeting=f.meeting(world.group))
        item.documents.add(doc)
        Participation.objects.create(meeting=meeting, person=f.person(), venue=venue, role="attendee")
        d = Directive.objects.create(meeting=meeting, text=f.hostile("要"))
        f.task(world.plan, lead=world.dept, source_directive=d)
        c = Commitment.objects.create(meeting=meeting, party=world.city, party_text="市", text=f.hostile("将"))
        f.task(world.plan, lead=world.city, source_commitment=c)

    url = reverse("meetings:meeting_detail", args=[meeting.code])
    same_for_3_and_30(login(world.users["office"]), url, add, 15, django_assert_max_num_queries)


def test_the_plan_list_query_count_is_fixed(world, login, django_assert_max_num_queries):
    def add():
        f.task(f.plan(world.group), lead=world.city)

    same_for_3_and_30(login(world.users["city"]), reverse("work:plan_list"), add, 14, django_assert_max_num_queries)


# A unit pays for its scope: its unit tree, and the DISTINCT task query.
@pytest.mark.parametrize(("persona", "bound"), [("office", 14), ("city", 17)])
def test_the_plan_tree_query_count_is_fixed(world, login, persona, bound, django_assert_max_num_queries):
    def add():
        t = f.task(world.plan, lead=world.dept, support=[world.city], parent=world.task_a)
        f.report(t, world.dept, State.APPROVED)
        Milestone.objects.create(task=t, title="节点", planned_date=dt.date(2026, 6, 1), planned_percent=50)

    url = reverse("work:plan_detail", args=[world.plan.code])
    same_for_3_and_30(login(world.users[persona]), url, add, bound, django_assert_max_num_queries)


def test_the_task_page_query_count_is_fixed(world, login, django_assert_max_num_queries):
    task = world.task_a
    rnd = f.reporting_round(world.plan)
    units = iter(f.org() for _ in range(30))

    def add():
        child = f.task(world.plan, lead=world.city, parent=task)
        unit = next(units)
        f.task(world.plan, lead=unit)  # noise elsewhere in the plan
        Assignment.objects.create(task=task, organization=unit, role="support")
        f.report(task, unit, State.APPROVED, round=rnd, submitted_at=timezone.now())
        record(world.users["office"], "task.updated", task, {"title": ["a", "b"]})
        record(world.users["office"], "task.updated", child, {"title": ["a", "b"]})
        Milestone.objects.create(task=task, title="节点", planned_date=dt.date(2026, 6, 1), planned_percent=50)
        ind = Indicator.objects.create(task=task, name="指标", target=10)
        Observation.objects.create(indicator=ind, period="Q1", value=1)

    url = reverse("work:task_detail", args=[task.code])
    # 18 for the page, 3 for the office's workflow panel (extensions, the units in the assign form).
    same_for_3_and_30(login(world.users["office"]), url, add, 21, django_assert_max_num_queries)


def test_the_round_list_query_count_is_fixed(world, login, django_assert_max_num_queries):
    def add():
        plan = f.plan(world.group)
        t = f.task(plan, lead=world.city)
        rnd = f.reporting_round(plan)
        f.report(t, world.city, State.SUBMITTED, round=rnd)

    same_for_3_and_30(login(world.users["city"]), reverse("reporting:round_list"), add, 12,
                      django_assert_max_num_queries)


def test_the_round_page_query_count_is_fixed(world, login, django_assert_max_num_queries):
    rnd = f.reporting_round(world.plan)

    def add():
        t = f.task(world.plan, lead=world.dept, support=[world.city])
        f.report(t, world.dept, State.ACCEPTED, round=rnd)
        f.report(t, world.city, State.APPROVED, round=rnd)

    url = reverse("reporting:round_detail", args=[rnd.code])
    same_for_3_and_30(login(world.users["office"]), url, add, 13, django_assert_max_num_queries)


def test_the_report_page_query_count_is_fixed(world, login, django_assert_max_num_queries):
    rnd = f.reporting_round(world.plan)
    dept = world.users["dept"]
    ind = Indicator.objects.create(task=world.task_a, name="指标", target=10)
    versions = []

    def add():
        now = timezone.now()
        v = f.report(world.task_a, world.dept, State.APPROVED, round=rnd, version=len(versions) + 1,
                     supersedes=versions[-1] if versions else None, created_by=dept, submitted_by=dept,
                     submitted_at=now, approved_by=dept, approved_at=now)
        Observation.objects.create(indicator=ind, period=f"v{v.version}", value=1, report=v)
        versions.append(v)

    add()
    url = reverse("reporting:report_detail", args=[versions[0].code])
    # 10 for the page, 2 for the versions' attachments and "is this the newest version?".
    same_for_3_and_30(login(world.users["dept"]), url, add, 12, django_assert_max_num_queries)
