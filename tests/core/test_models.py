"""Model rules that the database or the model layer enforces."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from luoshi.audit.events import record
from luoshi.audit.models import AppendOnlyError, Event
from luoshi.meetings.models import SourceDocument
from luoshi.org.models import Organization
from luoshi.reporting.models import ProgressReport
from luoshi.work.models import Assignment
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_a_submitted_report_is_never_edited_in_place(world):
    report = f.report(world.task_b, world.city, ProgressReport.State.SUBMITTED, percent=40)
    report.percent = 90
    with pytest.raises(ValidationError):
        report.save()
    report.refresh_from_db()
    assert report.percent == 40


def test_a_draft_report_may_be_edited(world):
    report = f.report(world.task_b, world.city, percent=40)
    report.percent = 50
    report.save()
    report.refresh_from_db()
    assert report.percent == 50


def test_a_submitted_report_may_still_move_through_review(world):
    report = f.report(world.task_b, world.city, ProgressReport.State.SUBMITTED)
    report.state = ProgressReport.State.APPROVED
    report.save()
    assert ProgressReport.objects.get(pk=report.pk).state == ProgressReport.State.APPROVED


def test_the_event_log_refuses_updates_and_deletes(world):
    event = record(world.users["office"], "task.created", world.task_a, {"title": [None, "x"]})
    event.action = "tampered"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()
    assert Event.objects.get(pk=event.pk).action == "task.created"


def test_an_event_names_the_task_of_an_assignment(world):
    assignment = Assignment.objects.get(task=world.task_a, role="lead")
    event = record(world.users["office"], "assignment.created", assignment)
    assert event.task == world.task_a


def test_one_unit_is_assigned_once_per_task(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(task=world.task_a, organization=world.dept, role="support")


def test_the_same_bytes_are_one_document():
    SourceDocument.objects.create(filename="a.txt", content="会议".encode())
    with pytest.raises(IntegrityError), transaction.atomic():
        SourceDocument.objects.create(filename="b.txt", content="会议".encode())


def test_organization_names_are_folded_for_matching():
    unit = f.org(name="省發展改革委")
    assert Organization.objects.filter(name_folded="省发展改革委").get() == unit


def test_a_risk_flag_needs_a_reason(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.report(world.task_b, world.city, risk_flag=True, risk_reason="")


def test_percent_cannot_exceed_100(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        f.report(world.task_b, world.city, percent=101)


def test_descendant_ids_cover_the_whole_subtree(world):
    assert world.city.descendant_ids() == {world.city.pk, world.city_bureau.pk}
