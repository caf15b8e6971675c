"""One run of the whole intake flow in real headless Chromium.

Upload a report, let the worker read it, correct a directive on the review
page, confirm into a new plan, and find the task with its source sentence.
The report below is written for this test: people and bodies are fictional.
"""

from __future__ import annotations

import shutil

import pytest
from django.urls import reverse

from luoshi import jobs
from luoshi.accounts.models import User
from luoshi.ingest import reading
from luoshi.meetings.models import SourceDocument
from luoshi.org.models import Organization
from luoshi.work.models import Task
from tests import factories as f
from tests.ingest.records import span
from tests.otp import browser_second_step

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]

REPORT = (
    "西岭省推进湖湾一体化发展领导小组召开第二次全体会议\n"
    "3月12日,西岭省推进湖湾一体化发展领导小组第二次全体会议在省会召开。"
    "省长、领导小组组长周牧川主持会议并讲话。"
    "会议听取了2025年工作情况汇报,审议通过了2026年重点工作安排。"
    "会议强调,要加快推进湖湾城际铁路建设,年底前完成北段主体工程。"
    "要持续改善营商环境,推动政务服务跨省通办。"
    "会上,兰州湾市表示,兰州湾将建成城际铁路换乘枢纽。"
)
D1 = "要加快推进湖湾城际铁路建设,年底前完成北段主体工程。"
D2 = "要持续改善营商环境,推动政务服务跨省通办。"
C1 = "兰州湾将建成城际铁路换乘枢纽。"
CORRECTED = "要加快推进湖湾城际铁路建设,年内完成北段主体工程。"


def _record_by_hand(data: bytes, filename: str, published) -> dict:
    """Stands in for luoshi.intake.extract until the library is importable."""
    text = data.decode("utf-8")
    return {
        "schema": "luoshi.extract/1",
        "source": {"path": filename, "encoding": "utf-8", "script": "hans", "sha256": "", "format": "txt"},
        "title": text.splitlines()[0], "subtitle": "", "published": None, "boilerplate": [],
        "text": text, "text_simplified": text, "warnings": [],
        "meetings": [{
            "body": "西岭省推进湖湾一体化发展领导小组", "session": "第二次全体会议", "kind": "plenary",
            "date": {"text": "3月12日", "value": "2026-03-12"}, "format": "in_person", "venues": [],
            "people": [{"name": "周牧川", "posts": ["省长", "领导小组组长"], "roles": ["chair", "speaker"],
                        "venue": None}],
            "agenda": [{"kind": "hear_report", "text": "听取了2025年工作情况汇报"}],
            "directives": [
                {"text": D1, "span": span(text, D1), "area": "infrastructure", "area_keywords": [],
                 "deadline": {"text": "年底前", "value": "2026-12-31"}},
                {"text": D2, "span": span(text, D2), "area": "economy", "area_keywords": [],
                 "deadline": {"text": "", "value": None}},
            ],
            "commitments": [{"party": "兰州湾", "text": C1, "span": span(text, C1)}],
        }],
    }


