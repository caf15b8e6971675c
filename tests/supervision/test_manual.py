"""One-click manual reminders (催办) by the office."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from luoshi.audit.models import Event
from luoshi.supervision import actions
from luoshi.supervision.models import Reminder

pytestmark = pytest.mark.django_db


def remind_url(task) -> str:
    return reverse("supervision:remind_task", args=[task.code])


def test_the_office_reminds_the_lead_units_users_in_app_and_by_email_at_once(world, day, login):
    response = login(world.users["office"]).post(remind_url(world.task_a), {"note": "请抓紧"})
    assert response.status_code == 302
    assert response["Location"] == reverse("work:task_detail", args=[world.task_a.code])
    reminders = Reminder.objects.filter(kind="manual")
    assert {r.recipient.username for r in reminders} == {"dept"}
    assert all(r.created_by == world.users["office"] and r.digest_date is None for r in reminders)
    assert "办公室附言：请抓紧" in reminders[0].message
    assert [m.to for m in mail.outbox] == [["dept@example.gov.cn"]]
    assert reminders[0].emailed_at is not None


def test_the_office_may_remind_one_assigned_unit_instead(world, day, login):
    login(world.users["office"]).post(remind_url(world.task_a), {"unit": str(world.city.code)})
    assert {r.recipient.username for r in Reminder.objects.all()} == {"city", "leader"}
    assert len({r.batch for r in Reminder.objects.all()}) == 1  # one click, one batch


def test_a_unit_not_assigned_to_the_task_cannot_be_reminded_about_it(world, day, login):
    response = login(world.users["office"]).post(remind_url(world.task_a), {"unit": str(world.other_city.code)})
    assert response.status_code == 302
    assert not Reminder.objects.exists()
    with pytest.raises(actions.NotAssigned):
        actions.remind(world.users["office"], world.task_a, world.other_city)


def test_the_reminder_is_an_event_on_the_tasks_timeline(world, day, login):
    client = login(world.users["office"])
    client.post(remind_url(world.task_b), {"note": "请于周五前报送"})
    event = Event.objects.get(action="task.reminded")
    assert event.task == world.task_b and event.actor == world.users["office"]
    assert event.changes["recipients"] == ["city", "leader"]
    page = client.get(reverse("work:task_detail", args=[world.task_b.code])).content.decode()
    assert "请于周五前报送" in page  # the timeline shows the event and what it carried


def test_a_double_click_reminds_once(world, day, login):
    client = login(world.users["office"])
    client.post(remind_url(world.task_b))
    client.post(remind_url(world.task_b))
    assert Reminder.objects.count() == 2  # city and leader, once each
    assert Event.objects.filter(action="task.reminded").count() == 1
    assert len(mail.outbox) == 2


@pytest.mark.parametrize("persona", ["city", "leader", "member"])
def test_units_and_members_may_not_remind(world, day, login, persona):
    response = login(world.users[persona]).post(remind_url(world.task_b))
    assert response.status_code == 403
    assert not Reminder.objects.exists() and not Event.objects.filter(action="task.reminded").exists()


def test_a_city_gets_404_for_a_task_it_cannot_see(world, day, login):
    response = login(world.users["other"]).post(remind_url(world.task_b))
    assert response.status_code == 404
    assert not Reminder.objects.exists()


def test_reminding_is_post_only(world, day, login):
    assert login(world.users["office"]).get(remind_url(world.task_b)).status_code == 405
    assert not Reminder.objects.exists()


def test_the_action_refuses_anyone_but_the_office(world, day):
    with pytest.raises(PermissionDenied):
        actions.remind(world.users["member"], world.task_b)


def test_a_unit_without_accounts_is_not_reminded_and_the_office_is_told(world, day, login):
    from tests import factories as f

    quiet = f.org()
    task = f.task(world.plan, lead=quiet)
    response = login(world.users["office"]).post(remind_url(task), follow=True)
    assert "未发出催办" in response.content.decode()
    assert not Reminder.objects.exists()


def test_the_redirect_back_never_leaves_the_site(world, day, login):
    response = login(world.users["office"]).post(remind_url(world.task_b), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("work:task_detail", args=[world.task_b.code])
    board = reverse("supervision:board", args=[world.plan.code])
    response = login(world.users["office"]).post(remind_url(world.task_a), {"next": board})
    assert response["Location"] == board


def test_the_reminded_unit_sees_the_reminder_escaped(world, day, login):
    actions.remind(world.users["office"], world.task_b, note="<b>请</b>")
    html = login(world.users["city"]).get(reverse("supervision:reminder_list")).content.decode()
    assert "<b>请</b>" not in html and "&lt;b&gt;请&lt;/b&gt;" in html
    assert "<script>alert(1)</script>" not in html
