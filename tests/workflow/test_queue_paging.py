"""The office's review queue at a province's size: each section counted and paged in the database."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from luoshi.lib.paging import PER_PAGE
from luoshi.reporting.models import ProgressReport
from luoshi.work.models import Task
from tests.pages import assert_escaped, body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
State = ProgressReport.State


def approved_reports(world, n: int, *, completion: bool = False) -> list[ProgressReport]:
    """n tasks of the plan, each with one report its lead unit approved (oldest approval first)."""
    start = timezone.now() - dt.timedelta(days=n)
    tasks = Task.objects.bulk_create(
        [Task(plan=world.plan, title=f"第{i}项任务<b>", order=i) for i in range(n)])
    return ProgressReport.objects.bulk_create([
        ProgressReport(task=t, organization=world.dept, text="进展", percent=100 if completion else 40,
                       is_completion=completion, state=State.APPROVED, version=1,
                       submitted_at=start + dt.timedelta(days=i), approved_at=start + dt.timedelta(days=i))
        for i, t in enumerate(tasks)
    ])


def test_the_review_queue_counts_every_waiting_report_and_shows_one_page(world, login):
    rows = approved_reports(world, PER_PAGE * 2 + 7)
    office = login(world.users["office"])
    html = assert_escaped(office.get(reverse("reporting:review_queue")))
    assert f'<span class="count">{len(rows)}</span>' in html
    codes = [str(r.code) for r in rows]
    # the oldest approvals come first; the page holds exactly one page of them
    assert all(code in html for code in codes[:PER_PAGE])
    assert not any(code in html for code in codes[PER_PAGE:])
    last = body(office.get(reverse("reporting:review_queue"), {"reports": 3}))
    assert all(code in last for code in codes[PER_PAGE * 2:])
    assert codes[0] not in last


def test_paging_one_section_keeps_the_page_of_another(world, login):
    approved_reports(world, PER_PAGE + 1)
    completions = approved_reports(world, PER_PAGE + 1, completion=True)
    html = body(login(world.users["office"]).get(reverse("reporting:review_queue"), {"reports": 2, "completions": 2}))
    assert str(completions[-1].code) in html
    assert str(completions[0].code) not in html
    # the next-page links of one section carry the other's page
    assert "reports=2&amp;completions=1" in html


def test_the_review_queue_costs_the_same_queries_for_3_reports_as_for_300(world, login, django_assert_max_num_queries):
    office = login(world.users["office"])
    approved_reports(world, 3)
    with django_assert_max_num_queries(20) as small:
        office.get(reverse("reporting:review_queue"))
    approved_reports(world, 297)
    with django_assert_max_num_queries(len(small.captured_queries)):
        office.get(reverse("reporting:review_queue"))
