"""Business facts change only through the services (issue 10 item 3): in /admin/ the office reads
but cannot change a unit's reports, observations and assignments, and what it may still change
there is logged with each field's old and new value."""

from __future__ import annotations

import pytest
from django.urls import reverse

from luoshi.audit.models import Event
from luoshi.reporting.models import ProgressReport
from luoshi.work.models import Assignment, Indicator, Milestone, Observation, WorkArea
from tests import factories as f

pytestmark = pytest.mark.django_db


def form_data(response) -> dict:
    """What the admin page's form would post back unchanged: the main form and every inline's
    management form and rows, so a test changes one value and posts the rest as the page had it."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data |= {f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()}
        forms += list(formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value = form.initial.get(name, field.initial)
            if value is None:
                continue
            if isinstance(value, (list, tuple)):
                value = [getattr(v, "pk", v) for v in value]
            data[form.add_prefix(name)] = getattr(value, "pk", value)
    return data


@pytest.fixture
def accepted(world):
    """An accepted report of the city's with an indicator reading of 11."""
    report = f.report(world.task_b, world.city, state=ProgressReport.State.ACCEPTED, percent=40)
    indicator = Indicator.objects.create(task=world.task_b, name="投资额", unit="亿元", target=100)
    observation = Observation.objects.create(indicator=indicator, period="2026Q1", value=11, report=report)
    return report, indicator, observation


def test_the_office_cannot_change_an_accepted_reports_indicator_value_in_the_admin(client, world, accepted):
    report, indicator, observation = accepted
    client.force_login(world.users["office"])
    url = reverse("admin:work_observation_change", args=[observation.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="value"' not in page.content.decode()  # shown, not a field
    assert client.post(url, {"indicator": indicator.pk, "period": "2026Q1", "value": "999999"}).status_code == 403
    assert client.post(reverse("admin:work_observation_delete", args=[observation.pk]), {"post": "yes"}).status_code == 403
    # …nor through the indicator's page, where the readings are listed inline.
    indicator_url = reverse("admin:work_indicator_change", args=[indicator.pk])
    data = form_data(client.get(indicator_url)) | {"observations-0-value": "999999", "observations-0-id": observation.pk}
    assert client.post(indicator_url, data).status_code == 302  # the indicator saved, the reading ignored
    observation.refresh_from_db()
    assert observation.value == 11
    assert not Event.objects.filter(object_type="work.observation").exists()


def test_the_office_cannot_sign_for_a_unit_in_the_admin(client, world):
    assignment = Assignment.objects.get(task=world.task_b, organization=world.city)
    assert assignment.state != Assignment.State.SIGNED
    client.force_login(world.users["office"])
    url = reverse("admin:work_assignment_change", args=[assignment.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"task": world.task_b.pk, "organization": world.city.pk, "role": assignment.role,
                                 "state": Assignment.State.SIGNED})
    assert response.status_code == 403
    # …nor through the task's page, where the assignments are listed inline.
    task_url = reverse("admin:work_task_change", args=[world.task_b.pk])
    page = client.get(task_url)
    assert 'name="assignments-0-state"' not in page.content.decode()
    prefix = next(i.formset.prefix for i in page.context["inline_admin_formsets"] if i.formset.model is Assignment)
    response = client.post(task_url, form_data(page) | {f"{prefix}-0-state": Assignment.State.SIGNED,
                                                       f"{prefix}-0-id": assignment.pk})
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    assignment.refresh_from_db()
    assert assignment.state != Assignment.State.SIGNED and assignment.signed_by is None


def test_no_report_draft_or_accepted_can_be_added_changed_or_deleted_in_the_admin(client, world, accepted):
    report, _indicator, _observation = accepted
    draft = f.report(world.task_a, world.dept, text="原文")
    client.force_login(world.users["office"])
    for r in (draft, report):
        page = client.get(reverse("admin:reporting_progressreport_change", args=[r.pk]))
        assert page.status_code == 200 and 'name="text"' not in page.content.decode()
        assert client.post(reverse("admin:reporting_progressreport_change", args=[r.pk]),
                           {"text": "改过", "percent": 90}).status_code == 403
    assert client.get(reverse("admin:reporting_progressreport_add")).status_code == 403
    draft.refresh_from_db()
    assert (draft.text, draft.percent) == ("原文", 10)


def test_a_permitted_admin_change_records_each_fields_old_and_new_value(client, world, accepted):
    _report, indicator, _observation = accepted
    client.force_login(world.users["office"])
    url = reverse("admin:work_indicator_change", args=[indicator.pk])
    assert client.post(url, form_data(client.get(url)) | {"target": "120", "name": "投资总额"}).status_code == 302
    indicator.refresh_from_db()
    assert indicator.target == 120
    event = Event.objects.get(action="admin.change", object_type="work.indicator")
    assert event.changes == {"name": ["投资额", "投资总额"], "target": ["100.0000", "120"]}
    assert event.actor == world.users["office"]


def test_a_deletion_in_the_admin_records_what_the_row_held(client, world):
    area = WorkArea.objects.create(slug="gone_area", name="将删除的领域", order=99)
    client.force_login(world.users["office"])
    client.post(reverse("admin:work_workarea_delete", args=[area.pk]), {"post": "yes"})
    assert not WorkArea.objects.filter(pk=area.pk).exists()
    event = Event.objects.get(action="admin.delete", object_type="work.workarea")
    assert event.changes["name"] == ["将删除的领域", None] and event.changes["order"] == [99, None]


def test_a_change_to_an_inline_row_records_its_old_and_new_value(client, world):
    milestone = Milestone.objects.create(task=world.task_b, title="初步设计", planned_date="2026-06-30",
                                         planned_percent=30)
    client.force_login(world.users["office"])
    url = reverse("admin:work_task_change", args=[world.task_b.pk])
    page = client.get(url)
    prefix = next(i.formset.prefix for i in page.context["inline_admin_formsets"] if i.formset.model is Milestone)
    assert client.post(url, form_data(page) | {f"{prefix}-0-planned_percent": "40"}).status_code == 302
    event = Event.objects.get(action="admin.change", object_type="work.milestone")
    assert event.changes == {"planned_percent": [30, 40]} and event.object_id == str(milestone.pk)