@pytest.fixture
def chromium(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which Django's ORM
    # refuses unless told otherwise. Set for this test only: a process-wide
    # setting would leak into other tests (and fails `check --deploy`).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()


def test_an_office_user_uploads_reviews_and_confirms_a_report_into_tasks_with_their_source(
    transactional_db, live_server, chromium, tmp_path, monkeypatch
):
    import luoshi.intake

    if not hasattr(luoshi.intake, "extract"):
        monkeypatch.setattr(reading, "_extract", _record_by_hand)
    group = Organization.objects.create(name="西岭省推进湖湾一体化发展领导小组", kind=Organization.Kind.LEADING_GROUP)
    office_org = Organization.objects.create(name="领导小组办公室", kind=Organization.Kind.OFFICE, parent=group)
    f.user("office", User.Role.OFFICE_ADMIN, office_org, is_staff=True)
    report = tmp_path / "plenary-report.txt"
    report.write_text(REPORT, encoding="utf-8")

    page = chromium.new_page(locale="zh-CN")
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", f.PASSWORD)
    page.press("input[name=password]", "Enter")
    browser_second_step(page, "office")
    page.wait_for_url(lambda url: "login" not in url)

    page.goto(live_server.url + reverse("ingest:intake"))
    page.set_input_files("input[name=files]", str(report))
    page.click(".intake-form button[type=submit]")
    page.wait_for_selector("table.documents tr[data-code]")

    assert jobs.drain() == 1  # the worker, in this process, between two steps of the user
    document = SourceDocument.objects.get()
    assert document.state == SourceDocument.State.READ, document.error

    page.goto(live_server.url + reverse("ingest:review", args=[document.code]))
    # The highlighted directive jumps to its form.
    directive = document.directives.order_by("order").first()
    page.click(f"mark[data-target=directive-{directive.pk}]")
    assert page.evaluate(f"document.getElementById('directive-{directive.pk}').classList.contains('current')")
    body_select = page.locator("select[name=meeting-organization]")
    assert body_select.input_value() == str(group.pk)  # the body was matched by name
    page.fill("textarea[name=directive-0-text]", CORRECTED)
    page.fill("input[name=directive-0-title]", "湖湾城际铁路北段主体工程")
    assert page.input_value("input[name=plan-title]") == "2026年重点工作安排"
    page.fill("input[name=commitment-0-new_party]", "兰州湾市人民政府")
    page.click("#confirm")
    page.wait_for_url(lambda url: "/work/plans/" in url)

    task = Task.objects.get(source_directive__text=CORRECTED)
    assert task.plan.title == "2026年重点工作安排"
    assert Task.objects.filter(parent=task, source_commitment__text__contains=C1).exists()

    page.goto(live_server.url + reverse("work:task_detail", args=[task.code]))
    source = page.locator("section.source")
    assert "湖湾城际铁路北段主体工程" in page.content()
    assert CORRECTED in source.inner_text()

    # The document at that span highlights the sentence the task came from.
    from luoshi.ingest.links import span_url

    page.goto(live_server.url + span_url(task.source_directive))
    mark = page.locator(f"#span-{task.source_directive.span_start}-{task.source_directive.span_end}")
    assert D1 in mark.inner_text()
    page.close()


def test_a_document_of_two_meetings_shows_one_meeting_at_a_time(transactional_db, live_server, chromium, monkeypatch):
    from tests.ingest import records

    monkeypatch.setattr(reading, "_extract", lambda data, filename, published: records.two_meetings_record())
    office_org = Organization.objects.create(name="领导小组办公室", kind=Organization.Kind.OFFICE)
    office = f.user("office", User.Role.OFFICE_ADMIN, office_org, is_staff=True)
    document = reading.store(office, records.TWO_MEETINGS.encode(), "two.txt").document
    jobs.drain()

    page = chromium.new_page(locale="zh-CN")
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", f.PASSWORD)
    page.press("input[name=password]", "Enter")
    browser_second_step(page, "office")
    page.wait_for_url(lambda url: "login" not in url)

    page.goto(live_server.url + reverse("ingest:review", args=[document.code]))
    assert page.locator(".several-meetings").is_visible()
    assert page.locator("#meeting-section-0").is_visible() and not page.locator("#meeting-section-1").is_visible()
    page.click("[data-section=meeting-section-1]")
    assert page.locator("#meeting-section-1").is_visible() and not page.locator("#meeting-section-0").is_visible()
    page.click("[data-section=meeting-section-0]")
    # a person of the second meeting, clicked in the text, opens that meeting's section at their row
    page.click("mark[data-target=meeting1-participant-0] >> nth=0")
    assert page.locator("#meeting-section-1").is_visible()
    assert page.evaluate("document.getElementById('meeting1-participant-0').classList.contains('current')")
    page.close()
