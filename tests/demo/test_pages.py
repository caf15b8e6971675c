"""A crawl of the demo as its personas: every page they start from opens, with real content, in Chinese."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from luoshi.accounts.models import User
from luoshi.demo import content
from luoshi.reporting.models import ProgressReport
from luoshi.supervision.models import Bulletin
from luoshi.web.context import NAV
from luoshi.work.models import Plan, Task

UNIT_PERSONAS = ("dept", "city", "leader")
OVERSEERS = ("office", "member")


def english_nav_labels() -> set[str]:
    with translation.override("en"):
        labels = {str(label) for entries in NAV.values() for label, _name in entries}
        labels.add(str(translation.gettext("Administration")))
    return labels


def nav_labels(role: str) -> list[str]:
    with translation.override("zh-hans"):
        return [str(label) for label, _name in NAV[role]]


def task(ext: str) -> Task:
    return Task.objects.get(plan__title=content.PLAN_TITLE, external_id=ext)


def pages_of(username: str) -> list[tuple[str, list[str]]]:
    """(url, texts the page must show) for the pages this persona starts from."""
    plan = Plan.objects.get(title=content.PLAN_TITLE)
    pages: list[tuple[str, list[str]]] = [(reverse("home"), [])]
    if username in UNIT_PERSONAS:
        pages.append((reverse("reporting:my_work"), []))
        pages.append((reverse("supervision:reminder_list"), []))
    if username == "dept":
        pages[1][1].append(task("14").title)  # to sign for
        pages.append((reverse("work:task_detail", args=[task("2").code]), [content.EXTENSIONS[0]["reason"][:12]]))
        pages.append((reverse("work:task_detail", args=[task("14").code]), [task("14").title]))
    if username in ("city", "leader"):
        pages[2][1].append(content.MANUAL_REMINDERS[2]["note"][:12])
        pages.append((reverse("work:task_detail", args=[task("6.1").code]), [task("6.1").title]))
    if username == "office":
        pages.append((reverse("reporting:review_queue"),
                      [task("7").title, content.EXTENSIONS[1]["reason"][:12], task("14").title]))
        completion = ProgressReport.objects.get(is_completion=True)
        pages.append((reverse("reporting:report_detail", args=[completion.code]),
                      [completion.attachments.get().original_name]))
        pages.append((reverse("work:task_detail", args=[task("7").code]), [content.EXTENSIONS[1]["reason"][:12]]))
    if username in OVERSEERS:
        bulletin = Bulletin.objects.get()
        pages += [
            (reverse("supervision:index"), [plan.title]),
            (reverse("supervision:board", args=[plan.code]), [task("10").title, task("3").title]),
            (reverse("supervision:scorecard", args=[plan.code]), ["省卫生健康委"]),
            (reverse("supervision:bulletin_list", args=[plan.code]), []),
            (reverse("supervision:bulletin_detail", args=[bulletin.code]), ["一、总体情况"]),
            (reverse("work:task_detail", args=[task("2").code]), [task("2").title]),
            (reverse("work:task_detail", args=[task("11").code]), [task("11").title]),
        ]
    return pages


@pytest.mark.parametrize("group", [("office", "member"), ("dept", "city", "leader", "security", "audit")])
def test_every_persona_opens_their_pages_in_chinese(demo, client, group):
    english = english_nav_labels()
    failures = []
    for username in group:
        user = User.objects.get(username=username)
        assert user.language == "zh-hans"
        client.force_login(user)
        for url, texts in pages_of(username):
            response = client.get(url, follow=True)
            if response.status_code != 200:
                failures.append(f"{username} {url}: {response.status_code}")
                continue
            html = response.content.decode()
            shown = [label for label in english if re.search(rf">\s*{re.escape(label)}\s*<", html)]
            if shown:
                failures.append(f"{username} {url}: English navigation {shown}")
            missing = [label for label in nav_labels(user.role) if label not in html]
            if missing:
                failures.append(f"{username} {url}: navigation lacks {missing}")
            absent = [text for text in texts if text not in html]
            if absent:
                failures.append(f"{username} {url}: does not show {absent}")
        client.logout()
    assert not failures, "\n".join(failures)
