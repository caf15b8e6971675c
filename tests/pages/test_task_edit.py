"""The office's task edit form: optimistic lock, event with the diff, 403 for everyone else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from luoshi.audit.models import Event
from luoshi.work.models import Task, WorkArea
from luoshi.work.services import StaleVersion, update_task
from tests import factories as f
from tests.factories import HOSTILE_MARK
from tests.pages import assert_escaped, body

pytestmark = pytest.mark.django_db


def edit_url(task):
    return reverse("work:task_edit", args=[task.code])


def form_data(task, **overrides):
    data = {"title": task.title, "description": task.description, "due": "", "work_area": "",
            "version": task.version}
    data.update(overrides)
    return data


def test_the_office_sees_the_edit_form_with_the_current_version(world, login):
    response = login(world.users["office"]).get(edit_url(world.task_a))
    html = assert_escaped(response)
    assert 'name="version" value="1"' in html


def test_the_office_saves_a_task_which_bumps_the_version_and_records_the_diff(world, login):
    area, _ = WorkArea.objects.get_or_create(slug="economy", defaults={"name": "经济"})
    response = login(world.users["office"]).post(
        edit_url(world.task_a),
        form_data(world.task_a, title="新标题<script>", due="2026-11-30", work_area=area.pk),
    )
    assert response.status_code == 302
    task = Task.objects.get(pk=world.task_a.pk)
    assert (task.title, task.due, task.work_area, task.version) == ("新标题<script>", dt.date(2026, 11, 30), area, 2)
    event = Event.objects.get(task=task, action="task.updated")
    assert event.actor == world.users["office"]
    assert event.changes == {
        "title": [world.task_a.title, "新标题<script>"],
        "due": [None, "2026-11-30"],
        "work_area": [None, "economy"],
    }


def test_a_unit_posting_the_edit_form_gets_403_and_nothing_changes(world, login):
    for name in ("city", "dept", "leader", "member"):
        response = login(world.users[name]).post(edit_url(world.task_a), form_data(world.task_a, title="改"))
        assert response.status_code == 403
    task = Task.objects.get(pk=world.task_a.pk)
    assert (task.title, task.version) == (world.task_a.title, 1)
    assert not Event.objects.filter(task=task).exists()


def test_a_city_that_cannot_see_the_task_gets_404_on_its_edit_form(world, login):
    client = login(world.users["other"])
    assert client.get(edit_url(world.task_a)).status_code == 404
    assert client.post(edit_url(world.task_a), form_data(world.task_a, title="改")).status_code == 404
    assert Task.objects.get(pk=world.task_a.pk).title == world.task_a.title


def test_a_stale_form_is_refused_and_shows_what_the_user_typed_with_the_conflict(world, login):
    office = world.users["office"]
    office.language = "en"  # assert the English message; the zh_Hans one is checked in test_translations
    office.save()
    update_task(office, world.task_a, 1, title="别人先改了")
    response = login(office).post(edit_url(world.task_a), form_data(world.task_a, title="我输入的<b>"))
    assert response.status_code == 409
    html = body(response)
    assert "someone else changed this task" in html
    assert 'value="我输入的&lt;b&gt;"' in html
    assert "别人先改了" in html
    # The re-rendered form carries the new version, so a deliberate second save wins.
    assert 'name="version" value="2"' in html
    task = Task.objects.get(pk=world.task_a.pk)
    assert (task.title, task.version) == ("别人先改了", 2)
    assert HOSTILE_MARK not in html


def test_saving_again_after_the_conflict_overwrites_deliberately(world, login):
    office = world.users["office"]
    update_task(office, world.task_a, 1, title="别人先改了")
    response = login(office).post(edit_url(world.task_a), form_data(world.task_a, title="我的", version=2))
    assert response.status_code == 302
    assert Task.objects.get(pk=world.task_a.pk).title == "我的"


def test_a_due_date_before_the_start_is_refused_by_the_form(world, login):
    Task.objects.filter(pk=world.task_a.pk).update(start=dt.date(2026, 6, 1))
    response = login(world.users["office"]).post(edit_url(world.task_a), form_data(world.task_a, due="2026-01-01"))
    assert response.status_code == 200
    assert Task.objects.get(pk=world.task_a.pk).due is None


def test_update_task_refuses_a_unit_and_a_stale_version_without_writing(world):
    with pytest.raises(PermissionDenied):
        update_task(world.users["city"], world.task_a, 1, title="x")
    update_task(world.users["office"], world.task_a, 1, description="一")
    with pytest.raises(StaleVersion):
        update_task(world.users["office"], world.task_a, 1, description="二")
    task = Task.objects.get(pk=world.task_a.pk)
    assert (task.description, task.version) == ("一", 2)
    assert Event.objects.filter(task=task).count() == 1


def test_an_unchanged_save_neither_bumps_the_version_nor_records_an_event(world):
    task = update_task(world.users["office"], world.task_a, 1, title=world.task_a.title)
    assert task.version == 1
    assert not Event.objects.filter(task=task).exists()


def test_update_task_refuses_fields_outside_the_form(world):
    with pytest.raises(ValueError):
        update_task(world.users["office"], world.task_a, 1, plan=f.plan(world.group))
