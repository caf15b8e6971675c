"""The plan page, the supervision board, the scorecard and a unit's home at a province's size.

Each page costs the same number of queries with 200 tasks in the plan as with 2,000 (a page
that looped over every task, or listed them all, would show it), shows one page of rows, and
counts what it does not list in the database. The tasks are written with bulk_create and their
status with one bulk refresh (luoshi.status.maintain), as `manage.py load_scale` does.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from luoshi.reporting.models import ProgressReport
from luoshi.status import maintain
from luoshi.status.lights import lights_for
from luoshi.status.models import TaskStatus
from luoshi.supervision.scorecard import scorecard
from luoshi.supervision.views import BOARD_PER_PAGE
from luoshi.work.models import Assignment, Task, WorkArea
from luoshi.work.progress import Status
from luoshi.work.views import TREE_PER_PAGE, WHOLE_TREE_UP_TO
from tests import factories as f
from tests.pages import assert_escaped, body, count_queries, shown

pytestmark = pytest.mark.django_db
TZ = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 4, 3, 10, 0, tzinfo=TZ)
TODAY = NOW.date()
State = ProgressReport.State


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def province(world):
    """What grow() needs besides the world: a closed March round, an open April one, a region, an area."""
    march = f.reporting_round(world.plan, "2026年3月", opens=dt.date(2026, 3, 1), deadline=dt.date(2026, 3, 5))
    f.reporting_round(world.plan, "2026年4月", opens=dt.date(2026, 4, 1), deadline=dt.date(2026, 4, 10))
    region = f.region("320600", "南通市", "prefecture")
    area, _ = WorkArea.objects.get_or_create(slug="ecology", defaults={"name": "生态环境"})
    return {"march": march, "region": region, "area": area}


def grow(world, province, n: int) -> list[Task]:
    """n more tasks in the plan: a tenth at the top, the rest under them, in bulk.

    Each is led by the city or the department, a third supported by the other city (one in
    eleven of those supports returned), one in seven still waiting to be signed for; due
    dates run from March to May (some overdue, some due soon, some undated); one in five
    has the lead unit's March report, on time or late.
    """
    first = Task.objects.count()
    top = max(1, n // 10)

    def task(i: int, parent=None) -> Task:
        k = first + i
        return Task(plan=world.plan, parent=parent, order=k, title=f"第{k}项重点任务<b>（{k % 7}）</b>",
                    due=None if k % 9 == 0 else dt.date(2026, 3, 1) + dt.timedelta(days=k % 70),
                    work_area=province["area"] if k % 4 == 0 else None)

    roots = Task.objects.bulk_create([task(i) for i in range(top)])
    kids = Task.objects.bulk_create([task(i, roots[(i // 2) % top]) for i in range(top, n)])
    tasks = roots + kids
    Task.objects.filter(pk__in=[t.pk for t in tasks]).update(created_at=dt.datetime(2026, 1, 5, tzinfo=TZ))
    assignments, reports, regions = [], [], []
    for t in tasks:
        lead = world.city if t.order % 2 else world.dept
        pending = t.order % 7 == 0
        assignments.append(Assignment(
            task=t, organization=lead, role=Assignment.Role.LEAD, due_to_sign=dt.date(2026, 3, 20),
            state=Assignment.State.PENDING if pending else Assignment.State.SIGNED,
            signed_at=None if pending else dt.datetime(2026, 3, 18 + t.order % 5, 9, tzinfo=TZ)))
        if t.order % 3 == 0:
            returned = t.order % 11 == 0
            assignments.append(Assignment(
                task=t, organization=world.other_city, role=Assignment.Role.SUPPORT,
                state=Assignment.State.RETURNED if returned else Assignment.State.SIGNED,
                return_reason="不属于本单位职责" if returned else ""))
        if t.order % 5 == 0:
            reports.append(ProgressReport(
                task=t, organization=lead, round=province["march"], text=f.hostile("进展"), percent=30 + t.order % 50,
                state=State.ACCEPTED, submitted_at=dt.datetime(2026, 3, 3 + t.order % 4, 20, tzinfo=TZ)))
        if t.order % 5 == 1:
            regions.append(Task.regions.through(task_id=t.pk, region_id=province["region"].pk))
    Assignment.objects.bulk_create(assignments)
    ProgressReport.objects.bulk_create(reports)
    Task.regions.through.objects.bulk_create(regions)
    maintain.refresh_tasks([t.pk for t in tasks])
    return tasks


def roots_of(world) -> list[Task]:
    return list(Task.objects.filter(plan=world.plan, parent__isnull=True).order_by("order", "pk"))


def urls(world, province) -> list[tuple[str, str]]:
    """(persona, url) of every page and view of a page this work made read only what it shows."""
    plan = reverse("work:plan_detail", args=[world.plan.code])
    board = reverse("supervision:board", args=[world.plan.code])
    root = roots_of(world)[5]
    child = root.children.order_by("order", "pk").first()
    return [
        ("office", plan),
        ("office", f"{plan}?open={root.code}&open={child.code}"),
        ("office", f"{plan}?light={Status.OVERDUE}&page=2"),
        ("office", f"{plan}?area={province['area'].slug}"),
        ("city", plan),
        ("office", board),
        ("office", f"{board}?light={Status.AT_RISK}&sort=-due&page=2"),
        ("office", f"{board}?unit={world.city.code}&region={province['region'].code}&sign=pending"),
        ("office", reverse("supervision:scorecard", args=[world.plan.code])),
        ("city", reverse("home")),
        ("leader", reverse("home") + "?tasks=3"),
        ("office", reverse("work:task_detail", args=[root.code])),
    ]


def test_every_page_costs_the_same_queries_at_200_tasks_as_at_2000(world, province, login):
    grow(world, province, 197)  # with the world's three: 200
    assert Task.objects.filter(plan=world.plan).count() == 200
    small = {(who, url): count_queries(login(world.users[who]), url) for who, url in urls(world, province)}
    grow(world, province, 1800)
    assert Task.objects.filter(plan=world.plan).count() == 2000
    large = {(who, url): count_queries(login(world.users[who]), url) for who, url in urls(world, province)}
    assert large == small
    assert max(large.values()) <= 30


def test_a_large_plan_shows_a_page_of_top_level_tasks_and_opens_one_in_place(world, province, login):
    grow(world, province, 600)
    client = login(world.users["office"])
    plan = reverse("work:plan_detail", args=[world.plan.code])
    html = assert_escaped(client.get(plan))
    roots = roots_of(world)
    assert len(roots) > TREE_PER_PAGE and Task.objects.count() > WHOLE_TREE_UP_TO
    assert html.count('class="depth-0"') == TREE_PER_PAGE and 'class="depth-1"' not in html
    for task in roots[:TREE_PER_PAGE]:
        assert shown(task.title) in html
    assert shown(roots[TREE_PER_PAGE].title) not in html
    assert "page=2" in html

    # Opening a task: a plain link to the same page with ?open=, its children right under it.
    root = roots[3]
    kids = list(root.children.order_by("order", "pk"))
    assert f"?open={root.code}#t-{root.code}" in html
    opened = body(client.get(f"{plan}?open={root.code}"))
    assert opened.count('class="depth-1"') == len(kids)
    positions = [opened.index(shown(t.title)) for t in [root, *kids, roots[4]]]
    assert positions == sorted(positions)
    # …and the link on the opened task closes it again.
    assert f'href="?#t-{root.code}"' in opened

    # The next page of top-level tasks keeps what is open.
    second = body(client.get(f"{plan}?open={root.code}&page=2"))
    assert shown(roots[TREE_PER_PAGE].title) in second and shown(root.title) not in second
    assert f"open={root.code}" in second


def test_a_unit_sees_its_tasks_at_the_top_when_their_parent_is_not_its_own(world, province, login):
    grow(world, province, 600)
    html = body(login(world.users["dept"]).get(reverse("work:plan_detail", args=[world.plan.code])))
    mine = {t.pk: t for t in Task.objects.filter(plan=world.plan, assignments__organization=world.dept)}
    # The department leads the even tasks: children of odd parents start trees of their own.
    top = sorted((t for t in mine.values() if t.parent_id not in mine), key=lambda t: (t.order, t.pk))
    assert any(t.parent_id for t in top)
    assert f"共 {len(mine)} 项，一级任务 {len(top)} 项" in html
    rows = re.findall(r'<tr class="depth-0" id="t-([0-9a-f-]{36})">', html)
    assert rows == [str(t.code) for t in top[:TREE_PER_PAGE]]
    assert shown(world.task_c.title) not in html


def test_the_filtered_plan_lists_every_match_a_page_at_a_time(world, province, login):
    tasks = grow(world, province, 300)
    lights = lights_for(Task.objects.filter(plan=world.plan), TODAY)
    overdue = sorted((t for t in Task.objects.filter(plan=world.plan) if lights[t.pk].status == Status.OVERDUE),
                     key=lambda t: (t.order, t.pk))
    assert len(overdue) > TREE_PER_PAGE and len(tasks) > WHOLE_TREE_UP_TO
    client = login(world.users["office"])
    plan = reverse("work:plan_detail", args=[world.plan.code])
    first = body(client.get(f"{plan}?light={Status.OVERDUE}"))
    second = body(client.get(f"{plan}?light={Status.OVERDUE}&page=2"))
    assert f"显示 {len(overdue)} 项" in first
    assert all(shown(t.title) in first for t in overdue[:TREE_PER_PAGE])
    assert all(shown(t.title) in second for t in overdue[TREE_PER_PAGE:2 * TREE_PER_PAGE])
    assert "light=overdue" in first and "page=2" in first


def board_rows(html: str) -> list[str]:
    """The task links of the board's rows, in order."""
    table = html[html.index('id="tasks"'):html.index("</table>")]
    return re.findall(r'href="/work/tasks/([0-9a-f-]{36})/"', table)


