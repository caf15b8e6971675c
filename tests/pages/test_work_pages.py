"""Plan list, plan tree and task pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from luoshi.audit.events import record
from luoshi.reporting.models import ProgressReport
from tests import factories as f
from tests.pages import assert_escaped, body, shown

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 5, 1, 10, 0)


def plan_url(world):
    return reverse("work:plan_detail", args=[world.plan.code])


def task_url(task):
    return reverse("work:task_detail", args=[task.code])


def test_the_office_sees_the_plan_in_the_plan_list(world, login):
    html = assert_escaped(login(world.users["office"]).get(reverse("work:plan_list")))
    assert shown(world.plan.title) in html
    assert plan_url(world) in html


def test_the_security_admin_sees_no_plan_in_the_list_and_gets_404_on_the_plan(world, login):
    client = login(world.users["security"])
    assert shown(world.plan.title) not in body(client.get(reverse("work:plan_list")))
    assert client.get(plan_url(world)).status_code == 404
    assert login(world.users["audit"]).get(plan_url(world)).status_code == 404


def test_the_plan_tree_indents_children_under_their_parent(world, programme, login):
    grandchild = f.task(world.plan, lead=world.city, parent=programme.child)
    html = assert_escaped(login(world.users["office"]).get(plan_url(world)))
    a, child, grand = (html.index(shown(t.title)) for t in (world.task_a, programme.child, grandchild))
    assert a < child < grand
    assert 'class="depth-2"' in html
    for unit in (world.dept, world.city):
        assert shown(unit) in html


def test_a_city_sees_only_the_tasks_its_unit_leads_or_supports_in_the_tree(world, login):
    html = body(login(world.users["city"]).get(plan_url(world)))
    assert shown(world.task_a.title) in html and shown(world.task_b.title) in html
    assert shown(world.task_c.title) not in html


def test_the_tree_filters_by_work_area(world, programme, login):
    html = body(login(world.users["office"]).get(plan_url(world) + f"?area={programme.area.slug}"))
    assert shown(world.task_a.title) in html
    assert shown(world.task_b.title) not in html


@time_machine.travel(TODAY, tick=False)
def test_the_tree_filters_by_light_and_shows_the_reason_as_title(world, login):
    world.task_b.due = dt.date(2026, 4, 1)
    world.task_b.save()
    html = body(login(world.users["office"]).get(plan_url(world) + "?light=overdue"))
    assert shown(world.task_b.title) in html
    assert shown(world.task_a.title) not in html
    assert 'class="light overdue" title="' in html


def test_the_task_page_shows_everything_the_unit_needs(world, programme, login):
    task = world.task_a
    ProgressReport.objects.create(
        task=task, organization=world.dept, text=f.hostile("进展一"), percent=30,
        state=ProgressReport.State.APPROVED,
    )
    html = assert_escaped(login(world.users["office"]).get(task_url(task)))
    assert shown(task.title) in html and shown(task.description) in html
    assert shown(programme.area.name) in html
    assert task_url(programme.child) in html  # child
    assert shown(task.milestones.get().title) in html
    assert shown(programme.indicator.name) in html and "2026Q1" in html
    assert shown(programme.directive.text) in html
    assert reverse("meetings:meeting_detail", args=[programme.meeting.code]) in html
    assert shown(task.reports.get().text) in html
    assert 'class="light ' in html
    assert reverse("work:task_edit", args=[task.code]) in html


def test_the_child_task_links_back_to_its_parent_and_quotes_the_commitment(world, programme, login):
    html = assert_escaped(login(world.users["city"]).get(task_url(programme.child)))
    assert task_url(world.task_a) in html
    assert shown(programme.commitment.text) in html


def test_a_unit_sees_the_task_without_the_edit_link(world, login):
    response = login(world.users["dept"]).get(task_url(world.task_a))
    assert response.status_code == 200
    assert reverse("work:task_edit", args=[world.task_a.code]) not in body(response)


def test_the_other_city_and_the_admins_get_404_on_task_a(world, login):
    for name in ("other", "security", "audit"):
        assert login(world.users[name]).get(task_url(world.task_a)).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in_from_work_pages(world, client):
    for url in (reverse("work:plan_list"), plan_url(world), task_url(world.task_a)):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_task_page_shows_the_latest_version_per_unit_and_hides_drafts_from_the_office(world, login):
    task = world.task_a
    rnd = f.reporting_round(world.plan)
    old = f.report(task, world.dept, ProgressReport.State.SUBMITTED, round=rnd, percent=20)
    newer = f.report(task, world.dept, ProgressReport.State.APPROVED, round=rnd, percent=40, version=2,
                     supersedes=old)
    draft = f.report(task, world.city, round=rnd)
    html = body(login(world.users["office"]).get(task_url(task)))
    assert reverse("reporting:report_detail", args=[newer.code]) in html
    assert shown(draft.text) not in html
    city_html = body(login(world.users["city"]).get(task_url(task)))
    assert shown(draft.text) in city_html


def test_the_timeline_merges_events_and_reports_in_date_order(world, login):
    task = world.task_a
    with time_machine.travel(dt.datetime(2026, 2, 1, 9, 0), tick=False):
        record(world.users["office"], "task.updated", task, {"title": ["旧<b>", "新<b>"]})
    report = f.report(task, world.dept, ProgressReport.State.APPROVED)
    ProgressReport.objects.filter(pk=report.pk).update(submitted_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, 0), tick=False):
        record(world.users["office"], "task.updated", task, {"due": [None, "2026-12-31"]})
    html = body(login(world.users["member"]).get(task_url(task)))
    timeline = html[html.index('class="timeline"'):]
    positions = [timeline.index("2026-02-01"), timeline.index("2026-03-01"), timeline.index("2026-04-01")]
    assert positions == sorted(positions)
    assert "&lt;b&gt;" in timeline and "<b>" not in timeline


def test_an_unknown_area_or_light_in_the_filter_shows_no_rows_rather_than_an_error(world, programme, login):
    response = login(world.users["office"]).get(plan_url(world) + "?area=nonexistent&light=bogus")
    assert response.status_code == 200
    assert shown(world.task_a.title) not in body(response)


def test_the_timeline_names_fields_and_choices_instead_of_showing_stored_codes(world, login):
    member = world.users["member"]
    member.language = "en"
    member.save()
    assignment = world.task_a.assignments.get(role="lead")
    record(world.users["office"], "admin.change", assignment, {"role": "lead"})
    html = body(login(member).get(task_url(world.task_a)))
    timeline = html[html.index('class="timeline"'):]
    assert "role: — → <ins>Lead unit</ins>" in timeline
    assert "changed in the admin site" in timeline
