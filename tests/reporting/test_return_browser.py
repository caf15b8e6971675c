"""退回 in real headless Chromium: the leader returns a report, the reporter reads why and sends a new version."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from django.urls import reverse

from luoshi.reporting import services as reports
from luoshi.reporting.models import ProgressReport
from luoshi.status.models import TaskStatus
from tests import factories as f
from tests.browser import CHROMIUM
from tests.otp import browser_second_step
from tests.workflow.conftest import content

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]
State = ProgressReport.State
COMMENT = "请补充桩基完成量和征地进度"




def _signed_in(chromium, base: str, username: str):
    page = chromium.new_context(locale="zh-CN").new_page()
    page.goto(base + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f.PASSWORD)
    page.press("input[name=password]", "Enter")
    browser_second_step(page, username)
    return page


def test_the_leader_returns_a_report_and_the_reporter_sends_a_new_version_in_the_browser(
    transactional_db, world, live_server, chromium
):
    city, leader = world.users["city"], world.users["leader"]
    world.task_b.due = dt.date(2026, 12, 20)
    world.task_b.save()
    today = dt.date.today()
    rnd = f.reporting_round(world.plan, "本月", today - dt.timedelta(days=3), today + dt.timedelta(days=9))
    submitted = reports.create_report(city, world.task_b, rnd, content("完成桩基施工三成", percent=60), submit=True)
    assert TaskStatus.objects.get(task=world.task_b).reported == 60

    # The leader: My work → the report → 退回 with a comment.
    page = _signed_in(chromium, live_server.url, "leader")
    page.goto(live_server.url + reverse("reporting:my_work"))
    page.click("#to-approve a.return")
    page.wait_for_selector("form.return-to-reporter")
    # An empty comment is stopped before it is sent; the report stays submitted.
    page.click("form.return-to-reporter button.return")
    assert page.eval_on_selector("#return-comment", "el => el.validity.valueMissing")
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    page.fill("#return-comment", COMMENT)
    page.click("form.return-to-reporter button.return")
    page.wait_for_selector("ul.messages")
    assert "报送已连同您的意见退回报送人" in page.inner_text("ul.messages")
    submitted.refresh_from_db()
    assert (submitted.state, submitted.reviewed_by_id, submitted.review_comment) == (
        State.RETURNED, leader.pk, COMMENT)
    assert TaskStatus.objects.get(task=world.task_b).reported is None  # it no longer counts

    # The reporter: the comment in My work, and on the form with the task's context.
    page = _signed_in(chromium, live_server.url, "city")
    page.goto(live_server.url + reverse("reporting:my_work"))
    returned = page.inner_text("#returned")
    assert COMMENT in returned and "单位负责人" in returned
    page.click("#returned a.button")
    page.wait_for_selector("form.report-form")
    assert COMMENT in page.inner_text(".review-comment")
    assert page.inner_text("dd.task-due") == "2026-12-20"
    assert page.inner_text("span.unit") == "%"
    assert page.input_value("textarea[name=text]") == "完成桩基施工三成"
    page.fill("textarea[name=text]", "完成桩基施工三成，征地完成九成")
    page.fill("input[name=percent]", "65")
    page.click("button[name=action][value=submit]")
    page.wait_for_url(lambda url: "/edit/" not in url)

    second = ProgressReport.objects.get(supersedes=submitted)
    assert (second.version, second.state, second.percent) == (2, State.SUBMITTED, 65)
    assert TaskStatus.objects.get(task=world.task_b).reported == 65
    submitted.refresh_from_db()
    assert submitted.state == State.RETURNED and submitted.text == "完成桩基施工三成"  # kept as history
