"""The audit admin's event log: filters, paging, and nobody else let in."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from luoshi.audit.events import record
from tests import factories as f
from tests.web.helpers import label, page, queries

pytestmark = pytest.mark.django_db

URL = "/audit/"


def log(world, n: int, action: str = "task.updated", actor: str = "office"):
    for _ in range(n):
        record(world.users[actor], action, world.task_a, {"title": [f.hostile("旧"), f.hostile("新")]})


def test_the_url_is_where_the_shell_links_to():
    assert reverse("audit:event_list") == URL


def test_the_audit_admin_reads_the_event_log_with_who_what_and_the_change(world, login):
    log(world, 1)
    html = page(login(world.users["audit"]), URL)
    assert "task.updated" in html and "work.task" in html
    assert label(world.task_a.title) in html
    assert "旧" in html and "新" in html


@pytest.mark.parametrize("persona", ["office", "security", "member", "city"])
def test_nobody_but_the_audit_admin_may_read_the_event_log(world, login, persona):
    assert login(world.users[persona]).get(URL).status_code == 403


def test_the_event_log_offers_no_way_to_change_or_delete_an_event(world, login):
    log(world, 1)
    client = login(world.users["audit"])
    main = page(client, URL).split("<main>", 1)[1]
    assert 'method="post"' not in main
    assert client.post(URL).status_code == 405


def test_the_event_log_filters_by_actor_action_and_object_type(world, login):
    log(world, 2, "task.updated", "office")
    log(world, 3, "report.accepted", "city")
    record(world.users["security"], "user.created", world.users["dept"])
    client = login(world.users["audit"])
    assert page(client, URL + "?actor=city").count("<code>report.accepted</code>") == 3
    assert "<code>task.updated</code>" not in page(client, URL + "?actor=city")
    assert page(client, URL + "?action=task.updated").count("<code>task.updated</code>") == 2
    html = page(client, URL + "?object_type=accounts.user")
    assert "<code>user.created</code>" in html and "<code>task.updated</code>" not in html


def test_the_event_log_filters_by_date_range_in_local_days(world, login):
    tz = ZoneInfo("Asia/Shanghai")
    with time_machine.travel(dt.datetime(2026, 3, 1, 23, 30, tzinfo=tz), tick=False):
        log(world, 1, "early.action")
    with time_machine.travel(dt.datetime(2026, 3, 2, 0, 30, tzinfo=tz), tick=False):
        log(world, 1, "late.action")
    client = login(world.users["audit"])
    html = page(client, URL + "?since=2026-03-02&until=2026-03-02")
    assert "<code>late.action</code>" in html and "<code>early.action</code>" not in html
    html = page(client, URL + "?until=2026-03-01")
    assert "<code>early.action</code>" in html and "<code>late.action</code>" not in html


def test_the_event_log_shows_50_events_a_page_and_keeps_filters_across_pages(world, login):
    log(world, 60)
    client = login(world.users["audit"])
    first = page(client, URL + "?action=task.updated")
    assert first.count("<code>task.updated</code>") == 50
    assert "?action=task.updated&amp;page=2" in first
    assert page(client, URL + "?action=task.updated&page=2").count("<code>task.updated</code>") == 10


def test_the_event_log_issues_the_same_number_of_queries_for_3_or_30_events(world, login):
    client = login(world.users["audit"])
    log(world, 3)
    few = queries(client, URL)
    log(world, 27, "report.returned", "city")
    assert queries(client, URL) == few
