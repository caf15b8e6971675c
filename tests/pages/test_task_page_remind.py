"""The task page offers the office a one-click reminder, and nobody else."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_office_sees_the_remind_button_on_a_task_page(world, login):
    page = login(world.users["office"]).get(reverse("work:task_detail", args=[world.task_a.code]))
    assert reverse("supervision:remind_task", args=[world.task_a.code]) in page.content.decode()


def test_a_lead_unit_sees_no_remind_button_on_its_own_task(world, login):
    page = login(world.users["dept"]).get(reverse("work:task_detail", args=[world.task_a.code]))
    assert page.status_code == 200
    assert reverse("supervision:remind_task", args=[world.task_a.code]) not in page.content.decode()