def test_the_board_counts_every_task_by_light_and_pages_them_by_due_date(world, province, login):
    grow(world, province, 400)
    everything = list(Task.objects.filter(plan=world.plan))
    lights = lights_for(everything, TODAY)
    by_light = Counter(lights[t.pk].status for t in everything)
    client = login(world.users["office"])
    board = reverse("supervision:board", args=[world.plan.code])
    html = assert_escaped(client.get(board))
    tiles = dict(re.findall(r'class="tile (\w+)" href="[^"]*light=\1"[^>]*><span class="count">(\d+)<', html))
    assert tiles == {status: str(by_light[status]) for status in Status.ALL}
    by_due = sorted(everything, key=lambda t: (t.due is None, t.due or TODAY, t.order, t.pk))
    assert board_rows(html) == [str(t.code) for t in by_due[:BOARD_PER_PAGE]]
    page2 = body(client.get(f"{board}?page=2"))
    assert board_rows(page2) == [str(t.code) for t in by_due[BOARD_PER_PAGE:2 * BOARD_PER_PAGE]]
    # Latest due first: dated tasks backwards, undated ones still last in plan order.
    dated = sorted((t for t in everything if t.due), key=lambda t: (t.due, t.order, t.pk), reverse=True)
    undated = sorted((t for t in everything if not t.due), key=lambda t: (t.order, t.pk))
    last = (len(everything) - 1) // BOARD_PER_PAGE + 1
    descending = [*dated, *undated]
    assert board_rows(body(client.get(f"{board}?sort=-due"))) == [str(t.code) for t in descending[:BOARD_PER_PAGE]]
    tail = board_rows(body(client.get(f"{board}?sort=-due&page={last}")))
    assert tail == [str(t.code) for t in descending[(last - 1) * BOARD_PER_PAGE:]]


