"""My work at a province's size: one row per task to report on, older missing rounds folded, pages."""
from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from luoshi.lib.paging import PER_PAGE
from luoshi.reporting.models import ProgressReport
from luoshi.reporting.queue_views import my_work_sections
from luoshi.work.models import Assignment, Task
from tests import factories as f
from tests.pages import assert_escaped, body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
State = ProgressReport.State
TODAY = dt.date(2026, 11, 26)


def monthly_rounds(plan, months=(8, 9, 10, 11)):
    return [f.reporting_round(plan, f"2026年{m}月", dt.date(2026, m, 1), dt.date(2026, m, 5)) for m in months]


def test_a_task_missing_several_rounds_is_one_row_with_the_newest_round_and_the_rest_folded(world, login):
    aug, sep, octo, nov = monthly_rounds(world.plan)
    # The city sent September's report and left a draft for November.
    f.report(world.task_b, world.city, state=State.SUBMITTED, round=sep, version=1)
    draft = f.report(world.task_b, world.city, state=State.DRAFT, round=nov, version=1)
    html = assert_escaped(login(world.users["city"]).get(reverse("reporting:my_work")))
    rows = [a for a in my_work_sections(world.users["city"], TODAY)["to_report"] if a.task_id == world.task_b.pk]
    assert len(rows) == 1
    assert rows[0].round_id == nov.pk and rows[0].missing_count == 3  # Nov (draft only), Oct, Aug
    assert reverse("reporting:report_edit", args=[draft.code]) in html  # continue the draft, not start anew
    assert "以及更早的 2 轮" in html or "and 2 earlier rounds" in html
    to_report = html[html.index('id="to-report"'):]
    to_report = to_report[:to_report.index("</section>")]
    assert to_report.count(f'href="{reverse("work:task_detail", args=[world.task_b.code])}"') == 1


def test_a_task_with_every_round_sent_is_not_on_the_list(world):
    for rnd in monthly_rounds(world.plan):
        f.report(world.task_b, world.city, state=State.APPROVED, round=rnd, version=1)
    assert not my_work_sections(world.users["city"], TODAY)["to_report"].filter(task=world.task_b).exists()


def test_my_work_counts_every_task_and_pages_them(world, login, django_assert_max_num_queries):
    monthly_rounds(world.plan)
    city = world.users["city"]
    client = login(city)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("reporting:my_work"))
    tasks = Task.objects.bulk_create(
        [Task(plan=world.plan, title=f"第{i}项<i>任务</i>", order=i, due=dt.date(2026, 12, 31)) for i in range(PER_PAGE * 2)])
    Assignment.objects.bulk_create(
        [Assignment(task=t, organization=world.city, role=Assignment.Role.LEAD, state=Assignment.State.SIGNED)
         for t in tasks])
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = body(client.get(reverse("reporting:my_work")))
    everything = Assignment.objects.filter(organization=world.city).count()  # tasks A and B and the new ones
    assert everything == PER_PAGE * 2 + 2
    assert f'<span class="count">{everything}</span>' in html
    assert "to_report=2" in html
