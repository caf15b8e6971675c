"""The Django admin: the office's back room, with the domain's rules kept."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from luoshi.audit.events import record
from luoshi.audit.models import Event
from luoshi.org.models import Organization
from luoshi.reporting.models import ProgressReport
from luoshi.work.models import WorkArea
from tests import factories as f

pytestmark = pytest.mark.django_db


def test_office_staff_may_open_the_admin(client, world):
    client.force_login(world.users["office"])
    assert client.get("/admin/").status_code == 200


def test_a_unit_reporter_may_not_open_the_admin_even_with_is_staff(client, world):
    reporter = world.users["dept"]
    reporter.is_staff = True
    reporter.save()
    client.force_login(reporter)
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/work/task/").status_code == 403


def test_office_staff_without_is_staff_may_not_open_the_admin(client, world):
    office = world.users["office"]
    office.is_staff = False
    office.save()
    client.force_login(office)
    assert client.get("/admin/").status_code == 403


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_every_admin_list_and_add_page_opens_for_office_staff_and_escapes_text(client, world):
    f.report(world.task_a, world.dept)
    f.meeting(world.group)
    client.force_login(world.users["office"])
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        changelist = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert changelist.status_code == 200, opts.label
        assert f.HOSTILE_MARK not in changelist.content.decode(), opts.label
        add = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        assert add.status_code == (200 if model_admin.has_add_permission(add.wsgi_request) else 403), opts.label


def test_admin_search_matches_names_across_scripts(client, world):
    Organization.objects.create(name="長三角區域合作辦公室", kind=Organization.Kind.OFFICE)
    client.force_login(world.users["office"])
    response = client.get("/admin/org/organization/", {"q": "长三角区域"})
    assert "長三角區域合作辦公室" in response.content.decode()


def test_an_admin_write_is_appended_to_the_event_log(client, world):
    client.force_login(world.users["office"])
    response = client.post(
        "/admin/work/workarea/add/", {"slug": "test_area", "name": "测试领域", "order": 99, "is_active": "on"}
    )
    assert response.status_code == 302
    area = WorkArea.objects.get(slug="test_area")
    event = Event.objects.get(object_type="work.workarea", object_id=str(area.pk))
    assert event.action == "admin.add"
    assert event.actor == world.users["office"]


def _admin_request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_nobody_may_add_change_or_delete_events_in_the_admin_not_even_a_superuser(world):
    superuser = f.user("root", "office_admin", is_staff=True, is_superuser=True)
    event = record(world.users["office"], "test", world.task_a)
    event_admin = admin.site._registry[Event]
    for user in (superuser, world.users["office"]):
        request = _admin_request(user)
        assert event_admin.has_view_permission(request, event)
        assert not event_admin.has_add_permission(request)
        assert not event_admin.has_change_permission(request, event)
        assert not event_admin.has_delete_permission(request, event)


def test_an_event_cannot_be_deleted_through_the_admin(client, world):
    event = record(world.users["office"], "test", world.task_a)
    client.force_login(world.users["office"])
    assert client.get(f"/admin/audit/event/{event.pk}/change/").status_code == 200
    assert client.post(f"/admin/audit/event/{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Event.objects.filter(pk=event.pk).exists()


def test_a_submitted_report_cannot_be_changed_or_deleted_in_the_admin(client, world):
    report = f.report(world.task_a, world.dept, state=ProgressReport.State.SUBMITTED, text="原文")
    client.force_login(world.users["office"])
    url = f"/admin/reporting/progressreport/{report.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="text"' not in page.content.decode()  # shown, not editable
    client.post(url, {"text": "改过", "percent": 90, "task": world.task_a.pk, "organization": world.dept.pk})
    report.refresh_from_db()
    assert (report.text, report.percent) == ("原文", 10)
    assert client.post(f"/admin/reporting/progressreport/{report.pk}/delete/", {"post": "yes"}).status_code == 403
    assert ProgressReport.objects.filter(pk=report.pk).exists()


def test_a_draft_report_is_not_editable_in_the_admin_either(client, world):
    # A draft is the unit's own work in progress; the office reads it, never types into it.
    report = f.report(world.task_a, world.dept)
    client.force_login(world.users["office"])
    page = client.get(f"/admin/reporting/progressreport/{report.pk}/change/")
    assert page.status_code == 200
    assert 'name="text"' not in page.content.decode()
