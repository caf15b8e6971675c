"""Archived plans and tasks leave every list, count, board, scorecard, work list and reminder,
and still open on their own pages under a 已归档 banner (luoshi.work.archive, luoshi.work.current).

The day is 2026-04-03. In the world's plan, task_b (led by the city, overdue, with a sub-task)
is archived as read twice; a second plan confirmed by mistake ("the wrong plan", one task led by
the city and supported by the department) is archived whole. Each archived task has what would
otherwise put it on every list: it is overdue, has a report approved and one returned, one
submitted to the unit leader, an assignment unsigned past its date, an extension asked for.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from luoshi.reporting.models import ProgressReport
from luoshi.status.maintain import refresh_tasks
from luoshi.status.models import TaskStatus
from luoshi.supervision import actions, digest
from luoshi.supervision.models import Reminder
from luoshi.supervision.scorecard import scorecard
from luoshi.work.archive import archive_plan, archive_task
from luoshi.work.models import Assignment, ExtensionRequest, Task
from luoshi.work.progress import Status
from tests import factories as f
from tests.factories import HOSTILE_MARK
from tests.pages import count_queries

pytestmark = pytest.mark.django_db
State = ProgressReport.State
TODAY = dt.date(2026, 4, 3)
NOW = dt.datetime(2026, 4, 3, 10, 0)
REASON = "与第五项重复，误确认 <b>勿用</b>"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9)))


@dataclass
class Archived:
    sub: Task  # task_b's sub-task, archived with it
    wrong_plan: object
    wrong_task: Task  # the wrong plan's task
    tasks: list[Task]  # every archived task, and the wrong plan's


def _busy(task: Task, world, rnd) -> None:
    """Give a task what puts it on every list: overdue, reports in each state, unsigned, an extension."""
    task.due = dt.date(2026, 3, 31)
    task.start = dt.date(2026, 1, 1)
    task.save()
    f.report(task, world.city, State.APPROVED, round=rnd, submitted_at=at(dt.date(2026, 4, 1)),
             approved_at=at(dt.date(2026, 4, 1)))
    f.report(task, world.city_bureau, State.RETURNED, round=rnd, submitted_at=at(dt.date(2026, 4, 1)),
             approved_at=at(dt.date(2026, 4, 1)), review_comment="数据不全")
    f.report(task, world.city, State.SUBMITTED, submitted_at=at(dt.date(2026, 4, 2)))
    Assignment.objects.create(task=task, organization=world.city_bureau, role=Assignment.Role.SUPPORT,
                              due_to_sign=dt.date(2026, 4, 1))
    ExtensionRequest.objects.create(task=task, organization=world.city, requested_by=world.users["city"],
                                    requested_due=dt.date(2026, 6, 30), reason="汛期施工受限")


@pytest.fixture
def archived(world) -> Archived:
    for name, user in world.users.items():
        user.email = f"{name}@example.gov.cn"
        user.save(update_fields=["email"])
    # What stays current, and so must still show: task_a due in five days, task_c overdue.
    world.task_a.due = dt.date(2026, 4, 8)
    world.task_a.save()
    world.task_c.due = dt.date(2026, 3, 20)
    world.task_c.save()
    rnd = f.reporting_round(world.plan, opens=dt.date(2026, 4, 1), deadline=dt.date(2026, 4, 5))
    f.report(world.task_c, world.other_city, State.APPROVED, round=rnd, submitted_at=at(dt.date(2026, 4, 1)),
             approved_at=at(dt.date(2026, 4, 1)))

    sub = f.task(world.plan, lead=world.city, parent=world.task_b, due=dt.date(2026, 4, 6))
    wrong_plan = f.plan(world.group, title="误确认的二〇二六年重点工作安排")
    wrong_task = f.task(wrong_plan, lead=world.city, support=[world.dept])
    wrong_round = f.reporting_round(wrong_plan, opens=dt.date(2026, 4, 1), deadline=dt.date(2026, 4, 5))
    for task, round_ in ((world.task_b, rnd), (sub, rnd), (wrong_task, wrong_round)):
        _busy(task, world, round_)
    refresh_tasks(Task.objects.values_list("pk", flat=True), TODAY)

    office = world.users["office"]
    archive_task(office, world.task_b, REASON)
    archive_plan(office, wrong_plan, REASON)
    return Archived(sub, wrong_plan, wrong_task, [world.task_b, sub, wrong_task])


def link(task_or_plan) -> str:
    name = "work:task_detail" if isinstance(task_or_plan, Task) else "work:plan_detail"
    return reverse(name, args=[task_or_plan.code])


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert HOSTILE_MARK not in html and "<b>勿用</b>" not in html
    return html


def assert_hidden(html: str, archived: Archived) -> None:
    for task in archived.tasks:
        assert link(task) not in html


# --- homes, plan list, plan page ---------------------------------------------------------


def test_the_office_home_counts_and_lists_only_what_is_current(world, archived, login):
    client = login(world.users["office"])
    response = client.get("/")
    html = response.content.decode()
    assert response.context["task_count"] == 2  # task_a and task_c
    assert [row.plan for row in response.context["plan_rows"]] == [world.plan]
    assert sum(response.context["totals"].values()) == 2
    assert [t.pk for t in response.context["overdue"]] == [world.task_c.pk]
    assert {r.task_id for r in response.context["awaiting"]} == {world.task_c.pk}
    assert link(world.task_c) in html and link(archived.wrong_plan) not in html
    assert_hidden(html, archived)


def test_a_unit_home_counts_and_lists_only_its_current_tasks_and_reports(world, archived, login):
    # The city supports task_a, and led task_b, its sub-task and the wrong plan's task.
    response = login(world.users["city"]).get("/")
    html = response.content.decode()
    assert (response.context["total"], response.context["lead_count"]) == (1, 0)
    assert [t.pk for t in response.context["tasks"]] == [world.task_a.pk]
    for section in ("returned", "submitted", "drafts"):
        assert response.context[section].paginator.count == 0, section
    assert link(world.task_a) in html
    assert_hidden(html, archived)


def test_the_plan_list_leaves_the_archived_plan_out_and_counts_current_tasks(world, archived, login):
    client = login(world.users["office"])
    response = client.get(reverse("work:plan_list"))
    html = page(client, reverse("work:plan_list"))
    assert [row["plan"] for row in response.context["rows"]] == [world.plan]
    assert response.context["rows"][0]["total"] == 2
    assert link(archived.wrong_plan) not in html
    assert reverse("work:archived") in html


def test_only_the_office_is_shown_the_way_to_the_archived_list(world, archived, login):
    for persona in ("city", "member"):
        html = page(login(world.users[persona]), reverse("work:plan_list"))
        assert reverse("work:archived") not in html, persona
        assert link(archived.wrong_plan) not in html


def test_the_plan_page_tree_and_its_filters_leave_archived_tasks_out(world, archived, login):
    client = login(world.users["office"])
    url = link(world.plan)
    response = client.get(url)
    assert response.context["total"] == 2
    assert [row.task.pk for row in response.context["rows"]] == sorted(
        [world.task_a.pk, world.task_c.pk], key=lambda pk: Task.objects.get(pk=pk).order)
    assert_hidden(page(client, url), archived)
    overdue = client.get(url + "?light=" + Status.OVERDUE)
    assert [row.task.pk for row in overdue.context["rows"]] == [world.task_c.pk]
    assert_hidden(overdue.content.decode(), archived)


# --- supervision: index, board, scorecard, bulletin --------------------------------------


def test_the_supervision_index_leaves_the_archived_plan_out(world, archived, login):
    response = login(world.users["office"]).get(reverse("supervision:index"))
    assert [(p.pk, p.task_count) for p in response.context["plans"]] == [(world.plan.pk, 2)]


def test_the_board_lists_tiles_and_counts_only_current_tasks(world, archived, login):
    client = login(world.users["office"])
    url = reverse("supervision:board", args=[world.plan.code])
    response = client.get(url)
    assert {row.task.pk for row in response.context["rows"]} == {world.task_a.pk, world.task_c.pk}
    assert response.context["total"] == 2
    tiles = {s: n for s, n, _, _ in response.context["tiles"]}
    assert sum(tiles.values()) == 2 and tiles[Status.OVERDUE] == 1  # task_c; task_b was overdue too
    assert response.context["not_signed"] == 2  # task_a and task_c; task_b, also unsigned, is archived
    assert world.city_bureau not in response.context["units"]
    assert_hidden(page(client, url), archived)
    overdue = client.get(url + "?light=" + Status.OVERDUE)
    assert [row.task.pk for row in overdue.context["rows"]] == [world.task_c.pk]


def test_the_scorecard_counts_nothing_of_archived_tasks(world, archived):
    scores = {s.unit.pk: s for s in scorecard(world.plan, TODAY)}
    city = scores[world.city.pk]
    # The city only supports task_a now: it leads nothing, nothing overdue, nothing returned.
    assert (city.leads, city.supports, city.overdue, city.returns, city.extensions) == (0, 1, 0, 0, 0)
    assert world.city_bureau.pk not in scores
    assert scores[world.other_city.pk].overdue == 1


def test_the_bulletin_draft_leaves_archived_tasks_out(world, archived):
    from luoshi.supervision.bulletin import summarize

    summary = summarize(world.plan, TODAY)
    assert sum(summary.counts.values()) == 2
    listed = {line.task.pk for lines in summary.lines.values() for line in lines}
    assert listed == {world.task_a.pk, world.task_c.pk}
    assert not {u.task.pk for u in summary.unsigned} & {t.pk for t in archived.tasks}


# --- My work and the review queue --------------------------------------------------------


def test_my_work_lists_nothing_of_archived_tasks(world, archived, login):
    for persona in ("city", "leader"):
        response = login(world.users[persona]).get(reverse("reporting:my_work"))
        assert response.status_code == 200
        html = response.content.decode()
        for name in ("to_sign", "returned", "due_soon", "to_approve"):
            if name in response.context:
                assert all(
                    getattr(row, "task_id", getattr(row, "pk", None)) not in {t.pk for t in archived.tasks}
                    for row in response.context[name].object_list
                ), (persona, name)
        assert response.context["returned"].paginator.count == 0
        assert_hidden(html, archived)
    leader = login(world.users["leader"]).get(reverse("reporting:my_work"))
    assert leader.context["to_approve"].paginator.count == 0


def test_the_review_queue_leaves_archived_tasks_out(world, archived, login):
    client = login(world.users["office"])
    response = client.get(reverse("reporting:review_queue"))
    assert [r.task_id for r in response.context["reports"].object_list] == [world.task_c.pk]
    for name in ("completions", "extensions", "returned_assignments", "unsigned"):
        assert response.context[name].paginator.count == 0, name
    assert_hidden(response.content.decode(), archived)


# --- reminders -----------------------------------------------------------------------


def test_the_daily_reminders_skip_archived_tasks(world, archived):
    result = digest.send_digests(TODAY)
    assert result.digests > 0
    gone = {t.pk for t in archived.tasks}
    sent = set(Reminder.objects.values_list("task_id", flat=True))
    assert sent and not sent & gone
    # The current tasks are still reminded: task_a due soon to its lead, task_c's report to the office.
    assert Reminder.objects.filter(recipient=world.users["dept"], task=world.task_a,
                                   kind=Reminder.Kind.DUE_SOON).exists()
    assert Reminder.objects.filter(recipient=world.users["office"], task=world.task_c).exists()
    # The city has nothing current to do but report on task_a (a supporter).
    assert set(Reminder.objects.filter(recipient=world.users["city"]).values_list("task_id", flat=True)) == {
        world.task_a.pk}


def test_nobody_can_remind_an_archived_task(world, archived, login):
    office = world.users["office"]
    with pytest.raises(actions.ArchivedTask):
        actions.remind(office, world.task_b)
    with pytest.raises(actions.ArchivedTask):
        actions.remind(office, archived.wrong_task)
    client = login(office)
    response = client.post(reverse("supervision:remind_task", args=[world.task_b.code]), {"note": "请尽快"})
    assert response.status_code == 302
    assert not Reminder.objects.exists()
    html = page(client, link(world.task_b))
    assert reverse("supervision:remind_task", args=[world.task_b.code]) not in html
    assert actions.remind(office, world.task_a)  # a current task still can


# --- the roll-up ---------------------------------------------------------------------


def test_an_archived_child_leaves_its_parents_roll_up(world):
    parent = f.task(world.plan, lead=world.dept)
    kept = f.task(world.plan, lead=world.dept, parent=parent)
    dropped = f.task(world.plan, lead=world.dept, parent=parent)
    f.report(kept, world.dept, State.ACCEPTED, percent=80, submitted_at=at(dt.date(2026, 4, 1)))
    f.report(dropped, world.dept, State.ACCEPTED, percent=20, submitted_at=at(dt.date(2026, 4, 1)))
    refresh_tasks([kept.pk, dropped.pk], TODAY)
    assert TaskStatus.objects.get(task=parent).percent == pytest.approx(50)
    archive_task(world.users["office"], dropped, REASON)
    assert TaskStatus.objects.get(task=parent).percent == pytest.approx(80)
    # A later refresh of the parent keeps it out; the archived child keeps its own row for its page.
    refresh_tasks([parent.pk], TODAY)
    assert TaskStatus.objects.get(task=parent).percent == pytest.approx(80)
    assert TaskStatus.objects.get(task=dropped).percent == pytest.approx(20)


def test_a_task_archived_with_its_branch_still_rolls_up_its_sub_tasks(world):
    parent = f.task(world.plan, lead=world.dept)
    child = f.task(world.plan, lead=world.dept, parent=parent)
    f.report(child, world.dept, State.ACCEPTED, percent=60, submitted_at=at(dt.date(2026, 4, 1)))
    refresh_tasks([child.pk], TODAY)
    archive_task(world.users["office"], parent, REASON)
    refresh_tasks([parent.pk], TODAY)
    assert TaskStatus.objects.get(task=parent).percent == pytest.approx(60)


# --- detail pages, the banner and the archive link -----------------------------------


def test_archived_plan_and_task_pages_open_with_the_banner(world, archived, login):
    client = login(world.users["office"])
    for url in (link(world.task_b), link(archived.sub), link(archived.wrong_plan), link(archived.wrong_task)):
        html = page(client, url)
        assert "archived-banner" in html and "归档理由" in html, url
        assert ("随计划归档" if url == link(archived.wrong_task) else "已归档") in html, url
        assert "与第五项重复，误确认 &lt;b&gt;勿用&lt;/b&gt;" in html, url
        assert "2026-04-03" in html, url
        assert reverse("work:plan_archive", args=[archived.wrong_plan.code]) not in html
    # The archived plan's page still shows its task; the task page its archived sub-task.
    assert link(archived.wrong_task) in page(client, link(archived.wrong_plan))
    task_page = page(client, link(world.task_b))
    assert link(archived.sub) in task_page
    assert "归档了任务" in task_page and "task.archived" not in task_page  # the timeline names the act
    # The unit that led it still reads it, under the banner.
    assert "archived-banner" in page(login(world.users["city"]), link(world.task_b))


def test_current_pages_carry_no_banner_and_offer_the_office_the_archive_link(world, archived, login):
    client = login(world.users["office"])
    task_html = page(client, link(world.task_a))
    plan_html = page(client, link(world.plan))
    assert "archived-banner" not in task_html and "archived-banner" not in plan_html
    assert reverse("work:task_archive", args=[world.task_a.code]) in task_html
    assert reverse("work:plan_archive", args=[world.plan.code]) in plan_html


def test_a_unit_user_sees_no_archive_link_and_is_refused_the_archive_pages(world, archived, login):
    for persona in ("city", "leader", "member"):
        client = login(world.users[persona])
        task_url = reverse("work:task_archive", args=[world.task_a.code])
        plan_url = reverse("work:plan_archive", args=[world.plan.code])
        assert task_url not in page(client, link(world.task_a)), persona
        assert plan_url not in page(client, link(world.plan)), persona
        for url in (task_url, plan_url):
            assert client.get(url).status_code == 403, (persona, url)
            assert client.post(url, {"reason": "试图归档"}).status_code == 403, (persona, url)
    assert Task.objects.get(pk=world.task_a.pk).archived_at is None


# --- query counts --------------------------------------------------------------------


def test_leaving_archived_rows_out_costs_no_query_per_row(world, login):
    """The same pages before archiving and after archiving many tasks: the same query count."""
    client = login(world.users["office"])
    urls = [reverse("work:plan_list"), link(world.plan), reverse("supervision:board", args=[world.plan.code]),
            reverse("supervision:scorecard", args=[world.plan.code]), "/", reverse("reporting:review_queue")]
    before = {url: count_queries(client, url) for url in urls}
    for _ in range(12):
        task = f.task(world.plan, lead=world.city)
        f.report(task, world.city, State.APPROVED, submitted_at=at(dt.date(2026, 4, 1)),
                 approved_at=at(dt.date(2026, 4, 1)))
        archive_task(world.users["office"], task, REASON)
    after = {url: count_queries(client, url) for url in urls}
    assert after == before
