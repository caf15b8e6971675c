"""Extension requests (延期申请): the lead unit asks, the office grants or declines, both dates kept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from luoshi.audit.models import Event
from luoshi.work import services
from luoshi.work.models import ExtensionRequest
from luoshi.work.services import Conflict

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
State = ExtensionRequest.State


@pytest.fixture
def task(world):
    world.task_b.due = dt.date(2026, 12, 31)
    world.task_b.save()
    return world.task_b


def test_a_granted_extension_moves_the_due_date_and_the_history_keeps_both_dates(world, task):
    req = services.request_extension(world.users["city"], task, dt.date(2027, 3, 31), "汛期停工")
    assert (req.previous_due, req.requested_due, req.organization) == (dt.date(2026, 12, 31), dt.date(2027, 3, 31),
                                                                       world.city)
    services.decide_extension(world.users["office"], req, accept=True)
    task.refresh_from_db()
    req.refresh_from_db()
    assert task.due == dt.date(2027, 3, 31) and req.state == State.ACCEPTED and req.decided_by == world.users["office"]
    granted = Event.objects.get(task=task, action="extension.accepted")
    assert granted.changes["due"] == ["2026-12-31", "2027-03-31"]


def test_a_declined_extension_needs_a_comment_and_leaves_the_due_date(world, task):
    req = services.request_extension(world.users["city"], task, dt.date(2027, 3, 31), "汛期停工")
    with pytest.raises(ValidationError):
        services.decide_extension(world.users["office"], req, accept=False)
    services.decide_extension(world.users["office"], req, accept=False, comment="按期完成，不予延期")
    task.refresh_from_db()
    req.refresh_from_db()
    assert task.due == dt.date(2026, 12, 31) and req.state == State.DECLINED
    with pytest.raises(Conflict):
        services.decide_extension(world.users["office"], req, accept=True)


def test_one_request_waits_at_a_time_and_the_date_must_be_later(world, task):
    with pytest.raises(ValidationError):
        services.request_extension(world.users["city"], task, dt.date(2026, 12, 1), "提前？")
    with pytest.raises(ValidationError):
        services.request_extension(world.users["city"], task, dt.date(2027, 1, 31), "")
    services.request_extension(world.users["city"], task, dt.date(2027, 1, 31), "需要更多时间")
    with pytest.raises(Conflict):
        services.request_extension(world.users["leader"], task, dt.date(2027, 2, 28), "再申请一次")
    assert task.extension_requests.count() == 1


def test_only_the_lead_unit_asks_and_only_the_office_decides(world, task):
    # The city supports task A: the department leads it and asks for it.
    with pytest.raises(PermissionDenied):
        services.request_extension(world.users["city"], world.task_a, dt.date(2027, 3, 31), "配合单位申请")
    with pytest.raises(PermissionDenied):
        services.request_extension(world.users["office"], task, dt.date(2027, 3, 31), "办公室不申请")
    req = services.request_extension(world.users["city"], task, dt.date(2027, 3, 31), "汛期停工")
    for who in ("city", "leader", "member", "audit"):
        with pytest.raises(PermissionDenied):
            services.decide_extension(world.users[who], req, accept=True)
    req.refresh_from_db()
    assert req.state == State.PENDING
