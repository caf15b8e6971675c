"""A new bulletin's form posted twice saves one issue (issue 10 item 9): the second click or a
resent request lands on the issue the first one saved, with one event in the log."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from luoshi.audit.models import Event
from luoshi.supervision import actions
from luoshi.supervision.models import Bulletin

pytestmark = pytest.mark.django_db


def test_the_new_bulletin_form_posted_twice_saves_one_issue(world, login):
    client = login(world.users["office"])
    new = reverse("supervision:bulletin_new", args=[world.plan.code])
    html = client.get(new + "?as_of=2026-04-03").content.decode()
    token = re.search(r'name="token" value="([0-9a-f-]{36})"', html).group(1)
    post = {"text": "一、总体情况\n正文", "as_of": "2026-04-03", "token": token}
    first, second = client.post(new, post), client.post(new, post)
    saved = Bulletin.objects.get()
    assert first["Location"] == second["Location"] == reverse("supervision:bulletin_detail", args=[saved.code])
    assert saved.number == 1 and saved.versions.count() == 1
    assert Event.objects.filter(action="bulletin.created").count() == 1


def test_two_forms_opened_separately_still_make_two_issues(world, login):
    client = login(world.users["office"])
    new = reverse("supervision:bulletin_new", args=[world.plan.code])
    for _ in range(2):
        html = client.get(new + "?as_of=2026-04-03").content.decode()
        token = re.search(r'name="token" value="([0-9a-f-]{36})"', html).group(1)
        client.post(new, {"text": "正文", "as_of": "2026-04-03", "token": token})
    assert sorted(Bulletin.objects.values_list("number", flat=True)) == [1, 2]


def test_the_action_returns_the_saved_issue_for_a_token_it_has_seen(world):
    office = world.users["office"]
    token = "6f1c1f57-3f0e-4a59-9e0c-1f4b8f2f6a11"
    first = actions.create_bulletin(office, world.plan, dt.date(2026, 4, 3), "正文", token=token)
    again = actions.create_bulletin(office, world.plan, dt.date(2026, 4, 3), "正文", token=token)
    assert again.pk == first.pk and Bulletin.objects.count() == 1
