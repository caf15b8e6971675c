"""The access module: each rule as a pair — one who may, one who may not."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from luoshi import access
from luoshi.audit.events import record
from luoshi.reporting.models import ProgressReport
from tests import factories as f

pytestmark = pytest.mark.django_db


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_the_office_sees_every_task_and_a_city_only_the_tasks_its_unit_leads_or_supports(world):
    u = world.users
    assert ids(access.visible_tasks(u["office"])) == {world.task_a.pk, world.task_b.pk, world.task_c.pk}
    assert ids(access.visible_tasks(u["city"])) == {world.task_a.pk, world.task_b.pk}
    assert ids(access.visible_tasks(u["other"])) == {world.task_c.pk}


def test_a_unit_sees_tasks_assigned_to_a_unit_under_it(world):
    sub = f.task(world.plan, lead=world.city_bureau)
    assert sub.pk in ids(access.visible_tasks(world.users["city"]))
    assert sub.pk not in ids(access.visible_tasks(world.users["dept"]))


def test_security_and_audit_admins_read_no_task_content(world):
    for name in ("security", "audit"):
        user = world.users[name]
        assert not access.visible_tasks(user).exists()
        assert not access.visible_plans(user).exists()
        assert not access.visible_reports(user).exists()
        assert not access.visible_people(user).exists()


def test_get_visible_answers_404_outside_scope(world):
    assert access.get_visible(access.visible_tasks(world.users["other"]), pk=world.task_c.pk) == world.task_c
    with pytest.raises(Http404):
        access.get_visible(access.visible_tasks(world.users["other"]), pk=world.task_a.pk)


def test_drafts_stay_inside_the_unit_and_the_office_sees_approved_reports(world):
    draft = f.report(world.task_b, world.city)
    approved = f.report(world.task_a, world.dept, ProgressReport.State.APPROVED)
    assert draft.pk in ids(access.visible_reports(world.users["leader"]))
    assert draft.pk not in ids(access.visible_reports(world.users["office"]))
    assert approved.pk in ids(access.visible_reports(world.users["office"]))
    assert approved.pk not in ids(access.visible_reports(world.users["other"]))


def test_a_lead_unit_reads_its_supporters_submitted_contributions_but_not_their_drafts(world):
    submitted = f.report(world.task_a, world.city, ProgressReport.State.SUBMITTED)
    draft = f.report(world.task_a, world.city, version=2)
    visible = ids(access.visible_reports(world.users["dept"]))
    assert submitted.pk in visible
    assert draft.pk not in visible


def test_only_a_unit_leader_of_the_reporting_unit_may_approve(world):
    report = f.report(world.task_b, world.city, ProgressReport.State.SUBMITTED)
    assert access.can(world.users["leader"], "report.approve", report)
    assert not access.can(world.users["city"], "report.approve", report)
    assert not access.can(world.users["office"], "report.approve", report)


def test_only_assigned_units_may_write_reports(world):
    assert access.can(world.users["city"], "report.write", world.task_a)
    assert not access.can(world.users["other"], "report.write", world.task_a)
    assert not access.can(world.users["member"], "report.write", world.task_a)


def test_only_the_office_reviews_and_edits_the_programme(world):
    assert access.can(world.users["office"], "report.review")
    assert access.can(world.users["office"], "programme.edit")
    for name in ("dept", "city", "leader", "member", "security", "audit"):
        assert not access.can(world.users[name], "report.review")
        assert not access.can(world.users[name], "programme.edit")
    with pytest.raises(PermissionDenied):
        access.require(world.users["member"], "programme.edit")


def test_the_audit_admin_reads_the_whole_log_and_a_unit_only_its_tasks_timelines(world):
    mine = record(world.users["office"], "task.created", world.task_b)
    theirs = record(world.users["office"], "task.created", world.task_c)
    assert {mine.pk, theirs.pk} <= ids(access.visible_events(world.users["audit"]))
    assert ids(access.visible_events(world.users["city"])) >= {mine.pk}
    assert theirs.pk not in ids(access.visible_events(world.users["city"]))
    assert not access.visible_events(world.users["security"]).exists()


def test_unknown_actions_and_anonymous_users_are_refused(world):
    from django.contrib.auth.models import AnonymousUser

    assert not access.can(world.users["office"], "no.such.action")
    assert not access.can(AnonymousUser(), "programme.edit")
    assert not access.visible_tasks(AnonymousUser()).exists()


def test_an_inactive_user_sees_nothing(world):
    user = world.users["office"]
    user.is_active = False
    assert not access.visible_tasks(user).exists()


def test_the_office_and_members_read_supervision_and_units_do_not(world):
    assert access.can(world.users["office"], "supervision.read")
    assert access.can(world.users["member"], "supervision.read")
    for name in ("dept", "city", "leader", "security", "audit"):
        assert not access.can(world.users[name], "supervision.read")


def test_only_the_office_sends_manual_reminders(world):
    assert access.can(world.users["office"], "task.remind", world.task_a)
    assert not access.can(world.users["member"], "task.remind", world.task_a)
    assert not access.can(world.users["dept"], "task.remind", world.task_a)


def test_a_supporting_city_follows_the_lead_units_reports_only_on_tasks_it_leads(world):
    from luoshi.work.models import Assignment

    rows = list(Assignment.objects.filter(task__in=[world.task_a, world.task_b, world.task_c]))
    followed = {(a.task_id, a.organization_id) for a in access.reporting_units(world.users["city"], rows)}
    assert (world.task_a.pk, world.city.pk) in followed
    assert (world.task_a.pk, world.dept.pk) not in followed  # city only supports task A
    assert (world.task_c.pk, world.other_city.pk) not in followed
    assert len(access.reporting_units(world.users["office"], rows)) == len(rows)
    assert access.reporting_units(world.users["audit"], rows) == []
