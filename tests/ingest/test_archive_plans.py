"""Archiving a plan or a task: the office only, with a reason in the log; out of the current lists,
still readable on its own page and under /work/archived/."""

from __future__ import annotations

import pytest
from django.urls import reverse

from luoshi import access
from luoshi.audit.models import Event
from luoshi.work.models import Plan, Task
from tests import factories as f
from tests.factories import HOSTILE_MARK

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(world, login):
    return login(world.users["office"])


def test_the_office_archives_a_plan_confirmed_by_mistake(office, world):
    response = office.post(reverse("work:plan_archive", args=[world.plan.code]), {"reason": "重复确认，以第二份为准"})
    assert response.status_code == 302 and response.url == reverse("work:plan_detail", args=[world.plan.code])
    plan = Plan.objects.get(pk=world.plan.pk)
    assert plan.archived_by == world.users["office"] and plan.archive_reason == "重复确认，以第二份为准"
    event = Event.objects.get(action="plan.archived")
    assert event.actor == world.users["office"] and event.changes == {"reason": "重复确认，以第二份为准", "tasks": 3}
    # out of the current lists, with all its tasks, for every reader
    for persona in ("office", "member", "dept", "city"):
        user = world.users[persona]
        assert not access.current_plans(user).filter(pk=plan.pk).exists()
        assert not access.current_tasks(user).filter(plan=plan).exists()
    # still readable, and listed under 已归档
    assert office.get(reverse("work:plan_detail", args=[plan.code])).status_code == 200
    assert office.get(reverse("work:task_detail", args=[world.task_a.code])).status_code == 200
    page = office.get(reverse("work:archived")).content.decode()
    assert reverse("work:plan_detail", args=[plan.code]) in page and "重复确认，以第二份为准" in page
    assert HOSTILE_MARK not in page


def test_archiving_a_task_takes_its_sub_tasks_along_and_leaves_its_siblings(office, world):
    child = f.task(world.plan, lead=world.city, parent=world.task_a, title="子任务甲")
    grandchild = f.task(world.plan, lead=world.city, parent=child, title="子任务乙")
    response = office.post(reverse("work:task_archive", args=[world.task_a.code]), {"reason": "与第5项重复"})
    assert response.status_code == 302
    archived = set(Task.objects.filter(archived_at__isnull=False).values_list("pk", flat=True))
    assert archived == {world.task_a.pk, child.pk, grandchild.pk}
    current = set(access.current_tasks(world.users["office"]).values_list("pk", flat=True))
    assert current == {world.task_b.pk, world.task_c.pk}
    assert Event.objects.filter(action="task.archived").count() == 3
    assert Event.objects.filter(action="task.archived", task=child).get().changes["reason"] == "与第5项重复"
    # the unit that led it still reads it by its link, and finds it under 已归档
    dept = world.users["dept"]
    assert access.archived_tasks(dept).filter(pk=world.task_a.pk).exists()
    assert office.get(reverse("work:task_detail", args=[child.code])).status_code == 200


def test_archiving_needs_a_reason(office, world):
    response = office.post(reverse("work:plan_archive", args=[world.plan.code]), {"reason": "  "})
    assert response.status_code == 200
    assert Plan.objects.get(pk=world.plan.pk).archived_at is None


def test_an_archived_plan_cannot_be_archived_twice(office, world):
    office.post(reverse("work:plan_archive", args=[world.plan.code]), {"reason": "误确认"})
    assert office.get(reverse("work:plan_archive", args=[world.plan.code])).status_code == 404
    assert Event.objects.filter(action="plan.archived").count() == 1


@pytest.mark.parametrize("persona", ["dept", "city", "leader", "member", "security", "audit"])
def test_only_the_office_may_archive_a_plan_or_a_task(world, login, persona):
    client = login(world.users[persona])
    assert client.post(reverse("work:plan_archive", args=[world.plan.code]), {"reason": "不要了"}).status_code == 403
    assert client.post(reverse("work:task_archive", args=[world.task_b.code]), {"reason": "不要了"}).status_code == 403
    assert not Plan.objects.filter(archived_at__isnull=False).exists()
    assert not Task.objects.filter(archived_at__isnull=False).exists()


def test_the_archived_page_shows_a_unit_only_its_own_archived_tasks(world, login, office):
    office.post(reverse("work:task_archive", args=[world.task_c.code]), {"reason": "撤销"})
    page = login(world.users["dept"]).get(reverse("work:archived")).content.decode()
    assert reverse("work:task_detail", args=[world.task_c.code]) not in page


def test_the_review_page_no_longer_offers_an_archived_plan(office, world, reader, drain):
    from luoshi.ingest import reading
    from tests.ingest import records
    from tests.ingest.pages import options

    document = reading.store(world.users["office"], records.REPORT.encode(), "report.txt").document
    drain()
    url = reverse("ingest:review", args=[document.code])
    offered = [value for value, _selected in options(office.get(url).content.decode(), "plan-plan")]
    assert str(world.plan.pk) in offered
    office.post(reverse("work:plan_archive", args=[world.plan.code]), {"reason": "误确认"})
    offered = [value for value, _selected in options(office.get(url).content.decode(), "plan-plan")]
    assert str(world.plan.pk) not in offered