def test_the_board_filters_by_unit_region_and_sign_for_in_the_database(world, province, login):
    grow(world, province, 400)
    client = login(world.users["office"])
    board = reverse("supervision:board", args=[world.plan.code])
    city_tasks = Task.objects.filter(plan=world.plan, assignments__organization=world.city)
    html = body(client.get(f"{board}?unit={world.city.code}"))
    assert f"显示 {city_tasks.count()} 项" in html
    assert f"{shown(world.city)} ({city_tasks.count()})" in html  # the unit choice with its count
    in_region = Task.objects.filter(plan=world.plan, regions=province["region"])
    assert f"显示 {in_region.count()} 项" in body(client.get(f"{board}?region={province['region'].code}"))
    unsigned = Task.objects.filter(plan=world.plan, completed_at__isnull=True,
                                   assignments__state=Assignment.State.PENDING).distinct()
    html = body(client.get(f"{board}?sign=pending&light={Status.OVERDUE}"))
    lights = lights_for(list(unsigned), TODAY)
    expected = sum(1 for t in unsigned if lights[t.pk].status == Status.OVERDUE)
    assert f"显示 {expected} 项" in html
    assert all(t in set(unsigned) for t in Task.objects.filter(code__in=board_rows(html)))
    assert "没有符合条件的任务。" in body(client.get(f"{board}?unit=not-a-code"))


