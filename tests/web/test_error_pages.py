"""Error pages speak the user's language and keep the layout."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


@override_settings(DEBUG=False)
def test_a_task_outside_scope_answers_404_with_the_luoshi_page(world, login):
    page = login(world.users["other"]).get(reverse("work:task_detail", args=[world.task_a.code]))
    assert page.status_code == 404
    body = page.content.decode()
    assert "luoshi.css" in body
    assert "未找到" in body or "不存在" in body


@override_settings(DEBUG=False)
def test_a_forbidden_action_answers_403_with_the_luoshi_page(world, login):
    page = login(world.users["dept"]).get(reverse("ingest:intake"))
    assert page.status_code == 403
    assert "luoshi.css" in page.content.decode()
