"""Every persona walks the pages it can reach in real headless Chromium, and the browser reports
no Content-Security-Policy violation on any of them (issue 10 item 7).

The policy forbids inline script and style; a template that slips one back in shows here as a
violation, while the server-side scan (test_headers.py) catches only the markup it knows."""

from __future__ import annotations

import shutil
from urllib.parse import urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from luoshi.reporting.models import ProgressReport
from tests import factories as f

CHROMIUM = "/usr/bin/chromium"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]

# Enough to reach each persona's lists and a detail page or two; the office, who sees most, walks further.
PAGES_PER_PERSONA = 6
OFFICE_PAGES = 12
# Links that change state on GET, leave the app, or download a file instead of showing a page.
SKIP = ("/logout", "/export", "/download", ".docx", ".xlsx", ".csv", "/static/", "/media/")

# Registered before any page script: the browser fires this event for every blocked resource,
# inline script, inline style and eval.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber);
});
"""


@pytest.fixture
def chromium(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, which Django's ORM refuses
    # unless told otherwise; set for this test only.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield browser
        browser.close()


def _session_for(user, base: str) -> dict:
    """The persona's session cookie, made by Django's test client (no password or second factor
    to type: the crawl is about pages, the login flow has its own tests)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": base}


def _crawl(context, base: str, starts: list[str], limit: int = PAGES_PER_PERSONA) -> tuple[list[str], list[str]]:
    """Visit up to `limit` same-site pages breadth-first from `starts`; return the
    pages seen and every CSP violation (event or console message) with the page it came from."""
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None)
    queue, seen, violations = list(starts), [], []
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.append(url)
        console.clear()
        response = page.goto(base + url, wait_until="load")
        assert response is not None and response.status < 500, (url, response and response.status)
        violations += [f"{url}: {v}" for v in page.evaluate("window.__violations") + console]
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))"):
            target = urlsplit(urljoin(base + url, href))
            path = target.path + (f"?{target.query}" if target.query else "")
            if (target.netloc == urlsplit(base).netloc and not any(s in path for s in SKIP)
                    and path not in seen and path not in queue):
                queue.append(path)
    page.close()
    return seen, violations


def test_no_page_any_persona_reaches_violates_the_content_security_policy(
    transactional_db, live_server, chromium, world
):
    # A subtask (an indented tree row), a round and a report, so the pages that draw them run.
    f.task(world.plan, lead=world.dept, parent=world.task_a)
    rnd = f.reporting_round(world.plan)
    f.report(world.task_a, world.dept, state=ProgressReport.State.ACCEPTED, percent=40)
    base = live_server.url
    # The office starts at the pages that draw trees and bars (once inline style="", now classes).
    office_starts = [
        reverse("home"), reverse("work:plan_detail", args=[world.plan.code]),
        reverse("reporting:round_detail", args=[rnd.code]), reverse("org:organization_list"),
        reverse("org:region_list"), reverse("supervision:board", args=[world.plan.code]),
    ]
    visited = {}
    for name in ("office", "dept", "city", "leader", "member", "security", "audit"):
        context = chromium.new_context(locale="zh-CN")
        context.add_init_script(RECORD_VIOLATIONS)
        context.add_cookies([_session_for(world.users[name], base)])
        if name == "office":
            seen, violations = _crawl(context, base, office_starts, OFFICE_PAGES)
        else:
            seen, violations = _crawl(context, base, [reverse("home")])
        context.close()
        assert violations == [], (name, violations)
        visited[name] = seen
    # The crawl went somewhere: each persona saw more than its home page.
    assert all(len(pages) > 1 for pages in visited.values()), visited
    assert set(office_starts) <= set(visited["office"])


def test_the_admin_works_under_the_policy(transactional_db, live_server, chromium, world):
    base = live_server.url
    context = chromium.new_context(locale="zh-CN")
    context.add_init_script(RECORD_VIOLATIONS)
    context.add_cookies([_session_for(world.users["office"], base)])
    seen, violations = _crawl(context, base, ["/admin/"], OFFICE_PAGES)
    context.close()
    assert len(seen) > 3 and violations == [], violations
