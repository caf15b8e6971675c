"""The report loop in real headless Chromium: submit, approve, return, resubmit, accept — and the light changes."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.accounts.models import User
from luoshi.org.models import Organization
from luoshi.reporting.models import ProgressReport
from tests import factories as f
from tests.otp import browser_second_step

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]


@pytest.fixture
def chromium(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which Django's ORM
    # refuses unless told otherwise; set for this test only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()


def signed_in(chromium, base: str, username: str):
    page = chromium.new_context(locale="zh-CN").new_page()
    page.goto(base + reverse("login"))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", f.PASSWORD)
    page.press("input[name=password]", "Enter")
    browser_second_step(page, username)
    page.wait_for_url(lambda url: "login" not in url)
    return page


def test_a_report_is_submitted_approved_returned_resubmitted_and_accepted_and_the_light_changes(
    transactional_db, live_server, chromium
):
    base = live_server.url
    today = timezone.localdate()
    group = Organization.objects.create(name="湖湾一体化领导小组", kind=Organization.Kind.LEADING_GROUP)
    office_org = Organization.objects.create(name="领导小组办公室", kind=Organization.Kind.OFFICE, parent=group)
    city = Organization.objects.create(name="兰州湾市人民政府", kind=Organization.Kind.GOVERNMENT)
    f.user("office", User.Role.OFFICE_ADMIN, office_org, is_staff=True)
    f.user("city", User.Role.UNIT_REPORTER, city)
    f.user("leader", User.Role.UNIT_LEADER, city)
    plan = f.plan(group, title="2026年重点工作安排")
    task = f.task(plan, lead=city, title="湖湾城际铁路换乘枢纽", start=today - dt.timedelta(days=30),
                  due=today + dt.timedelta(days=300))
    rnd = f.reporting_round(plan, "本月", today - dt.timedelta(days=1), today + dt.timedelta(days=9))
    task_url = base + reverse("work:task_detail", args=[task.code])

    office = signed_in(chromium, base, "office")
    office.goto(task_url)
    assert office.get_attribute(".task-light .light", "class") == "light not_started"

    # The city's reporter signs for the task and files the report from My work.
    city_page = signed_in(chromium, base, "city")
    city_page.goto(base + reverse("reporting:my_work"))
    city_page.click("#to-sign button.sign")
    city_page.goto(base + reverse("reporting:my_work"))
    city_page.click(f"#to-report a[href*='round={rnd.code}']")
    city_page.fill("textarea[name=text]", "换乘枢纽完成初步设计")
    city_page.fill("input[name=percent]", "40")
    city_page.click("button[name=action][value=submit]")
    city_page.wait_for_url(lambda url: "/reporting/reports/" in url and "/edit" not in url)
    first = ProgressReport.objects.get(task=task)
    assert first.state == ProgressReport.State.SUBMITTED

    # The unit leader approves it from the list waiting for them.
    leader = signed_in(chromium, base, "leader")
    leader.goto(base + reverse("reporting:my_work"))
    leader.click("#to-approve button.approve")
    leader.wait_for_selector(".messages .success")

    # The office returns it with a comment.
    office.goto(base + reverse("reporting:review_queue"))
    office.click(f"#reports a[href*='{first.code}']")
    office.fill("form.review textarea[name=comment]", "请补充投资完成情况")
    office.click("form.review button.return")
    office.wait_for_selector(".messages .success")
    first.refresh_from_db()
    assert first.state == ProgressReport.State.RETURNED

    # The reporter sees the comment and writes a new version.
    city_page.goto(base + reverse("reporting:my_work"))
    assert "请补充投资完成情况" in city_page.inner_text("#returned")
    city_page.click("#returned a.button")
    city_page.fill("textarea[name=text]", "换乘枢纽完成初步设计，完成投资3.2亿元")
    city_page.fill("input[name=percent]", "60")
    city_page.click("button[name=action][value=submit]")
    city_page.wait_for_url(lambda url: "/reporting/reports/" in url and "/edit" not in url)
    second = ProgressReport.objects.get(supersedes=first)
    assert (second.version, second.state) == (2, ProgressReport.State.SUBMITTED)
    assert "#v1" not in city_page.url and city_page.locator("section#v1").count() == 1

    leader.goto(base + reverse("reporting:report_detail", args=[second.code]))
    leader.click("button.approve")
    leader.wait_for_selector(".messages .success")

    office.goto(base + reverse("reporting:report_detail", args=[second.code]))
    office.click("form.review button.accept")
    office.wait_for_selector(".messages .success")
    second.refresh_from_db()
    assert second.state == ProgressReport.State.ACCEPTED

    office.goto(task_url)
    assert office.get_attribute(".task-light .light", "class") == "light on_track"
    assert "60%" in office.inner_text(".task-light")
