"""The daily digest: what each unit user is told, once a day, and only when something is due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from luoshi import jobs
from luoshi.audit.models import Event
from luoshi.supervision import digest
from luoshi.supervision.models import Digest, Reminder
from tests import factories as f
from tests.factories import HOSTILE_MARK

Kind = Reminder.Kind
pytestmark = pytest.mark.django_db


def kinds(user) -> list[tuple[str, int]]:
    return sorted((r.kind, r.task_id) for r in Reminder.objects.filter(recipient=user))


def test_a_city_is_told_of_its_overdue_task_its_returned_report_its_unsent_reports_and_what_is_due_soon(world, day):
    digest.send_digests(day.today)
    a, b = world.task_a.pk, world.task_b.pk
    expected = sorted([
        (Kind.DUE_SOON, a), (Kind.ROUND_DEADLINE, a), (Kind.ROUND_DEADLINE, b), (Kind.OVERDUE, b),
        (Kind.RETURNED, b),
    ])
    assert kinds(world.users["city"]) == expected
    assert kinds(world.users["leader"]) == expected


def test_a_lead_department_that_has_reported_is_only_told_its_task_is_due_soon(world, day):
    digest.send_digests(day.today)
    assert kinds(world.users["dept"]) == [(Kind.DUE_SOON, world.task_a.pk)]


def test_a_supporting_unit_is_not_told_that_a_task_it_only_supports_is_overdue(world, day):
    world.task_a.due = dt.date(2026, 3, 1)
    world.task_a.save()
    digest.send_digests(day.today)
    overdue = Reminder.objects.filter(kind=Kind.OVERDUE, task=world.task_a)
    assert {r.recipient.username for r in overdue} == {"dept"}


def test_nothing_is_sent_to_a_unit_with_nothing_due(world, day):
    result = digest.send_digests(day.today)
    other = world.users["other"]
    assert not Reminder.objects.filter(recipient=other).exists()
    assert not Digest.objects.filter(recipient=other).exists()
    assert other.email not in {to for m in mail.outbox for to in m.to}
    assert result.digests == 4  # dept, city, leader, and the office (task_c's approved report)


def test_nothing_at_all_is_sent_on_a_quiet_day(world):
    world.task_a.due = dt.date(2026, 5, 30)  # weeks away
    world.task_a.save()
    f.reporting_round(world.plan, opens=dt.date(2026, 4, 1), deadline=dt.date(2026, 4, 20))
    result = digest.send_digests(dt.date(2026, 4, 3))
    assert (result.digests, len(mail.outbox), Reminder.objects.count(), Digest.objects.count()) == (0, 0, 0, 0)


def test_a_done_task_is_never_reminded(world, day):
    from django.utils import timezone

    for task in (world.task_a, world.task_b):
        task.completed_at = timezone.now()
        task.save()
    digest.send_digests(day.today)
    assert not Reminder.objects.filter(task__in=[world.task_a, world.task_b]).exists()


def test_a_resubmitted_report_is_no_longer_returned_nor_missing(world, day):
    f.report(world.task_b, world.city, "submitted", round=day.round, version=2, supersedes=day.returned)
    digest.send_digests(day.today)
    city = kinds(world.users["city"])
    assert (Kind.RETURNED, world.task_b.pk) not in city
    assert (Kind.ROUND_DEADLINE, world.task_b.pk) not in city
    assert (Kind.OVERDUE, world.task_b.pk) in city


def test_a_round_far_from_its_deadline_is_not_reminded_yet(world, day):
    digest.send_digests(dt.date(2026, 4, 1))  # deadline in 4 days, threshold 3
    assert not Reminder.objects.filter(kind=Kind.ROUND_DEADLINE).exists()


def test_the_thresholds_are_settings(world, day, settings):
    settings.LUOSHI_REMIND_DUE_SOON_DAYS = 3
    settings.LUOSHI_REMIND_ROUND_DAYS = 1
    digest.send_digests(day.today)
    assert not Reminder.objects.filter(kind__in=[Kind.DUE_SOON, Kind.ROUND_DEADLINE]).exists()


def test_each_user_gets_one_email_listing_every_item_in_chinese(world, day):
    digest.send_digests(day.today)
    to_city = [m for m in mail.outbox if m.to == ["city@example.gov.cn"]]
    assert len(to_city) == 1
    message = to_city[0]
    assert "5项" in message.subject and "2026年4月3日" in message.subject
    assert "【逾期任务】" in message.body and "【退回的报告】" in message.body
    assert "已逾期3天" in message.body
    assert "2026年4月5日" in message.body  # the round deadline
    assert world.task_b.title.split("（")[0] in message.body
    # E-mail is plain text: the hostile title goes out as written, never as markup in HTML.
    assert message.content_subtype == "plain"
    assert Reminder.objects.filter(recipient=world.users["city"], emailed_at__isnull=True).count() == 0


def test_a_traditional_reader_gets_the_digest_in_traditional_script(world, day):
    city = world.users["city"]
    city.language = "zh-hant"
    city.save(update_fields=["language"])
    digest.send_digests(day.today)
    message = next(m for m in mail.outbox if m.to == ["city@example.gov.cn"])
    assert "逾期" in message.body and "測試" in message.body and "测试" not in message.body
    assert "請" in message.body


def test_running_twice_the_same_day_sends_once(world, day):
    call_command("send_reminders", "--date", "2026-04-03")
    reminders, emails, events = Reminder.objects.count(), len(mail.outbox), Event.objects.count()
    call_command("send_reminders", "--date", "2026-04-03")
    assert (Reminder.objects.count(), len(mail.outbox), Event.objects.count()) == (reminders, emails, events)
    assert emails == 4


def test_the_next_day_sends_again(world, day):
    digest.send_digests(day.today)
    first = len(mail.outbox)
    digest.send_digests(day.today + dt.timedelta(days=1))
    assert len(mail.outbox) == first * 2


def test_a_dry_run_writes_and_sends_nothing_but_says_what_it_would(world, day, capsys):
    call_command("send_reminders", "--date", "2026-04-03", "--dry-run")
    out = capsys.readouterr().out
    assert "city:" in out and "office:" in out and "would send 4 digests (12 items)" in out
    assert (Reminder.objects.count(), Digest.objects.count(), len(mail.outbox)) == (0, 0, 0)


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "3 April")


def test_every_digest_is_an_event_in_the_log(world, day):
    digest.send_digests(day.today)
    events = Event.objects.filter(action="reminder.digest_sent")
    assert sorted(e.changes["recipient"] for e in events) == ["city", "dept", "leader", "office"]
    city = next(e for e in events if e.changes["recipient"] == "city")
    assert city.actor is None and city.changes["items"] == 5 and city.changes["kinds"]["overdue"] == 1


def test_a_failed_email_keeps_the_in_app_reminders_and_is_retried_by_the_next_run(world, day, settings):
    settings.EMAIL_BACKEND = "tests.supervision.test_digest.BrokenBackend"
    with pytest.raises(CommandError):
        call_command("send_reminders", "--date", "2026-04-03")
    assert Reminder.objects.filter(recipient=world.users["city"]).count() == 5
    assert Digest.objects.filter(emailed_at__isnull=True).count() == 4
    assert "SMTPServerDisconnected" in Digest.objects.get(recipient=world.users["city"]).email_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_reminders", "--date", "2026-04-03")
    assert len(mail.outbox) == 4
    assert Digest.objects.filter(emailed_at__isnull=True).count() == 0
    assert Reminder.objects.filter(recipient=world.users["city"]).count() == 5


def test_a_user_without_an_email_address_gets_the_reminders_in_the_application(world, day):
    city = world.users["city"]
    city.email = ""
    city.save(update_fields=["email"])
    digest.send_digests(day.today)
    assert Reminder.objects.filter(recipient=city).count() == 5
    assert all(m.to != [""] for m in mail.outbox) and len(mail.outbox) == 3


def test_an_inactive_user_gets_nothing(world, day):
    User = type(world.users["city"])
    User.objects.filter(pk=world.users["leader"].pk).update(is_active=False)
    digest.send_digests(day.today)
    assert not Reminder.objects.filter(recipient=world.users["leader"]).exists()


def test_the_digest_can_run_as_a_background_job(world, day):
    jobs.enqueue(digest.JOB_KIND, date="2026-04-03")
    assert jobs.drain() == 1
    assert Digest.objects.count() == 4


def test_reminder_messages_keep_hostile_titles_as_text(world, day):
    digest.send_digests(day.today)
    message = Reminder.objects.filter(recipient=world.users["city"], kind=Kind.RETURNED).get().message
    # Stored as plain text; the pages escape it (see test_pages).
    assert HOSTILE_MARK in message


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        import smtplib

        raise smtplib.SMTPServerDisconnected("the mail server went away")

    def __exit__(self, *exc):
        return False

    def send_messages(self, messages):
        raise AssertionError("not reached")
