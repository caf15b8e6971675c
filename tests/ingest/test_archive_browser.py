"""A garbage upload in real headless Chromium: it looks failed, says why in Chinese, and is archived.

The real reader (luoshi.intake) reads a binary file; the page is checked as
drawn (computed styles from the app's own CSS, no inline style under the CSP).
"""

from __future__ import annotations

import shutil

import pytest
from django.urls import reverse
from django.utils import translation

from luoshi import jobs
from luoshi.audit.models import Event
from luoshi.ingest.failures import failure
from luoshi.meetings.models import SourceDocument
from tests import factories as f
from tests.browser import CHROMIUM
from tests.otp import browser_second_step

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which(CHROMIUM), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]
intake = pytest.importorskip("luoshi.intake")




def test_a_binary_upload_looks_failed_says_why_and_is_archived_with_a_reason(
    transactional_db, live_server, chromium, tmp_path
):
    office_org = f.org("河灣辦公室", kind="office")
    f.user("office", "office_admin", office_org, is_staff=True)
    junk = tmp_path / "photo-renamed.txt"
    junk.write_bytes(bytes(range(256)) * 16)

    page = chromium.new_page(locale="zh-CN")
    blocked = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(live_server.url + reverse("login"))
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", f.PASSWORD)
    page.press("input[name=password]", "Enter")
    browser_second_step(page, "office")

    page.goto(live_server.url + reverse("ingest:intake"))
    page.set_input_files("input[name=files]", str(junk))
    page.click(".intake-form button[type=submit]")
    page.wait_for_selector("table.documents tr[data-code]")
    assert jobs.drain() == 1
    document = SourceDocument.objects.get()
    assert document.state == SourceDocument.State.FAILED
    page.reload()

    row = page.locator(f"tr[data-code='{document.code}']")
    assert row.locator("progress").count() == 0 and "100%" not in row.inner_text()
    with translation.override("zh-hans"):
        reason = str(failure(document.error).message)
    assert reason in row.locator(".failure-reason").inner_text()
    assert not row.locator(".failure-detail code").is_visible()  # the reader's English line is folded away
    edge = row.locator("td").first.evaluate("td => getComputedStyle(td).borderLeftColor")
    assert edge == "rgb(207, 34, 46)"  # the failed row's red edge, from ingest.css
    assert row.locator("button", has_text="重新读取").count() == 0

    row.locator("input[name=reason]").fill("误传的照片文件")
    row.locator("button", has_text="归档").click()
    page.wait_for_selector("ul.messages")
    assert page.locator(f"tr[data-code='{document.code}']").count() == 0
    page.click("a.archived-link")
    archived = page.locator(f"tr[data-code='{document.code}']")
    assert "误传的照片文件" in archived.inner_text()
    archived.locator("a").first.click()
    assert "已归档" in page.locator(".archived-banner").first.inner_text()
    assert blocked == []
    page.close()
    assert Event.objects.get(action="document.archived").changes["reason"] == "误传的照片文件"
