"""退回: a unit leader returns a submitted report to its reporter with a comment."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from luoshi import access
from luoshi.accounts.models import User
from luoshi.audit.models import Event
from luoshi.reporting import services as reports
from luoshi.reporting.models import ProgressReport
from luoshi.status.maintain import refresh_tasks
from luoshi.status.models import TaskStatus
from tests import factories as f
from tests.workflow.conftest import content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
State = ProgressReport.State
COMMENT = "请补充<b>投资</b>完成额，並說明征地進度"


def _status(task) -> tuple:
    row = TaskStatus.objects.get(task=task)
    return row.latest_report_id, row.reported, row.light


def _recomputed(task) -> tuple:
    """The status as a full recompute gives it: the maintained row must already say the same."""
    refresh_tasks([task.pk])
    return _status(task)


@pytest.fixture
def accepted_then_submitted(world, rnd):
    """City's task B: 30% accepted in an October round, then 60% submitted in November's."""
    city, leader, office = world.users["city"], world.users["leader"], world.users["office"]
    october = f.reporting_round(world.plan, "2026年10月", dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    earlier = reports.create_report(city, world.task_b, october, content("完成选址", percent=30), submit=True)
    reports.approve_report(leader, earlier)
    reports.review_report(office, earlier, accept=True)
    submitted = reports.create_report(city, world.task_b, rnd, content("完成立项", percent=60), submit=True)
    return earlier, submitted


def test_the_unit_leader_returns_a_submitted_report_and_the_light_goes_back_to_the_accepted_one(
    world, accepted_then_submitted
):
    earlier, submitted = accepted_then_submitted
    assert _status(world.task_b)[:2] == (submitted.pk, 60.0)

    reports.return_report(world.users["leader"], submitted, COMMENT)

    submitted.refresh_from_db()
    assert (submitted.state, submitted.review_comment, submitted.reviewed_by) == (
        State.RETURNED, COMMENT, world.users["leader"])
    assert submitted.approved_at is None and submitted.returned_by_unit
    assert submitted.text == "完成立项" and submitted.percent == 60  # kept as written
    # The maintained row moved in the same transaction and agrees with a full recompute.
    maintained = _status(world.task_b)
    assert maintained[:2] == (earlier.pk, 30.0)
    assert maintained == _recomputed(world.task_b)
    event = Event.objects.get(action="report.returned", object_id=str(submitted.pk))
    assert event.actor == world.users["leader"] and event.task_id == world.task_b.pk
    assert event.changes == {"state": ["submitted", "returned"], "comment": [None, COMMENT]}


def test_a_return_needs_a_comment_and_changes_nothing_without_one(world, accepted_then_submitted):
    _earlier, submitted = accepted_then_submitted
    events = Event.objects.count()
    with pytest.raises(ValidationError):
        reports.return_report(world.users["leader"], submitted, "  \n ")
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    assert Event.objects.count() == events
    assert _status(world.task_b)[:2] == (submitted.pk, 60.0)


def test_only_a_leader_of_the_reporting_unit_may_return_its_report(world, accepted_then_submitted):
    _earlier, submitted = accepted_then_submitted
    other_leader = f.user("other_leader", User.Role.UNIT_LEADER, world.other_city)
    for persona in (world.users["city"], world.users["office"], world.users["member"], other_leader):
        assert not access.can(persona, "report.return", submitted)
        with pytest.raises(PermissionDenied):
            reports.return_report(persona, submitted, COMMENT)
    assert access.can(world.users["leader"], "report.return", submitted)
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_an_approved_report_is_with_the_office_and_its_unit_leader_can_no_longer_return_it(
    world, accepted_then_submitted
):
    _earlier, submitted = accepted_then_submitted
    reports.approve_report(world.users["leader"], submitted)
    with pytest.raises(reports.Conflict):
        reports.return_report(world.users["leader"], submitted, COMMENT)
    submitted.refresh_from_db()
    assert submitted.state == State.APPROVED and submitted.review_comment == ""


def test_a_report_returned_in_the_unit_stays_out_of_the_offices_view_until_a_new_version_is_approved(
    world, accepted_then_submitted
):
    _earlier, submitted = accepted_then_submitted
    leader, city, office = world.users["leader"], world.users["city"], world.users["office"]
    reports.return_report(leader, submitted, COMMENT)
    assert not access.visible_reports(office).filter(pk=submitted.pk).exists()
    assert not access.visible_reports(world.users["member"]).filter(pk=submitted.pk).exists()
    assert access.visible_reports(city).filter(pk=submitted.pk).exists()

    submitted.refresh_from_db()
    second = reports.new_version(city, submitted, submitted.revision, content("完成立项，投资3亿元", percent=65),
                                 submit=True)
    assert _status(world.task_b)[:2] == (second.pk, 65.0)
    reports.approve_report(leader, second)
    seen = set(access.visible_reports(office).filter(task=world.task_b).values_list("pk", flat=True))
    assert {second.pk, submitted.pk} <= seen  # the returned version is history once superseded


# --- through HTTP ----------------------------------------------------------------


def test_the_leader_returns_a_report_from_its_page_and_the_reporter_reads_the_comment_everywhere(
    world, accepted_then_submitted, client
):
    _earlier, submitted = accepted_then_submitted
    detail = reverse("reporting:report_detail", args=[submitted.code])
    client.force_login(world.users["leader"])
    page = client.get(detail).content.decode()
    assert reverse("reporting:report_return", args=[submitted.code]) in page
    assert 'name="comment"' in page and "required" in page

    response = client.post(reverse("reporting:report_return", args=[submitted.code]), {"comment": COMMENT})
    assert response.status_code == 302 and response["Location"] == detail
    submitted.refresh_from_db()
    assert submitted.state == State.RETURNED
    assert Event.objects.filter(action="report.returned", object_id=str(submitted.pk),
                                actor=world.users["leader"]).exists()

    client.force_login(world.users["city"])
    my_work = client.get(reverse("reporting:my_work")).content.decode()
    returned = my_work.split('id="returned"')[1].split("</section>")[0]
    assert "请补充&lt;b&gt;投资&lt;/b&gt;完成额" in returned  # shown, escaped
    assert "<b>投资</b>" not in my_work
    assert reverse("reporting:report_edit", args=[submitted.code]) in returned
    form = client.get(reverse("reporting:report_edit", args=[submitted.code])).content.decode()
    assert "请补充&lt;b&gt;投资&lt;/b&gt;完成额" in form
    banner = form.split('class="review-comment card"')[1].split("</p>")[0]
    assert str(world.users["leader"]).split("（")[0] in banner  # who returned it
    assert f.HOSTILE_MARK not in form


def test_a_return_posted_without_a_comment_says_so_and_leaves_the_report_submitted(
    world, accepted_then_submitted, client
):
    _earlier, submitted = accepted_then_submitted
    client.force_login(world.users["leader"])
    response = client.post(reverse("reporting:report_return", args=[submitted.code]), {"comment": " "}, follow=True)
    assert "请说明报送人需要修改什么" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED


def test_the_reporter_is_refused_the_return_and_sees_no_return_form(world, accepted_then_submitted, client):
    _earlier, submitted = accepted_then_submitted
    client.force_login(world.users["city"])
    page = client.get(reverse("reporting:report_detail", args=[submitted.code])).content.decode()
    assert reverse("reporting:report_return", args=[submitted.code]) not in page
    response = client.post(reverse("reporting:report_return", args=[submitted.code]), {"comment": COMMENT})
    assert response.status_code == 403
    # Another city's reporter does not even learn the report exists.
    client.force_login(world.users["other"])
    response = client.post(reverse("reporting:report_return", args=[submitted.code]), {"comment": COMMENT})
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