def test_the_scorecard_at_2000_tasks_adds_up_as_its_definition_says(world, province):
    grow(world, province, 1997)
    march = province["march"]
    on_time_day = dt.date(2026, 3, 5)
    expected: dict[int, Counter] = {}
    submitted = {(r.task_id, r.organization_id) for r in ProgressReport.objects.filter(round=march)
                 if timezone.localdate(r.submitted_at) <= on_time_day}
    for a in Assignment.objects.filter(task__plan=world.plan).select_related("task"):
        c = expected.setdefault(a.organization_id, Counter())
        c["leads" if a.role == Assignment.Role.LEAD else "supports"] += 1
        if a.task.created_at.date() <= march.deadline:
            c["due"] += 1
            c["on_time"] += (a.task_id, a.organization_id) in submitted
        if a.due_to_sign and a.state == Assignment.State.SIGNED:
            c["received"] += 1
            c["signed_on_time"] += timezone.localdate(a.signed_at) <= a.due_to_sign
        elif a.due_to_sign and a.state == Assignment.State.PENDING and a.due_to_sign < TODAY:
            c["received"] += 1
    scores = {s.unit.pk: s for s in scorecard(world.plan, TODAY)}
    assert set(scores) == set(expected)
    for org_id, c in expected.items():
        s = scores[org_id]
        got = Counter({k: getattr(s, k) for k in ("leads", "supports", "due", "on_time", "received", "signed_on_time")})
        assert +got == +c, org_id
    assert scores[world.city.pk].on_time and scores[world.city.pk].on_time < scores[world.city.pk].due


def test_a_units_home_pages_its_tasks_by_due_date_and_counts_them_all(world, province, login):
    grow(world, province, 400)
    client = login(world.users["city"])
    mine = Task.objects.filter(assignments__organization=world.city).distinct()
    leads = Task.objects.filter(assignments__organization=world.city, assignments__role=Assignment.Role.LEAD)
    html = assert_escaped(client.get(reverse("home")))
    assert f"共 {mine.count()} 项任务，其中牵头 {leads.count()} 项" in html
    by_due = sorted(mine, key=lambda t: (t.due is None, t.due or TODAY, t.pk))
    tasks_section = html[html.index('id="tasks"'):]
    tasks_section = tasks_section[:tasks_section.index("</section>")]
    codes = re.findall(r'href="/work/tasks/([0-9a-f-]{36})/"', tasks_section)
    assert codes == [str(t.code) for t in by_due[:20]]
    assert "tasks=2#tasks" in tasks_section
    second = body(client.get(reverse("home") + "?tasks=2"))
    assert shown(by_due[20].title) in second


def test_the_board_and_the_plan_relight_rows_the_daily_refresh_has_not_moved_yet(world, province, login):
    grow(world, province, 300)
    later = NOW + dt.timedelta(days=30)  # a month on, and refresh_status has not run since
    with time_machine.travel(later, tick=False):
        everything = list(Task.objects.filter(plan=world.plan))
        lights = lights_for(everything, later.date())
        overdue = {str(t.code) for t in everything if lights[t.pk].status == Status.OVERDUE}
        stored = TaskStatus.objects.filter(task__plan=world.plan, light=Status.OVERDUE, computed_for=TODAY).count()
        assert stored < len(overdue)  # the stored lights are a month old
        client = login(world.users["office"])
        board = reverse("supervision:board", args=[world.plan.code])
        html = body(client.get(f"{board}?light={Status.OVERDUE}"))
        assert f"显示 {len(overdue)} 项" in html
        listed = set(board_rows(html))
        for page in range(2, (len(overdue) - 1) // BOARD_PER_PAGE + 2):
            listed |= set(board_rows(body(client.get(f"{board}?light={Status.OVERDUE}&page={page}"))))
        assert listed == overdue
        plan = body(client.get(reverse("work:plan_detail", args=[world.plan.code]) + f"?light={Status.OVERDUE}"))
        assert f"显示 {len(overdue)} 项" in plan
