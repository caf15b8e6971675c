"""The report form gives the reporter context (deadlines, what was last sent, the % unit) and
answers an out-of-range percent in the reader's language, keeping everything typed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from luoshi.reporting import services as reports
from luoshi.reporting.models import ProgressReport
from luoshi.work.models import Indicator
from tests import factories as f
from tests.workflow.conftest import content

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def _input(html: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)


def _dd(html: str, css_class: str) -> str:
    return html.split(f'<dd class="{css_class}">')[1].split("</dd>")[0]


@pytest.fixture
def task_b(world):
    world.task_b.due = dt.date(2026, 12, 20)
    world.task_b.save()
    return world.task_b


def test_a_first_report_shows_the_task_and_round_deadlines_and_that_nothing_was_sent_yet(world, rnd, task_b, client):
    client.force_login(world.users["city"])
    html = client.get(reverse("reporting:report_new", args=[task_b.code]) + f"?round={rnd.code}").content.decode()
    assert _dd(html, "task-due") == "2026-12-20"
    assert _dd(html, "round-deadline") == "2026-12-05"
    assert "尚未报送" in _dd(html, "previous")
    # The unit of the number, beside the field.
    assert 'name="percent"' in html
    assert html.split('name="percent"')[1].split("</p>")[0].count('<span class="unit">%</span>') == 1


def test_the_form_shows_what_the_unit_last_sent_with_its_percent_date_and_state(world, rnd, task_b, client):
    city, leader, office = world.users["city"], world.users["leader"], world.users["office"]
    october = f.reporting_round(world.plan, "2026年10月", dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    earlier = reports.create_report(city, task_b, october, content(percent=35), submit=True)
    reports.approve_report(leader, earlier)
    reports.review_report(office, earlier, accept=True)
    ProgressReport.objects.filter(pk=earlier.pk).update(submitted_at=dt.datetime(2026, 10, 28, 9, tzinfo=dt.UTC))
    client.force_login(city)
    html = client.get(reverse("reporting:report_new", args=[task_b.code]) + f"?round={rnd.code}").content.decode()
    previous = _dd(html, "previous")
    assert "35%" in previous and "2026-10-28" in previous and "2026年10月" in previous
    assert "已采纳" in previous
    # A draft in the new round does not count as sent: the form still shows October's.
    draft = reports.create_report(city, task_b, rnd, content(percent=50))
    html = client.get(reverse("reporting:report_edit", args=[draft.code])).content.decode()
    assert "35%" in _dd(html, "previous") and "50%" not in _dd(html, "previous")


@pytest.mark.parametrize("percent", ["150", "-5"])
def test_a_percent_outside_0_to_100_is_refused_in_chinese_and_the_form_keeps_what_was_typed(
    world, rnd, task_b, client, percent
):
    indicator = Indicator.objects.create(task=task_b, name="投资额", unit="亿元", target=100)
    client.force_login(world.users["city"])
    typed = {
        "round": str(rnd.code), "text": "完成桩基施工<em>三</em>成", "percent": percent, "stage": "施工阶段",
        "risk_flag": "on", "risk_reason": "雨季工期紧张", f"ind_{indicator.pk}": "12.5",
        "token": "6f1c1a52-5a55-4c55-9a55-1d0f2a3b4c5d", "action": "submit",
    }
    response = client.post(reverse("reporting:report_new", args=[task_b.code]), typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert not ProgressReport.objects.filter(task=task_b).exists()
    errors = html.split('name="percent"')[1].split("</p>")[0]
    assert "完成进度应在 0 到 100 之间" in errors
    assert "Ensure this value" not in html
    assert f'value="{percent}"' in _input(html, "percent")
    assert "完成桩基施工&lt;em&gt;三&lt;/em&gt;成</textarea>" in html
    assert 'value="施工阶段"' in html
    assert "雨季工期紧张</textarea>" in html
    assert 'value="12.5"' in html
    assert "checked" in _input(html, "risk_flag")


def test_the_same_error_reaches_an_english_reader_in_english_and_a_traditional_one_in_traditional(
    world, rnd, task_b, client
):
    city = world.users["city"]
    city.language = "en"
    city.save(update_fields=["language"])
    client.force_login(city)
    response = client.post(reverse("reporting:report_new", args=[task_b.code]), {
        "round": str(rnd.code), "text": "x", "percent": "150", "token": "6f1c1a52-5a55-4c55-9a55-1d0f2a3b4c5e",
    })
    assert "The percent complete is between 0 and 100." in response.content.decode()
    city.language = "zh-hant"
    city.save(update_fields=["language"])
    response = client.post(reverse("reporting:report_new", args=[task_b.code]), {
        "round": str(rnd.code), "text": "x", "percent": "150", "token": "6f1c1a52-5a55-4c55-9a55-1d0f2a3b4c5f",
    })
    assert "完成進度應在 0 到 100 之間" in response.content.decode()


def test_editing_a_draft_with_a_percent_over_100_keeps_the_draft_as_stored(world, rnd, task_b, client):
    draft = reports.create_report(world.users["city"], task_b, rnd, content("原稿", percent=20))
    client.force_login(world.users["city"])
    response = client.post(reverse("reporting:report_edit", args=[draft.code]), {
        "text": "改稿", "percent": "150", "revision": draft.revision, "action": "save",
    })
    html = response.content.decode()
    assert "完成进度应在 0 到 100 之间" in html and "改稿</textarea>" in html
    draft.refresh_from_db()
    assert (draft.text, draft.percent) == ("原稿", 20)
