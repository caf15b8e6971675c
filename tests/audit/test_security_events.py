"""Security events in the log: sign-in, failed sign-in, lockout, refusal, sign-out, downloads."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from luoshi.accounts import auth
from luoshi.audit import security
from luoshi.audit.models import Event
from luoshi.reporting import services as reports
from tests import factories as f

pytestmark = pytest.mark.django_db

WRONG = "Wrong-horse-17"


def sign_in(client, username: str, password: str = f.PASSWORD):
    return client.post(reverse("login"), {"username": username, "password": password})


def events(action: str):
    return list(Event.objects.filter(action=action).order_by("seq"))


def test_a_sign_in_and_a_sign_out_are_logged_against_the_account_with_the_address(world, client):
    user = world.users["dept"]
    assert sign_in(client, "dept").status_code == 302
    client.post(reverse("logout"))
    (login,), (logout,) = events("auth.login"), events("auth.logout")
    for event in (login, logout):
        assert (event.actor, event.object_type, event.object_id) == (user, "accounts.user", str(user.pk))
        assert event.changes["address"] == "127.0.0.1"
    assert login.seq < logout.seq


def test_a_failed_sign_in_names_the_username_tried_and_never_the_password(world, client):
    sign_in(client, "Dept", WRONG)
    sign_in(client, "nobody-here", WRONG)
    known, unknown = events("auth.login_failed")
    assert known.actor is None and known.object_id == str(world.users["dept"].pk)
    assert known.changes["username"] == "Dept"
    assert unknown.object_id == "" and unknown.object_repr == "nobody-here"
    for event in (known, unknown):
        assert WRONG not in str(event.changes) and WRONG not in event.object_repr


def test_a_lockout_and_the_attempts_it_refuses_are_logged(world, client, settings):
    settings.LOGIN_SLOWDOWN_AFTER = 10
    settings.LOGIN_LOCK_AFTER = 3
    settings.LOGIN_LOCK_MINUTES = 15
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc), tick=False):
        for _ in range(3):
            sign_in(client, "city", WRONG)
        sign_in(client, "city")  # the right password, but the account is locked
    (locked,) = events("auth.locked")
    assert locked.object_id == str(world.users["city"].pk)
    assert locked.changes["failures"] == 3 and locked.changes["minutes"] == 15
    assert len(events("auth.login_failed")) == 3
    assert len(events("auth.login_refused")) == 1 and not events("auth.login")


def test_the_log_reads_the_same_refusal_mark_the_login_throttle_sets():
    assert security.WAIT_ATTRIBUTE == auth.WAIT_ATTRIBUTE


def test_a_plan_export_is_logged_with_who_and_which_file(world, login):
    response = login(world.users["office"]).get(reverse("sheets:plan_export", args=[world.plan.code]))
    assert response.status_code == 200
    (event,) = events("download")
    assert event.actor == world.users["office"]
    assert (event.object_type, event.object_id) == ("work.plan", str(world.plan.pk))
    assert event.changes["file"].endswith(".xlsx")


def test_an_attachment_download_is_logged_and_a_refused_one_is_not(world, login, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    rnd = f.reporting_round(world.plan, "2026年11月", dt.date(2026, 11, 1), dt.date(2026, 12, 5))
    report = reports.create_report(world.users["city"], world.task_b, rnd, reports.Content(
        text="进展", files=[SimpleUploadedFile("进展报告.pdf", b"%PDF-1.4\n%%EOF\n")]), submit=True)
    url = reverse("reporting:attachment_download", args=[report.attachments.get().code])
    assert login(world.users["other"]).get(url).status_code == 404
    assert not events("download")
    assert login(world.users["leader"]).get(url).status_code == 200
    (event,) = events("download")
    assert event.actor == world.users["leader"] and event.changes["file"] == "进展报告.pdf"
