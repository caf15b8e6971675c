"""Assigning units, signing for and returning assignments, passing a task down."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.audit.models import Event
from luoshi.work import services
from luoshi.work.models import Assignment, Task
from luoshi.work.services import Conflict, StaleVersion
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
State = Assignment.State


def test_the_office_assigns_one_lead_and_supporting_units_across_regions_to_sign_within_three_days(world):
    task = f.task(world.plan)
    office = world.users["office"]
    rows = services.assign_units(office, task, task.version, lead=world.city, supports=[world.dept, world.other_city])
    assert {(a.organization, a.role, a.state) for a in rows} == {
        (world.city, "lead", State.PENDING), (world.dept, "support", State.PENDING),
        (world.other_city, "support", State.PENDING),
    }
    assert {a.due_to_sign for a in rows} == {dt.date(2026, 11, 29)}
    assert Event.objects.filter(task=task, action="assignment.created").count() == 3
    task.refresh_from_db()
    assert task.version == 2


def test_the_sign_for_period_follows_the_setting(world, settings):
    settings.LUOSHI_SIGN_DAYS = 7
    task = f.task(world.plan)
    [row] = services.assign_units(world.users["office"], task, task.version, lead=world.dept)
    assert row.due_to_sign == dt.date(2026, 12, 3)


def test_a_second_lead_unit_is_refused_while_the_first_still_leads(world):
    task = world.task_b  # led by the city
    with pytest.raises(ValidationError):
        services.assign_units(world.users["office"], task, task.version, lead=world.dept)
    assert list(task.assignments.filter(role="lead").values_list("organization", flat=True)) == [world.city.pk]


def test_after_the_lead_returns_the_task_the_office_assigns_another_lead(world):
    task = world.task_b
    lead = task.assignments.get(organization=world.city)
    services.assign_units(world.users["office"], world.task_c, world.task_c.version)  # no-op on another task
    lead.due_to_sign = dt.date(2026, 11, 28)
    lead.save()
    services.return_assignment(world.users["city"], lead, f.hostile("不属于本单位职责"))
    task.refresh_from_db()
    services.assign_units(world.users["office"], task, task.version, lead=world.dept)
    active = task.assignments.filter(role="lead").exclude(state=State.RETURNED)
    assert [a.organization for a in active] == [world.dept]
    # The returned row stays, with its reason, for the office and the history.
    lead.refresh_from_db()
    assert lead.state == State.RETURNED and "不属于本单位职责" in lead.return_reason


def test_two_office_users_assigning_the_same_task_cannot_both_win(world):
    task = f.task(world.plan)
    version = task.version
    services.assign_units(world.users["office"], task, version, lead=world.city)
    with pytest.raises(StaleVersion):
        services.assign_units(world.users["office"], Task.objects.get(pk=task.pk), version, lead=world.dept)


def test_a_unit_signs_for_its_assignment_once(world):
    row = world.task_b.assignments.get(organization=world.city)
    services.sign_for(world.users["city"], row)
    row.refresh_from_db()
    assert row.state == State.SIGNED and row.signed_by == world.users["city"]
    assert row.signed_at is not None
    with pytest.raises(Conflict):
        services.sign_for(world.users["leader"], row)
    assert Event.objects.filter(action="assignment.signed").count() == 1


def test_another_unit_cannot_sign_for_an_assignment(world):
    row = world.task_b.assignments.get(organization=world.city)
    with pytest.raises(PermissionDenied):
        services.sign_for(world.users["other"], row)
    with pytest.raises(PermissionDenied):
        services.sign_for(world.users["office"], row)
    row.refresh_from_db()
    assert row.state == State.PENDING


def test_returning_an_assignment_needs_a_reason_and_the_sign_for_period(world):
    row = world.task_b.assignments.get(organization=world.city)
    row.due_to_sign = dt.date(2026, 11, 26)
    row.save()
    with pytest.raises(ValidationError):
        services.return_assignment(world.users["city"], row, "  ")
    with time_machine.travel(dt.datetime(2026, 11, 27, 9, 0), tick=False), pytest.raises(ValidationError):
        services.return_assignment(world.users["city"], row, "太晚了")
    services.return_assignment(world.users["city"], row, "职责不符")
    row.refresh_from_db()
    assert row.state == State.RETURNED and row.returned_by == world.users["city"]


def test_a_returned_unit_assigned_again_must_sign_again(world):
    row = world.task_b.assignments.get(organization=world.city)
    services.return_assignment(world.users["city"], row, "请重新明确")
    task = Task.objects.get(pk=world.task_b.pk)
    services.assign_units(world.users["office"], task, task.version, lead=world.city)
    row.refresh_from_db()
    assert row.state == State.PENDING and row.due_to_sign == dt.date(2026, 11, 29)
    assert Event.objects.filter(action="assignment.reassigned", object_id=str(row.pk)).exists()


def test_the_lead_unit_passes_a_sub_task_down_to_a_unit_under_it(world):
    world.task_b.due = dt.date(2026, 12, 31)
    world.task_b.save()
    child = services.delegate(world.users["city"], world.task_b, world.city_bureau, "细化落实方案")
    assert child.parent == world.task_b and child.plan == world.plan and child.due == dt.date(2026, 12, 31)
    lead = child.assignments.get()
    assert (lead.organization, lead.role, lead.state) == (world.city_bureau, "lead", State.PENDING)
    assert Event.objects.filter(task=world.task_b, action="task.delegated").exists()


def test_a_task_cannot_be_passed_to_a_unit_outside_the_lead_units_tree(world):
    with pytest.raises(ValidationError):
        services.delegate(world.users["city"], world.task_b, world.other_city, "越级分派")
    with pytest.raises(ValidationError):
        services.delegate(world.users["city"], world.task_b, world.city, "分派给自己")
    assert not Task.objects.filter(parent=world.task_b).exists()


def test_only_the_lead_units_own_users_pass_a_task_down(world):
    # The city supports task A (led by the department): it may not split it.
    with pytest.raises(PermissionDenied):
        services.delegate(world.users["city"], world.task_a, world.city_bureau, "配合单位不能再分派")
    with pytest.raises(PermissionDenied):
        services.delegate(world.users["office"], world.task_b, world.city_bureau, "办公室不走再分派")
    assert not Task.objects.filter(parent__in=[world.task_a, world.task_b]).exists()
